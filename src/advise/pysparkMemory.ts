import type { AnalyzeReport } from "../analyze/report.js";
import { MiB } from "../conf/byteString.js";
import { type SparkConf, valueSet } from "../conf/sparkConf.js";
import { type ExplainInput, layoutWith } from "../model/index.js";
import type { Layout } from "../model/types.js";
import { sizeBytes } from "./diagnosed.js";
import { gib, headroomOf, memorySetting, worthChanging } from "./heap.js";
import type { AdviceChange, Evidence, Goal } from "./types.js";

/**
 * spark.executor.pyspark.memory: Python workers' own allowance in the container (YARN from 2.4, Kubernetes
 * from 3.0: the model's pysparkBytes), and a limit on each worker: PythonRunner hands every worker
 * pysparkMemory / executor cores (getWorkerMemoryMb) and worker.py sets it as RLIMIT_AS — the address space, not
 * the resident memory. The log has the Python processes' peaks summed over the executor's tree
 * (ProcessTreePythonVMemory, ProcessTreePythonRSSMemory), an upper bound of any one worker's, so the advised
 * allowance gives each worker the whole tree's address space × headroom: exact for one core, on the safe side
 * for more. Where it was set, it is resized (never lowered after a Python worker failed); where it was not, the
 * Python workers stay in memoryOverhead (overhead.ts sizes it from their RSS) and a note gives the value.
 */
const KEY = "spark.executor.pyspark.memory";
const STEP = 128 * MiB;
/** Python workers smaller than this are not worth an allowance of their own. */
const WORTH_NOTING = 256 * MiB;

export interface PysparkAdvice {
  change: AdviceChange | null;
  notes: string[];
}

interface PythonPeaks {
  vmem: Evidence | null;
  rss: Evidence | null;
}

function pythonPeaks(reports: AnalyzeReport[]): PythonPeaks {
  const peaks: PythonPeaks = { vmem: null, rss: null };
  reports.forEach((r, log) => {
    for (const e of r.executors) {
      if (e.id === "driver" || !e.peakMetrics) continue;
      for (const [name, slot] of [
        ["ProcessTreePythonVMemory", "vmem"],
        ["ProcessTreePythonRSSMemory", "rss"],
      ] as const) {
        const bytes = e.peakMetrics[name] ?? 0;
        if (bytes > (peaks[slot]?.bytes ?? 0))
          peaks[slot] = { metric: name, executor: e.id, stage: null, bytes, log };
      }
    }
  });
  return peaks;
}

export function advisePysparkMemory(
  reports: AnalyzeReport[],
  input: ExplainInput,
  conf: SparkConf,
  current: Layout,
  goal: Goal,
  /** Why the container must not be made smaller (a kill, a Python worker that died), or null. */
  notLower: string | null,
): PysparkAdvice {
  const e = current.executor;
  const set = valueSet(conf, KEY);
  const { vmem, rss } = pythonPeaks(reports);
  if (!e || !rss || !vmem) {
    const missing =
      set !== null && e
        ? [`the log has no Python process-tree peaks (ProcessTreePythonVMemory): ${KEY} kept`]
        : [];
    return { change: null, notes: missing };
  }
  const h = headroomOf(goal);
  const bytes = Math.ceil((vmem.bytes * h * e.cores) / STEP) * STEP;
  const to = memorySetting(bytes / MiB);
  const perWorker = `${gib(bytes / e.cores)} of address space per worker (${to} / ${e.cores} core${e.cores === 1 ? "" : "s"})`;
  const seen = `the executors' Python workers peaked at ${gib(rss.bytes)} resident, ${gib(vmem.bytes)} of address space (on ${vmem.executor})`;
  if (set === null) {
    const inContainer = (layoutWith(input, { [KEY]: to }).executor?.pysparkBytes ?? 0) > 0;
    return {
      change: null,
      notes:
        rss.bytes >= WORTH_NOTING && inContainer
          ? [
              `${seen}, counted in spark.executor.memoryOverhead; ${KEY}=${to} would give them an allowance of their own and limit each to ${perWorker} (RLIMIT_AS), so that a runaway worker fails with MemoryError instead of the container being killed`,
            ]
          : [],
    };
  }
  const was = sizeBytes(KEY, set) ?? 0;
  if (bytes < was && notLower) return { change: null, notes: [`${KEY} not lowered: ${notLower}`] };
  // the tree's sum bounds one worker from above: for several cores a raise needs a failure to show it was short
  const short = e.cores === 1 || notLower !== null;
  if (bytes > was && !short) return { change: null, notes: [] };
  if (bytes === was || (bytes < was && !worthChanging(was, bytes))) return { change: null, notes: [] };
  return {
    change: {
      process: "executor",
      key: KEY,
      from: set,
      to,
      why: `${seen}: ${bytes < was ? "lower" : "higher"}: the address space × ${h} headroom for each of ${e.cores} worker${e.cores === 1 ? "" : "s"} is ${to}, ${perWorker}, as RLIMIT_AS limits it; it was ${gib(was)}`,
      evidence: [vmem, rss],
    },
    notes: [],
  };
}
