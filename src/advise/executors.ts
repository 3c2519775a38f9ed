import type { AnalyzeReport } from "../analyze/report.js";
import { readBoolean, type SparkConf, valueSet } from "../conf/sparkConf.js";
import { type ExplainInput, layoutWith } from "../model/index.js";
import type { Layout } from "../model/types.js";
import type { CountEvidence } from "./types.js";

/**
 * The number of executors from the most tasks that ran at once: with static allocation every executor is held
 * for the whole run, and those beyond what the job's widest moment used only wait. The widest moment is each
 * live executor's running tasks up to its slots (analyze's peakRunningTasks), the worst over the logs. Fewer
 * executors are advised when they would hold at least a quarter less; the count is checked through the model
 * (spark.executor.instances on YARN and Kubernetes, spark.cores.max on standalone).
 */
const WORTH = 0.25;

export interface ExecutorsAdvice {
  key: string;
  from: string | null;
  to: string;
  why: string;
  evidence: CountEvidence[];
}

export function adviseExecutors(
  reports: AnalyzeReport[],
  input: ExplainInput,
  conf: SparkConf,
  current: Layout,
  settings: Record<string, string | null>,
): ExecutorsAdvice | null {
  const e = current.executor;
  // dynamic allocation already releases idle executors; an unknown count has nothing to cut
  if (
    !e ||
    e.count === null ||
    e.count < 2 ||
    e.taskSlots < 1 ||
    readBoolean(conf, "spark.dynamicAllocation.enabled")
  )
    return null;
  const worst = reports.reduce(
    (a, r, log) =>
      r.application.peakRunningTasks > a.peak ? { peak: r.application.peakRunningTasks, log } : a,
    { peak: 0, log: 0 },
  );
  if (worst.peak === 0) return null; // no task ran: nothing says how wide the job is
  const need = Math.max(1, Math.ceil(worst.peak / e.taskSlots));
  if (need > e.count * (1 - WORTH)) return null;
  const standalone = current.clusterManager === "standalone";
  const key = standalone ? "spark.cores.max" : "spark.executor.instances";
  const to = String(standalone ? need * e.cores : need);
  let count: number | null;
  try {
    count = layoutWith(input, { ...settings, [key]: to }).executor?.count ?? null;
  } catch {
    count = null;
  }
  if (count !== need) return null; // the model does not give that many (a local-cluster's workers, a cap)
  const slots = e.count * e.taskSlots;
  return {
    key,
    from: valueSet(conf, key),
    to,
    why: `at most ${worst.peak} task${worst.peak === 1 ? "" : "s"} ran at once on ${e.count} executors × ${e.taskSlots} task slots (${slots}): ${need} executor${need === 1 ? "" : "s"} hold that many slots, the other ${e.count - need} only waited (static allocation holds them for the whole run)`,
    evidence: [
      { metric: "peak running tasks", executor: null, stage: null, count: worst.peak, log: worst.log },
      { metric: "task slots at start", executor: null, stage: null, count: slots, log: worst.log },
    ],
  };
}
