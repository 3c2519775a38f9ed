import { beforeAll, describe, expect, it } from "vitest";
import { advise, evidenceBytes } from "../src/advise/index.js";
import type { AnalyzeReport } from "../src/analyze/index.js";
import { analyzeLog } from "./support/fixtures.js";
import { SHARED } from "./support/shared.js";

/**
 * spark.sql.shuffle.partitions from the stages that spilled (src/advise/partitions.ts), on nds_q72: Spark 3.5.3,
 * AQE on, 128 shuffle partitions, 8 executors × 16 cores; its stage 50 read 10.81 GiB in 128 tasks (81–91 MiB
 * each) and spilled nothing. A spill is put into that stage to see what the rule does with it; the real run
 * (tools/rerun, workload partitions) is in test/adviseRerun.test.ts.
 */
const NDS = new URL("fixtures/spark-events/other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd", SHARED)
  .pathname;
const GiB = 1024 ** 3;
let nds: AnalyzeReport;
beforeAll(async () => {
  nds = await analyzeLog(NDS);
});

/** nds_q72 with `bytes` spilled in stage 50 (and, when given, another task count for it). */
function spilled(bytes: number, numTasks?: number): AnalyzeReport {
  return {
    ...nds,
    stages: nds.stages.map((s) =>
      s.stageId === 50 ? { ...s, memoryBytesSpilled: bytes, numTasks: numTasks ?? s.numTasks } : s,
    ),
  };
}
const heapTo = (r: ReturnType<typeof advise>) => r.changes.find((c) => c.key === "spark.executor.memory")?.to;
const partitionChange = (r: ReturnType<typeof advise>) =>
  r.changes.find((c) => c.key.startsWith("spark.sql."));

describe("advise: shuffle partitions for stages that spilled", () => {
  it("no spill: no change, whatever the partitions' size", () => {
    expect(partitionChange(advise([nds]))).toBeUndefined();
  });

  it("tasks reading 87 MiB (under 2 × AQE's 64 MiB) are not split even when their stage spilled", () => {
    const r = advise([spilled(GiB)]);
    expect(partitionChange(r)).toBeUndefined();
    // a spill more partitions do not fix keeps the heap from being lowered (40G; 25g without the spill)
    expect(heapTo(r)).not.toBe("25g");
    expect(r.advised.executor?.heapBytes).toBeGreaterThanOrEqual(40 * GiB);
  });

  it("with a 32 MiB advisory size: 10.81 GiB / 32 MiB = 346 partitions, up to whole waves of 128 slots = 384", () => {
    const r = advise([spilled(GiB)], { conf: { "spark.sql.adaptive.advisoryPartitionSizeInBytes": "32m" } });
    const c = partitionChange(r);
    expect([c?.key, c?.from, c?.to]).toEqual(["spark.sql.shuffle.partitions", "128", "384"]);
    expect(c?.evidence.map((e) => [e.metric, e.stage])).toEqual([
      ["shuffle read per task (median)", 50],
      ["memoryBytesSpilled", 50],
    ]);
    expect(evidenceBytes(c?.evidence[0])).toBe(
      nds.stages.find((s) => s.stageId === 50)?.taskShuffleReadBytes?.[2],
    );
    // the spill the partitions fix neither raises the heap nor keeps it from being lowered: 40G → 25g as without it
    expect(heapTo(advise([nds]))).toBe("25g");
    expect(heapTo(r)).toBe("25g");
  });

  it("with AQE's initialPartitionNum set, that is the number a shuffle starts from and the key advised", () => {
    const r = advise([spilled(GiB)], {
      conf: {
        "spark.sql.adaptive.advisoryPartitionSizeInBytes": "32m",
        "spark.sql.adaptive.coalescePartitions.initialPartitionNum": "128",
        "spark.sql.shuffle.partitions": "1000",
      },
    });
    expect(partitionChange(r)?.key).toBe("spark.sql.adaptive.coalescePartitions.initialPartitionNum");
    expect(partitionChange(r)?.to).toBe("384");
  });

  it("a stage with another task count than the setting (repartition(n), coalesced) is not the setting's", () => {
    const r = advise([spilled(GiB, 100)], {
      conf: { "spark.sql.adaptive.advisoryPartitionSizeInBytes": "32m" },
    });
    expect(partitionChange(r)).toBeUndefined();
  });
});
