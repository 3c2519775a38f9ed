import { beforeAll, describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import { modelConf } from "../src/analyze/environment.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { containerOf, layoutWith } from "../src/model/index.js";
import { analyzeLog, FIXTURES } from "./support/fixtures.js";

/**
 * Cores per executor when the heap a spill calls for is not granted: nds_q72 (YARN, 8 executors of 16 cores and
 * 40G, unified peak 11.8 GB) with one stage made to spill 2 GiB per task, so that an executor's 16 slots lacked
 * 32 GiB at once. With yarn.scheduler.maximum-allocation-mb at 56 GiB the ~100g heap that needs is not granted:
 * fewer cores, each slot with its share of the largest heap that is, and more executors for the same slots.
 */
const NDS = new URL("spark-events/other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd", FIXTURES).pathname;
const GiB = 1024 ** 3;
const CAP_MIB = 56 * 1024;

let spilled: AnalyzeReport;
beforeAll(async () => {
  const nds = await analyzeLog(NDS);
  const big = [...nds.stages].sort((a, b) => b.numTasks - a.numTasks)[0];
  if (!big) throw new Error("nds_q72 has no stage");
  spilled = {
    ...nds,
    stages: nds.stages.map((s) =>
      s === big ? { ...s, memoryBytesSpilled: 2 * GiB * s.numCompleteTasks } : s,
    ),
  };
}, 60_000);

const input = (r: AnalyzeReport) => ({ sparkVersion: "3.5.3", conf: modelConf(r.environment) });
const to = (a: ReturnType<typeof advise>, key: string) => a.changes.find((c) => c.key === key)?.to;

describe("advise: cores per executor", () => {
  it("without a cap the spill raises the heap and keeps the cores", () => {
    const a = advise([spilled]);
    expect(to(a, "spark.executor.cores")).toBeUndefined();
    expect(a.advised.executor?.heapBytes).toBeGreaterThan(90 * GiB);
  });

  it("under YARN's 56 GiB maximum: fewer cores share the largest heap that fits, the slots kept by executors", () => {
    const cap = { "yarn.scheduler.maximum-allocation-mb": String(CAP_MIB) };
    const a = advise([spilled], { conf: cap });
    const uncapped = advise([spilled]);
    const need = uncapped.changes.find((c) => c.key === "spark.executor.memory");
    const perSlot = (uncapped.advised.executor?.unifiedBytes ?? 0) / 16; // what one slot was found to need, at least
    const cores = Number(to(a, "spark.executor.cores"));
    expect(need).toBeDefined();
    expect(cores).toBeGreaterThanOrEqual(1);
    expect(cores).toBeLessThan(16);
    const e = a.advised.executor;
    // the container is granted, and its heap is the largest of whole 512 MiB that is
    expect(e?.containerAllocatedBytes).toBeLessThanOrEqual(CAP_MIB * 1024 ** 2);
    const heapMiB = (e?.heapBytes ?? 0) / 1024 ** 2;
    expect(heapMiB % 512).toBe(0);
    // 512 MiB more is asked above the maximum (YARN would refuse it: its grant is capped, the ask is not)
    const bigger = layoutWith(input(spilled), { ...cap, "spark.executor.memory": `${heapMiB + 512}m` });
    expect(containerOf(bigger, "executor")?.requestBytes).toBeGreaterThan(CAP_MIB * 1024 ** 2);
    expect(bigger.errors.map((x) => x.code)).toEqual(["yarn-container-above-max"]);
    // each slot holds what one needed (the uncapped advice's unified region over 16 slots is at least that);
    // one more core would not
    const need1 = (e?.unifiedBytes ?? 0) / (e?.taskSlots ?? 1);
    expect(e?.taskSlots).toBe(cores);
    const oneMore = layoutWith(input(spilled), {
      ...cap,
      "spark.executor.memory": `${heapMiB}m`,
      "spark.executor.cores": String(cores + 1),
    }).executor;
    expect((oneMore?.unifiedBytes ?? 0) / (cores + 1)).toBeLessThan(perSlot);
    expect(need1).toBeGreaterThanOrEqual(perSlot * 0.99);
    // 8 executors × 16 slots, kept
    expect(Number(to(a, "spark.executor.instances"))).toBe(Math.ceil((8 * 16) / cores));
    expect(a.advised.executor?.count).toBe(Math.ceil((8 * 16) / cores));
    expect(a.advised.errors).toEqual([]);
  });

  it("says so when not even one core's share fits", () => {
    const a = advise([spilled], { conf: { "yarn.scheduler.maximum-allocation-mb": "4096" } });
    expect(to(a, "spark.executor.cores")).toBeUndefined();
    expect(a.notes.some((n) => /even with 1 core/.test(n))).toBe(true);
  });
});
