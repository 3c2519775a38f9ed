import type { AnalyzeReport } from "../analyze/report.js";
import { readBoolean, readInt, type SparkConf, valueSet } from "../conf/sparkConf.js";
import { type ExplainInput, layoutWith } from "../model/index.js";
import type { Layout } from "../model/types.js";
import type { AdviceChange, CountEvidence } from "./types.js";

/**
 * Dynamic allocation's start: Spark starts max(minExecutors, initialExecutors, spark.executor.instances)
 * executors (Utils.getDynamicAllocationInitialExecutors, core/src/main/scala/org/apache/spark/util/Utils.scala),
 * and an executor that gets no task is only released after spark.dynamicAllocation.executorIdleTimeout
 * (ExecutorMonitor). Executors of that first request that never ran a task were asked for nothing: the start
 * is advised down to the ones that did, when that holds at least a quarter fewer; more are still added while
 * tasks wait (schedulerBacklogTimeout), so a smaller start does not cap the job.
 */
const WORTH = 0.25;
const INSTANCES = "spark.executor.instances";
const INITIAL = "spark.dynamicAllocation.initialExecutors";
const MIN = "spark.dynamicAllocation.minExecutors";

interface StartUse {
  log: number;
  started: number;
  unused: number;
  /** The unused executors' lifetimes, summed (ms). */
  idleMs: number;
}

/** The executors a log started with (the first `started` added) and how many of them ran no task. */
function startUse(r: AnalyzeReport, log: number, started: number): StartUse {
  const end = r.application.endTimeMs;
  const first = r.executors
    .filter((e) => e.id !== "driver" && e.addTimeMs !== null)
    .sort((a, b) => (a.addTimeMs as number) - (b.addTimeMs as number))
    .slice(0, started);
  const unused = first.filter((e) => e.totalTasks === 0);
  const idleMs = unused.reduce((a, e) => {
    const until = e.removeTimeMs ?? end;
    return a + (until === null ? 0 : Math.max(0, until - (e.addTimeMs as number)));
  }, 0);
  return { log, started: first.length, unused: unused.length, idleMs };
}

export function adviseDynamicAllocation(
  reports: AnalyzeReport[],
  input: ExplainInput,
  conf: SparkConf,
  current: Layout,
  settings: Record<string, string | null>,
): AdviceChange[] {
  const e = current.executor;
  if (!e || e.count === null || e.count < 2 || !readBoolean(conf, "spark.dynamicAllocation.enabled"))
    return [];
  const n = e.count;
  // the run that needed the most of its start sizes it
  const use = reports
    .map((r, log) => startUse(r, log, n))
    .filter((u) => u.started === n)
    .reduce<StartUse | null>((a, u) => (a === null || u.unused < a.unused ? u : a), null);
  if (!use || use.unused < n * WORTH) return [];
  const min = readInt(conf, MIN) ?? 0;
  // a minExecutors above what ran is a floor held idle for the whole run: it comes down too
  const target = Math.max(n - use.unused, 1);
  if (target > n * (1 - WORTH)) return [];
  const initial = readInt(conf, INITIAL);
  const instances = readInt(conf, INSTANCES);
  const to: Record<string, string | null> = {};
  // spark.executor.instances with dynamic allocation only raises the start: it goes, initialExecutors says it
  if (instances !== null && instances > target) to[INSTANCES] = null;
  if (min > target) to[MIN] = String(target);
  if ((initial ?? min) !== target) to[INITIAL] = String(target);
  let count: number | null;
  try {
    count = layoutWith(input, { ...settings, ...to }).executor?.count ?? null;
  } catch {
    count = null;
  }
  if (count !== target) return [];
  // a bare number is seconds (timeConf(TimeUnit.SECONDS)); Spark's default is 60s
  const idle = valueSet(conf, "spark.dynamicAllocation.executorIdleTimeout") ?? "60s";
  const held = Math.round(use.idleMs / use.unused / 1000);
  const evidence: CountEvidence[] = [
    { metric: "executors at start", executor: null, stage: null, count: n, log: use.log },
    {
      metric: "executors at start that ran no task",
      executor: null,
      stage: null,
      count: use.unused,
      log: use.log,
    },
    {
      metric: "seconds those executors were held",
      executor: null,
      stage: null,
      count: Math.round(use.idleMs / 1000),
      log: use.log,
    },
  ];
  const why = `dynamic allocation started ${n} executors (max of minExecutors ${min}, initialExecutors ${initial ?? min}, ${INSTANCES} ${instances ?? 0}); ${use.unused} of them ran no task and were held ${held} s each on average until executorIdleTimeout (${/^\d+$/.test(idle) ? `${idle}s` : idle}) released them: starting ${target} is enough, more are added while tasks wait`;
  return Object.entries(to).map(([key, value]) => ({
    process: "executor",
    key,
    from: valueSet(conf, key),
    to: value,
    why,
    evidence,
  }));
}
