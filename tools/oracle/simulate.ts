import type { SimEvent } from "../../src/simulate/scenario.js";
import { MemorySimulator, type Step } from "../../src/simulate/simulator.js";
import { StaticMemoryManager, type StaticRegions } from "../../src/simulate/staticMemoryManager.js";
import { UnifiedMemoryManager, type UnifiedRegions } from "../../src/simulate/unifiedMemoryManager.js";
import { OracleJvm, type OracleVersion } from "./client.js";

/**
 * simulate's oracle (issue 16): random scenarios run by sparkmem's simulator and by Spark's own
 * UnifiedMemoryManager, MemoryStore and TaskMemoryManager (scripts/oracle/SparkmemMemorySim.java), compared
 * after every event: grant, evicted blocks and bytes, dropped bytes, spills, woken and waiting tasks, pools.
 */
export interface SimScenario {
  /** unified, or 2.4's static manager (spark.memory.useLegacyMode) with its own fixed pools. */
  manager: "unified" | "static";
  regions: UnifiedRegions;
  staticRegions: StaticRegions;
  /** What Spark's MemoryManager reads for its off-heap pools and its Tungsten memory mode. */
  conf: Record<string, string>;
  offHeap: boolean;
  events: SimEvent[];
}

/** mulberry32: a small seeded generator, so that a failing scenario is reproduced from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MiB = 1024 * 1024;

/** A random scenario; `legacy`: half of them on the static manager (Spark 2.4 has it). */
export function randomScenario(r: () => number, legacy = false): SimScenario {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const maxHeapMemory = int(16 * MiB, 4096 * MiB);
  // storageFraction must be in [0,1) (execution would be empty: Spark refuses to start)
  const fraction = pick([0, 0.1, 0.25, 0.3, 0.5, 0.5, 0.5, 0.7, 0.9, 0.99]);
  const offHeap = r() < 0.3;
  const offHeapSize = offHeap ? int(16 * MiB, 2048 * MiB) : 0;
  const conf: Record<string, string> = { "spark.memory.storageFraction": String(fraction) };
  if (offHeap) {
    conf["spark.memory.offHeap.enabled"] = "true";
    conf["spark.memory.offHeap.size"] = String(offHeapSize);
  }
  const regions: UnifiedRegions = {
    maxHeapMemory,
    // (maxMemory * storageFraction).toLong, as UnifiedMemoryManager.apply and MemoryManager compute them
    onHeapStorageRegionSize: Math.trunc(maxHeapMemory * fraction),
    maxOffHeapMemory: offHeapSize,
    offHeapStorageRegionSize: Math.trunc(offHeapSize * fraction),
  };
  const manager = legacy && r() < 0.5 ? "static" : "unified";
  const staticRegions: StaticRegions = {
    maxOnHeapExecutionMemory: int(8 * MiB, 1024 * MiB),
    maxOnHeapStorageMemory: int(8 * MiB, 3072 * MiB),
    maxOffHeapMemory: offHeapSize,
  };
  const tasks = int(1, 4);
  const execMax = offHeap ? offHeapSize : maxHeapMemory;
  const events: SimEvent[] = [];
  for (let n = int(4, 30); n > 0; n--) {
    const x = r();
    const task = int(1, tasks);
    const consumer = pick(["task", "sort", "agg"]);
    if (x < 0.35)
      events.push({ task, acquire: int(1, Math.max(1, Math.floor(execMax * 0.6 * r()))), consumer });
    else if (x < 0.5) events.push({ task, release: int(1, Math.floor(execMax * 0.4)), consumer });
    else if (x < 0.57) events.push({ task, end: true });
    else if (x < 0.8) {
      // the static manager refuses off-heap storage outright (a require, not a refusal to cache)
      const level = pick(
        offHeap && manager === "unified"
          ? (["MEMORY_ONLY", "MEMORY_AND_DISK", "OFF_HEAP"] as const)
          : (["MEMORY_ONLY", "MEMORY_AND_DISK"] as const),
      );
      const cacheMax = level === "OFF_HEAP" ? offHeapSize : maxHeapMemory;
      events.push({
        cache: {
          id: `rdd_${int(1, 3)}`,
          blocks: int(1, 8),
          // partitions from `first`, as a log's single puts are replayed
          ...(r() < 0.3 ? { first: int(1, 6) } : {}),
          blockBytes: int(1, Math.max(1, Math.floor(cacheMax / 4))),
          level,
        },
      });
    } else if (x < 0.88) events.push({ unpersist: `rdd_${int(1, 3)}` });
    else events.push({ read: `rdd_${int(1, 3)}` });
  }
  return { manager, regions, staticRegions, conf, offHeap, events };
}

/** One step as both sides report it. */
export interface Comparable {
  grantedBytes: number;
  evictedBlocks: string[];
  evictedBytes: number;
  droppedBytes: number;
  spills: { task: number; consumer: string; bytes: number }[];
  woken: { task: number; grantedBytes: number }[];
  waiting: number[];
  onHeap: number[];
  offHeap: number[];
}

/** Within a step, tasks' threads run side by side: spills and grants are compared per task, in order. */
const byTask = <T extends { task: number }>(xs: T[]) => [...xs].sort((a, b) => a.task - b.task);

const pools = (
  p: {
    storageUsedBytes: number;
    executionUsedBytes: number;
    storagePoolBytes: number;
    executionPoolBytes: number;
  } | null,
) =>
  p ? [p.storageUsedBytes, p.executionUsedBytes, p.storagePoolBytes, p.executionPoolBytes] : [0, 0, 0, 0];

