import { beforeAll, describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { analyzeLog } from "./support/fixtures.js";
import { SHARED } from "./support/shared.js";

/**
 * GC pressure as advise reads it: Spark's UI marks an executor's task time red when GC took over 10% of it
 * (executorspage.js, GCTimePercent = 0.1). Such a heap is not lowered, and a full one is raised.
 */
const fixture = (p: string) => new URL(`fixtures/spark-events/${p}`, SHARED).pathname;
/** EMR Spark 3.3 on Java 8: 9397M executors whose heap peaks stayed near 1 GiB, GC up to 13% of task time. */
const EMR = fixture("other/spark-rapids-tools/multiple_attempts/attempt_1_eventlog.zstd");
/** Spark 3.5.3 on Kubernetes: executor heaps used up to 3.92 GiB of 4g, GC under 1% of task time. */
const TAXI = fixture(
  "other/mcp-apache-spark-history-server/eventlog_v2_spark-110be3a8424d4a2789cb88134418217b",
);
const GiB = 1024 ** 3;

let emr: AnalyzeReport;
let taxi: AnalyzeReport;
beforeAll(async () => {
  [emr, taxi] = await Promise.all([analyzeLog(EMR), analyzeLog(TAXI)]);
});

describe("advise and GC pressure", () => {
  it("EMR: executor 10 spent 13% of its task time in GC: 9397M is not cut to the 1536m its sampled peaks allow", () => {
    const r = advise([emr]);
    expect(r.changes.find((c) => c.key === "spark.executor.memory")).toBeUndefined();
    expect(r.notes).toContain(
      "spark.executor.memory not lowered, though its peaks (JVMHeapMemory 1.07 GiB on 1, OnHeapUnifiedMemory 0.22 GiB on 3) would allow 1536m: executor 10 spent 13% of its task time in GC (2969 of 22238 ms; Spark's UI marks over 10% red)",
    );
    // without that executor's GC the same log would be cut to 1536m
    const calm: AnalyzeReport = {
      ...emr,
      executors: emr.executors.map((e) => ({ ...e, totalGCTime: Math.floor(e.totalDuration * 0.05) })),
    };
    expect(advise([calm]).changes.find((c) => c.key === "spark.executor.memory")?.to).toBe("1536m");
  });

  it("taxi: a full 4g heap is kept without GC pressure, raised to 6g with it (3.92 GiB × 1.3), with the GC figures", () => {
    expect(advise([taxi]).changes.find((c) => c.key === "spark.executor.memory")).toBeUndefined();
    const pressed: AnalyzeReport = {
      ...taxi,
      executors: taxi.executors.map((e) =>
        e.id === "3" ? { ...e, totalGCTime: Math.floor(e.totalDuration * 0.2) } : e,
      ),
    };
    const r = advise([pressed]);
    const heap = r.changes.find((c) => c.key === "spark.executor.memory");
    expect([heap?.from, heap?.to]).toEqual(["4g", "6g"]);
    expect(heap?.why).toMatch(/^higher: the heap is full and executor 3 spent 20% of its task time in GC/);
    expect(heap?.evidence.slice(-2)).toEqual([
      { metric: "totalGCTime (ms)", executor: "3", stage: null, count: 41822, log: 0 },
      { metric: "totalDuration (ms)", executor: "3", stage: null, count: 209111, log: 0 },
    ]);
    expect(r.advised.executor?.heapBytes).toBe(6 * GiB);
  });

  it("an executor with under 10 s of task time says nothing about GC", () => {
    const short: AnalyzeReport = {
      ...taxi,
      executors: taxi.executors.map((e) =>
        e.id === "3" ? { ...e, totalDuration: 9_000, totalGCTime: 5_000 } : e,
      ),
    };
    expect(advise([short]).changes.find((c) => c.key === "spark.executor.memory")).toBeUndefined();
  });
});
