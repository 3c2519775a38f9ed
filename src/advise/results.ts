import type { AnalyzeReport } from "../analyze/report.js";
import { MiB, sizeSetting } from "../conf/byteString.js";
import { bytesToString } from "../conf/bytesToString.js";
import { readBytes, type SparkConf } from "../conf/sparkConf.js";
import { heapForResultsMiB, resultLimitMiB } from "../diagnose/advice/resultSize.js";
import type { Layout } from "../model/types.js";
import type { DiagnosedChange } from "./diagnosed.js";
import type { Evidence } from "./types.js";

/**
 * spark.driver.maxResultSize and the driver heap from the results the log's stages sent to the driver: a
 * stage's serialized results together (its tasks' Result Size) are what the limit is checked against
 * (TaskSetManager.canFetchMoreResults). Past half the limit, the next run's larger input fails the job; the
 * limit and the heap it needs are sized as diagnose sizes them after that failure (resultLimitMiB).
 */
export interface ResultsAdvice {
  changes: DiagnosedChange[];
}

export function adviseResults(reports: AnalyzeReport[], conf: SparkConf, current: Layout): ResultsAdvice {
  const none: ResultsAdvice = { changes: [] };
  const limit = readBytes(conf, "spark.driver.maxResultSize") ?? 0;
  if (limit <= 0) return none; // 0: no limit
  let worst: Evidence | null = null;
  reports.forEach((r, log) => {
    for (const s of r.stages)
      if (!worst || s.resultBytes > worst.bytes)
        worst = {
          metric: "Result Size of a stage's tasks",
          executor: null,
          stage: s.stageId,
          bytes: s.resultBytes,
          log,
        };
  });
  const w = worst as Evidence | null;
  if (!w || w.bytes < limit / 2) return none;
  const limitMiB = resultLimitMiB(w.bytes);
  if (limitMiB * MiB <= limit) return none;
  const seen = `stage ${w.stage} sent ${bytesToString(w.bytes)} of results to the driver, over half the ${bytesToString(limit)} spark.driver.maxResultSize allows`;
  const changes: DiagnosedChange[] = [
    {
      process: "driver",
      key: "spark.driver.maxResultSize",
      to: sizeSetting(limitMiB * MiB),
      bytes: limitMiB * MiB,
      why: `${seen}: 1.5 × that, at least 2 GiB`,
      evidence: [w],
    },
  ];
  const heapMiB = heapForResultsMiB(limitMiB);
  if (current.driver.heapBytes < heapMiB * MiB)
    changes.push({
      process: "driver",
      key: "spark.driver.memory",
      to: sizeSetting(heapMiB * MiB),
      bytes: heapMiB * MiB,
      why: `${seen}: a driver heap of twice the new limit, as results take more room deserialised`,
      evidence: [w],
    });
  return { changes };
}
