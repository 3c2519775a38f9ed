import { bytesToString } from "../conf/bytesToString.js";
import { describeEvent, type PoolState, type SimulateResult, type Step } from "../simulate/index.js";

const GLYPH = { storageUsed: "▓", storageFree: "░", executionUsed: "█", executionFree: "·" };

/** One pool pair as a bar of `width` columns: storage (used, free) then execution (used, free). */
export function poolBar(p: PoolState, width: number): string {
  const total = p.storagePoolBytes + p.executionPoolBytes;
  if (total <= 0) return "";
  const parts = [
    [GLYPH.storageUsed, p.storageUsedBytes],
    [GLYPH.storageFree, p.storagePoolBytes - p.storageUsedBytes],
    [GLYPH.executionUsed, p.executionUsedBytes],
    [GLYPH.executionFree, p.executionPoolBytes - p.executionUsedBytes],
  ] as const;
  // largest remainder, so the columns add up to the width
  const exact = parts.map(([, b]) => (b / total) * width);
  const cols = exact.map(Math.floor);
  let left = width - cols.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    cols[i] = (cols[i] ?? 0) + 1;
  }
  return parts.map(([g], i) => g.repeat(cols[i] ?? 0)).join("");
}

function pools(p: PoolState): string {
  return `storage ${bytesToString(p.storageUsedBytes)} of ${bytesToString(p.storagePoolBytes)} · execution ${bytesToString(p.executionUsedBytes)} of ${bytesToString(p.executionPoolBytes)}`;
}

function blocks(ids: string[]): string {
  return ids.length <= 3 ? ids.join(", ") : `${ids[0]} … ${ids.at(-1)}`;
}

/** What happened in one step, in words (also the web page's Simulate view's). */
export function stepOutcome(s: Step): string[] {
  const out: string[] = [];
  const e = s.event;
  if ("acquire" in e) {
    if (s.waiting.includes(e.task) && s.grantedBytes === 0 && !s.woken.some((w) => w.task === e.task))
      out.push("waits: below its 1/2N of the execution pool, until another task releases memory");
    else
      out.push(
        `granted ${bytesToString(s.grantedBytes)}${s.grantedBytes < e.acquire ? ` of ${bytesToString(e.acquire)}` : ""}`,
      );
  }
  if ("cache" in e && s.uncachedBlocks.length > 0)
    out.push(
      `${s.uncachedBlocks.length} block${s.uncachedBlocks.length > 1 ? "s" : ""} did not fit (${blocks(s.uncachedBlocks)}): ${e.cache.level === "MEMORY_ONLY" ? "not cached, recomputed when read" : "written to disk"}`,
    );
  if (s.evictedBlocks.length > 0)
    out.push(
      `evicted ${s.evictedBlocks.length} block${s.evictedBlocks.length > 1 ? "s" : ""} (${bytesToString(s.evictedBytes)}: ${blocks(s.evictedBlocks)})${s.droppedBytes > 0 ? `, ${bytesToString(s.droppedBytes)} dropped` : ""}${s.droppedBytes < s.evictedBytes ? `, ${bytesToString(s.evictedBytes - s.droppedBytes)} to disk` : ""}`,
    );
  for (const sp of s.spills) out.push(`task ${sp.task}'s ${sp.consumer} spilled ${bytesToString(sp.bytes)}`);
  for (const w of s.woken)
    out.push(
      `task ${w.task} woke and got ${bytesToString(w.grantedBytes)}${w.grantedBytes < w.requestedBytes ? ` of ${bytesToString(w.requestedBytes)}` : ""}`,
    );
  return out;
}

/** simulate's text: the layout's regions, then each step with the pools after it as a bar. */
export function renderSimulateText(r: SimulateResult, width = 60): string {
  const p = r.process === "executor" && r.layout.executor ? r.layout.executor : r.layout.driver;
  const out = [
    `sparkmem simulate: the ${r.process} of Spark ${r.layout.sparkVersion} (${r.layout.clusterManager}), heap ${p.jvm.xmx}: unified ${bytesToString(p.unifiedBytes)}, storage region ${bytesToString(p.storageRegionBytes)} (immune to eviction)`,
    `  ${GLYPH.storageUsed} cached  ${GLYPH.storageFree} storage free  ${GLYPH.executionUsed} execution used  ${GLYPH.executionFree} execution free`,
    "",
  ];
  for (const [i, s] of r.steps.entries()) {
    out.push(`${String(i + 1).padStart(3)}  ${describeEvent(s.event)}`);
    for (const line of stepOutcome(s)) out.push(`       ${line}`);
    out.push(`       [${poolBar(s, width)}] ${pools(s)}`);
    if (s.offHeap) out.push(`       off-heap [${poolBar(s.offHeap, width - 9)}] ${pools(s.offHeap)}`);
    if (s.waiting.length > 0) out.push(`       waiting: task ${s.waiting.join(", ")}`);
  }
  const m = r.summary;
  out.push(
    "",
    `Summary: granted ${bytesToString(m.grantedBytes)}; ${m.shortfallBytes > 0 ? `${bytesToString(m.shortfallBytes)} asked for and not granted (those operators spill); ` : ""}evicted ${m.evictedBlocks} blocks (${bytesToString(m.evictedBytes)}, ${bytesToString(m.droppedBytes)} dropped); not cached ${bytesToString(m.uncachedBytes)}; spilled ${bytesToString(m.spilledBytes)}${m.waitingAtEnd.length > 0 ? `; still waiting: task ${m.waitingAtEnd.join(", ")}` : ""}`,
  );
  for (const n of r.notes) out.push(`Note: ${n}`);
  return `${out.join("\n")}\n`;
}
