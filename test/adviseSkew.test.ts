import { beforeAll, describe, expect, it } from "vitest";
import { advise } from "../src/advise/index.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { analyzeLog, FIXTURES } from "./support/fixtures.js";

/**
 * AQE's skew join from a stage's tasks (OptimizeSkewedJoin: a partition above skewedPartitionFactor 5 × the
 * median and above skewedPartitionThresholdInBytes 256MB is split). nds_q72 (Spark 3.5.3, AQE on by default) has
 * no data skew; one stage is given the task quantiles of a skewed join: the longest task 40 s against a 4 s
 * median, reading `maxRead` against a 20 MiB median.
 */
const NDS = new URL("spark-events/other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd", FIXTURES).pathname;
const MiB = 1024 ** 2;

let nds: AnalyzeReport;
beforeAll(async () => {
  nds = await analyzeLog(NDS);
}, 60_000);

function skewedLog(maxRead: number, props: Record<string, string> = {}, maxMs = 40_000): AnalyzeReport {
  const target = nds.stages[0]?.stageId;
  return {
    ...nds,
    environment: {
      ...nds.environment,
      sparkProperties: { ...nds.environment.sparkProperties, ...props },
    },
    stages: nds.stages.map((s) =>
      s.stageId === target
        ? {
            ...s,
            skew: maxMs / 4000,
            taskDurationMs: [1000, 3000, 4000, 5000, maxMs],
            taskShuffleReadBytes: [0, 10 * MiB, 20 * MiB, 30 * MiB, maxRead],
          }
        : s,
    ),
  };
}

const aqeChanges = (r: AnalyzeReport) =>
  Object.fromEntries(
    advise([r])
      .changes.filter((c) => c.key.startsWith("spark.sql.adaptive"))
      .map((c) => [c.key, c.to]),
  );

describe("advise: AQE's skew join", () => {
  it("a 600 MiB partition with AQE off: AQE on (the 256MB threshold already catches it)", () => {
    expect(aqeChanges(skewedLog(600 * MiB, { "spark.sql.adaptive.enabled": "false" }))).toEqual({
      "spark.sql.adaptive.enabled": "true",
    });
  });

  it("a 200 MiB partition under the 256MB threshold: the threshold comes down to half of it", () => {
    expect(aqeChanges(skewedLog(200 * MiB))).toEqual({
      "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes": "100m",
    });
  });

  it("a 110 MiB partition: the threshold never goes below the 64 MiB advisory size the pieces are cut to", () => {
    expect(aqeChanges(skewedLog(110 * MiB, { "spark.sql.adaptive.skewJoin.enabled": "false" }))).toEqual({
      "spark.sql.adaptive.skewJoin.enabled": "true",
      "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes": "64m",
    });
  });

  it("the evidence is the partition, the median and the two durations", () => {
    const c = advise([skewedLog(600 * MiB, { "spark.sql.adaptive.enabled": "false" })]).changes.find(
      (x) => x.key === "spark.sql.adaptive.enabled",
    );
    expect(c?.evidence.map((e) => ("bytes" in e ? e.bytes : e.count))).toEqual([
      600 * MiB,
      20 * MiB,
      40_000,
      4000,
    ]);
  });

  it("no change where the skew is not in the data, is too short to matter, or AQE already had its chance", () => {
    // the longest task read 4× the median: a slow task, not a large partition
    expect(aqeChanges(skewedLog(80 * MiB, { "spark.sql.adaptive.enabled": "false" }))).toEqual({});
    // 8 s longer than the median: under the 10 s that matters
    expect(aqeChanges(skewedLog(600 * MiB, { "spark.sql.adaptive.enabled": "false" }, 12_000))).toEqual({});
    const on = advise([skewedLog(600 * MiB)]);
    expect(on.changes.filter((c) => c.key.startsWith("spark.sql.adaptive"))).toEqual([]);
    expect(on.notes.some((n) => /not a join AQE splits/.test(n))).toBe(true);
  });

  it("the skewed stage's spill raises no heap: AQE's split is the fix", () => {
    const log = skewedLog(600 * MiB, { "spark.sql.adaptive.enabled": "false" });
    const target = nds.stages[0]?.stageId;
    const spilled = {
      ...log,
      stages: log.stages.map((s) =>
        s.stageId === target ? { ...s, memoryBytesSpilled: 64 * 1024 * MiB } : s,
      ),
    };
    const heap = (r: AnalyzeReport) => advise([r]).changes.find((c) => c.key === "spark.executor.memory")?.to;
    expect(heap(spilled)).toBe(heap(log));
    expect(heap(log)).toBe("25g");
  });
});
