import { bytesToString } from "../conf/bytesToString.js";
import type { LogSimulation } from "../simulate/index.js";

const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : "–");

/** simulate --from-log as text: per stage, what the log saw and what the layout would give; then the cache. */
export function renderLogSimulationText(r: LogSimulation): string {
  const p = r.layout.executor ?? r.layout.driver;
  const out = [
    `sparkmem simulate --from-log: the log's tasks through the ${r.process} layout of Spark ${r.layout.sparkVersion} (${r.layout.clusterManager}), heap ${p.jvm.xmx}: unified ${bytesToString(p.unifiedBytes)}, ${p.taskSlots} task slots`,
    "",
    "stage  tasks  max task peak   spilled in the log         would spill or be short      waiting",
  ];
  for (const s of r.stages)
    out.push(
      `${String(s.stageId).padStart(5)}  ${String(s.tasks).padStart(5)}  ${bytesToString(s.maxTaskPeakBytes).padStart(13)}   ${`${s.observed.spilledTasks} tasks, ${bytesToString(s.observed.memorySpilledBytes)}`.padEnd(25)}  ${`${s.predicted.shortTasks} tasks, ${bytesToString(s.predicted.memorySpilledBytes)}${s.predicted.shortfallBytes > 0 ? ` (${bytesToString(s.predicted.shortfallBytes)} refused)` : ""}`.padEnd(27)}  ${s.predicted.waitingTasks}`,
    );
  const c = r.cache;
  out.push(
    "",
    c.blocks === 0
      ? "Cache: no cached block in the log."
      : `Cache: ${c.blocks} blocks, ${bytesToString(c.bytes)}; in memory in the log ${bytesToString(c.observedInMemoryBytes)} (${pct(c.observedInMemoryBytes, c.bytes)}), with this layout ${bytesToString(c.predictedInMemoryBytes)} (${pct(c.predictedInMemoryBytes, c.bytes)}); ${c.evictedBlocks} blocks evicted (${bytesToString(c.evictedBytes)}). At the end: ${bytesToString(c.observedAtEndBytes)} in memory in the log (${pct(c.observedAtEndBytes, c.bytes)}), ${bytesToString(c.predictedAtEndBytes)} with this layout (${pct(c.predictedAtEndBytes, c.bytes)}).`,
  );
  for (const n of r.notes) out.push(`Note: ${n}`);
  return `${out.join("\n")}\n`;
}