export function ours(s: SimScenario): { steps: Comparable[]; raced: boolean[] } {
  const manager =
    s.manager === "static" ? new StaticMemoryManager(s.staticRegions) : new UnifiedMemoryManager(s.regions);
  const sim = new MemorySimulator(manager, s.offHeap ? "OFF_HEAP" : "ON_HEAP");
  const { steps } = sim.run(s.events);
  return {
    steps: steps.map((x: Step) => ({
      grantedBytes: x.grantedBytes,
      evictedBlocks: x.evictedBlocks,
      evictedBytes: x.evictedBytes,
      droppedBytes: x.droppedBytes,
      spills: byTask(x.spills),
      woken: byTask(x.woken.map(({ task, grantedBytes }) => ({ task, grantedBytes }))),
      waiting: [...x.waiting].sort((a, b) => a - b),
      onHeap: pools(x),
      offHeap: pools(x.offHeap),
    })),
    raced: steps.map((x) => x.raced),
  };
}

interface SparkStep {
  grantedBytes: number;
  evictions: { blockId: string; bytes: number; to: "disk" | "dropped" }[];
  spills: Comparable["spills"];
  woken: Comparable["woken"];
  waiting: number[];
  storageUsedBytes: number;
  executionUsedBytes: number;
  storagePoolBytes: number;
  executionPoolBytes: number;
  offHeap: Parameters<typeof pools>[0];
}

export function sparks(steps: SparkStep[]): Comparable[] {
  return steps.map((x) => ({
    grantedBytes: x.grantedBytes,
    evictedBlocks: x.evictions.map((e) => e.blockId),
    evictedBytes: x.evictions.reduce((a, e) => a + e.bytes, 0),
    droppedBytes: x.evictions.filter((e) => e.to === "dropped").reduce((a, e) => a + e.bytes, 0),
    spills: byTask(x.spills),
    woken: byTask(x.woken),
    waiting: [...x.waiting].sort((a, b) => a - b),
    onHeap: pools(x),
    offHeap: pools(x.offHeap),
  }));
}

export interface SimulateResult {
  version: string;
  checked: number;
  exact: number;
  steps: number;
  /** How much of the protocol the scenarios reached: steps with a wait, an eviction, a spill, a race. */
  reached: { waits: number; evictions: number; spills: number; woken: number; raced: number };
  /** Scenarios run on 2.4's static manager (the rest on the unified one). */
  staticScenarios: number;
  /**
   * Scenarios that agree up to a step where several waiting tasks woke at once and then differ: the JVM
   * gives those threads the monitor in no set order, so neither answer is Spark's only one.
   */
  racedApart: number;
  mismatches: { seed: number; step: number; event: SimEvent; spark: Comparable; ours: Comparable }[];
  answeredBy: string;
}

/** `n` random scenarios (seeds seed … seed + n − 1) through one version's classes. */
export async function simulateVersion(v: OracleVersion, n: number, seed: number): Promise<SimulateResult> {
  const jvm = new OracleJvm(v, "SparkmemMemorySim");
  const res: SimulateResult = {
    version: v.version,
    checked: 0,
    exact: 0,
    steps: 0,
    reached: { waits: 0, evictions: 0, spills: 0, woken: 0, raced: 0 },
    racedApart: 0,
    staticScenarios: 0,
    mismatches: [],
    answeredBy: "",
  };
  try {
    for (let i = 0; i < n; i++) {
      const s = randomScenario(rng(seed + i), v.version.startsWith("2.4."));
      const a = await jvm.ask({
        manager: s.manager,
        maxHeapMemory: s.regions.maxHeapMemory,
        onHeapStorageRegionSize: s.regions.onHeapStorageRegionSize,
        ...s.staticRegions,
        conf: s.conf,
        events: s.events,
      });
      if (!a.ok) throw new Error(`Spark ${v.version}, seed ${seed + i}: ${a.error}`);
      res.answeredBy = a.answeredBy ?? "";
      const spark = sparks(a.steps as SparkStep[]);
      const mine = ours(s);
      res.checked++;
      if (s.manager === "static") res.staticScenarios++;
      res.steps += spark.length;
      const bad = spark.findIndex((x, k) => JSON.stringify(x) !== JSON.stringify(mine.steps[k]));
      if (bad < 0) res.exact++;
      else if (mine.raced.slice(0, bad + 1).some(Boolean)) res.racedApart++;
      else
        res.mismatches.push({
          seed: seed + i,
          step: bad,
          event: s.events[bad] as SimEvent,
          spark: spark[bad] as Comparable,
          ours: mine.steps[bad] as Comparable,
        });
      for (const [k, x] of mine.steps.entries()) {
        if (x.waiting.length > 0) res.reached.waits++;
        if (x.evictedBlocks.length > 0) res.reached.evictions++;
        if (x.spills.length > 0) res.reached.spills++;
        if (x.woken.length > 0) res.reached.woken++;
        if (mine.raced[k]) res.reached.raced++;
      }
    }
  } finally {
    jvm.close();
  }
  return res;
}

async function main(): Promise<void> {
  const { selectedVersions } = await import("./client.js");
  const n = Number(process.env.SPARKMEM_SIMULATE_N ?? 2000);
  const seed = Number(process.env.SPARKMEM_SIMULATE_SEED ?? 20261205);
  for (const v of selectedVersions()) {
    const t0 = Date.now();
    const r = await simulateVersion(v, n, seed);
    console.log(
      `Spark ${r.version}: ${r.exact}/${r.checked} scenarios exact, ${r.racedApart} apart after a race, ${r.mismatches.length} mismatched (${r.staticScenarios} on the static manager; ${r.steps} steps; waits ${r.reached.waits}, evictions ${r.reached.evictions}, spills ${r.reached.spills}, woken ${r.reached.woken}, raced ${r.reached.raced}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    for (const m of r.mismatches.slice(0, 3)) console.log(JSON.stringify(m));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
