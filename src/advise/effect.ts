import type { AnalyzeReport } from "../analyze/report.js";
import { GiB } from "../conf/byteString.js";
import type { Layout } from "../model/types.js";
import { processOf } from "./heap.js";
import type { AdvisedProcess, AdviseEffect, AdviseReport } from "./types.js";

const HOUR_MS = 3_600_000;

/** What the advice does to each process's heap and container, and to the memory the executors held. */
export function effectOf(reports: AnalyzeReport[], current: Layout, advised: Layout): AdviseEffect {
  const process = (role: AdvisedProcess) => {
    const [a, b] = [processOf(current, role), processOf(advised, role)];
    return a && b
      ? {
          heapBytes: { from: a.heapBytes, to: b.heapBytes },
          containerBytes: { from: a.containerAllocatedBytes, to: b.containerAllocatedBytes },
        }
      : null;
  };
  // every executor's lifetime, from the memory view of each log
  const lifetimes = reports.flatMap((r) =>
    "unavailable" in r.memory
      ? []
      : r.memory.executors.filter((e) => e.id !== "driver").map((e) => e.lifetimeMs),
  );
  const held = (l: Layout) => {
    const p = l.executor;
    const bytes = p ? (p.containerAllocatedBytes ?? p.heapBytes) : 0;
    return lifetimes.reduce<number>((a, ms) => a + ((ms ?? 0) / HOUR_MS) * (bytes / GiB), 0);
  };
  // another executor count (fewer, or more smaller ones for fewer cores): as many lifetimes, of the run's average
  const [n, m] = [current.executor?.count, advised.executor?.count];
  const share = n && m ? m / n : 1;
  const known = lifetimes.length > 0 && lifetimes.every((ms) => ms !== null);
  return {
    driver: process("driver") as NonNullable<ReturnType<typeof process>>,
    executor: process("executor"),
    executorGibHours: known ? { from: held(current), to: held(advised) * share } : null,
  };
}

/** high: every executor reported heap, unified and process-tree peaks; medium: all but the process tree. */
export function confidenceOf(reports: AnalyzeReport[]): AdviseReport["confidence"] {
  const executors = reports.flatMap((r) => r.executors.filter((e) => e.id !== "driver"));
  if (executors.length === 0) return "low";
  const has = (name: string) => executors.every((e) => (e.peakMetrics?.[name] ?? 0) > 0);
  if (!has("JVMHeapMemory")) return "low";
  return has("ProcessTreeJVMRSSMemory") ? "high" : "medium";
}
