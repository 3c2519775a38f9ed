import { describe, expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import { regionsOf } from "../src/simulate/regions.js";
import { simulate } from "../src/simulate/simulate.js";
import { MemorySimulator } from "../src/simulate/simulator.js";
import { UnifiedMemoryManager } from "../src/simulate/unifiedMemoryManager.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Issue 16's layout: executor 4g, Java 17 G1, Spark 3.5, fraction 0.6, storageFraction 0.5. */
function simulator() {
  const layout = explain({
    sparkVersion: "3.5.1",
    master: "yarn",
    javaVersion: 17,
    conf: { "spark.executor.memory": "4g" },
  });
  const executor = layout.executor;
  if (!executor) throw new Error("no executor");
  expect([executor.jvm.gc, executor.unifiedBytes, executor.storageRegionBytes]).toEqual([
    "G1",
    2388236697,
    1194118348,
  ]);
  return new MemorySimulator(new UnifiedMemoryManager(regionsOf(executor)));
}

describe("the worked examples (figures from Spark 3.5.9's and 4.3.0's own classes)", () => {
  it("16 MEMORY_ONLY blocks of 128 MiB, then a task acquires 1 GiB: 7 blocks evicted, oldest first", () => {
    const sim = simulator();
    const cached = sim.apply({
      cache: { id: "rdd_1", blocks: 16, blockBytes: 128 * MiB, level: "MEMORY_ONLY" },
    });
    // all 16 fit (2 GiB of 2.22): storage borrowed free execution memory, no eviction
    expect([cached.storageUsedBytes, cached.storagePoolBytes, cached.executionPoolBytes]).toEqual([
      2 * GiB,
      2 * GiB,
      2388236697 - 2 * GiB,
    ]);
    expect(cached.uncachedBlocks).toEqual([]);
    const step = sim.apply({ task: 1, acquire: GiB });
    expect(step.grantedBytes).toBe(1073741824);
    expect(step.evictedBlocks).toEqual([
      "rdd_1_0",
      "rdd_1_1",
      "rdd_1_2",
      "rdd_1_3",
      "rdd_1_4",
      "rdd_1_5",
      "rdd_1_6",
    ]);
    expect(step.evictedBytes).toBe(939524096);
    expect(step.droppedBytes).toBe(939524096);
    expect([step.storagePoolBytes, step.executionPoolBytes]).toEqual([1207959552, 1180277145]);
    expect([step.storageUsedBytes, step.executionUsedBytes]).toEqual([9 * 128 * MiB, GiB]);
    expect(step.waiting).toEqual([]);
  });

  it("nothing cached, tasks 1–4 acquire 1 GiB each: 1 and 2 get it, 3 waits below its 1/2N, and so does 4", () => {
    const sim = simulator();
    const [t1, t2, t3, t4] = [1, 2, 3, 4].map((task) => sim.apply({ task, acquire: GiB }));
    expect([t1?.grantedBytes, t2?.grantedBytes]).toEqual([GiB, GiB]);
    // free storage memory moved to execution without eviction
    expect(t2?.evictedBlocks).toEqual([]);
    expect([t2?.storagePoolBytes, t2?.executionPoolBytes]).toEqual([240753049, 2147483648]);
    // task 3: the pool grows by the 240753049 B storage had free, below 1/2N = 398039449 B: it waits
    expect(t3?.grantedBytes).toBe(0);
    expect(t3?.waiting).toEqual([3]);
    expect([t3?.storagePoolBytes, t3?.executionPoolBytes, t3?.executionUsedBytes]).toEqual([
      0,
      2388236697,
      2 * GiB,
    ]);
    expect(t4?.waiting).toEqual([3, 4]);
    // task 1 releases (and leaves: N = 3): both retry in wait-set order (4 waited again after 3 retried), as HotSpot hands the monitor over
    const released = sim.apply({ task: 1, release: GiB });
    expect(released.raced).toBe(true);
    expect(released.woken).toEqual([
      { task: 4, requestedBytes: GiB, grantedBytes: 796078899 },
      { task: 3, requestedBytes: GiB, grantedBytes: 518415974 },
    ]);
  });
});

describe("2.4's static memory manager (spark.memory.useLegacyMode), figures from Spark 2.4.8's own classes", () => {
  it("fixed pools: a task gets the whole 0.2 × 0.8 execution pool, storage never borrows, a waiter stays", () => {
    const layout = explain({
      sparkVersion: "2.4.8",
      master: "yarn",
      conf: { "spark.executor.memory": "4g", "spark.memory.useLegacyMode": "true" },
    });
    const r = simulate(layout, {
      process: "executor",
      events: [
        { task: 1, acquire: GiB },
        { cache: { id: "rdd_1", blocks: 20, blockBytes: 128 * MiB, level: "MEMORY_AND_DISK" } },
        { cache: { id: "rdd_2", blocks: 1, blockBytes: 128 * MiB, level: "MEMORY_ONLY" } },
        { task: 2, acquire: 512 * MiB },
      ],
    });
    const [acquire, cached, other, waits] = r.steps;
    // Runtime.maxMemory of -Xmx4g on Java 8 Parallel: 3817865216; × 0.2 × 0.8 and × 0.6 × 0.9
    expect([acquire?.grantedBytes, acquire?.executionPoolBytes, acquire?.storagePoolBytes]).toEqual([
      610858434, 610858434, 2061647216,
    ]);
    // 15 blocks fit the storage pool; the 16th would have to evict its own RDD's: 5 go to disk
    expect([cached?.storageUsedBytes, cached?.uncachedBlocks.length, cached?.evictedBlocks]).toEqual([
      15 * 128 * MiB,
      5,
      [],
    ]);
    expect([other?.evictedBlocks, other?.droppedBytes]).toEqual([["rdd_1_0"], 0]);
    expect([waits?.grantedBytes, waits?.waiting]).toEqual([0, [2]]);
    expect(r.notes[0]).toMatch(/^spark\.memory\.useLegacyMode: the static memory manager's fixed pools/);
  });
});
