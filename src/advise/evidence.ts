import type { AnalyzeReport } from "../analyze/report.js";
import type { AdvisedProcess, CountEvidence, Evidence } from "./types.js";

/**
 * The peaks advice is built on, per process kind, the worst over every executor of every log given (several
 * runs of one job: the worst run sizes it). Executor metrics are peaks over the run
 * (SparkListenerStageExecutorMetrics and task-end metrics, as the History Server takes them); a figure a log
 * does not carry is null, never 0.
 */
export interface ProcessEvidence {
  /** JVMHeapMemory: the used heap, garbage included. */
  heap: Evidence | null;
  /** What the unified region held: OnHeapUnifiedMemory, else OnHeapExecutionMemory + OnHeapStorageMemory. */
  unified: Evidence | null;
  /**
   * What lives outside the heap in the container: the larger of the JVM's RSS above its used heap and its
   * non-heap pools (JVMOffHeapMemory + DirectPoolMemory + MappedPoolMemory + OffHeapUnifiedMemory), plus the
   * Python workers' and other children's RSS; null without process-tree metrics (ProcessTree* absent or 0,
   * as Spark writes them when spark.executor.processTreeMetrics.enabled is false).
   */
  outsideHeap: Evidence | null;
  /** Where outsideHeap's figure came from, on the process it peaked in. */
  outsideHeapParts: Evidence[];
}

const v = (m: Record<string, number> | null, name: string) => m?.[name] ?? null;

/** The item with the most bytes (the first of equals), or null. */
function largest<T>(items: T[], bytes: (t: T) => number): T | null {
  return items.reduce<T | null>((a, c) => (a === null || bytes(c) > bytes(a) ? c : a), null);
}

/**
 * `profile`: only executors of that resource profile (stage-level scheduling, 3.1+): the application's settings
 * size the default profile's (0) executors, a profile's own requests its executors.
 */
export function processEvidence(
  reports: AnalyzeReport[],
  role: AdvisedProcess,
  profile: number | null = null,
): ProcessEvidence {
  const heaps: Evidence[] = [];
  const unified: Evidence[] = [];
  const outside: { total: Evidence; parts: Evidence[] }[] = [];
  reports.forEach((r, log) => {
    for (const e of r.executors) {
      if ((e.id === "driver") !== (role === "driver") || !e.peakMetrics) continue;
      if (role === "executor" && profile !== null && e.resourceProfileId !== profile) continue;
      const m = e.peakMetrics;
      const at = (metric: string, bytes: number): Evidence => ({
        metric,
        executor: e.id,
        stage: null,
        bytes,
        log,
      });
      const heap = v(m, "JVMHeapMemory");
      if (heap !== null) heaps.push(at("JVMHeapMemory", heap));
      const u = v(m, "OnHeapUnifiedMemory");
      const exec = v(m, "OnHeapExecutionMemory");
      const storage = v(m, "OnHeapStorageMemory");
      if (u !== null) unified.push(at("OnHeapUnifiedMemory", u));
      else if (exec !== null || storage !== null)
        unified.push(at("OnHeapExecutionMemory+OnHeapStorageMemory", (exec ?? 0) + (storage ?? 0)));
      const jvmRss = v(m, "ProcessTreeJVMRSSMemory");
      if (jvmRss === null || jvmRss <= 0) continue; // no process tree: the container's contents are not known
      const pools = ["JVMOffHeapMemory", "DirectPoolMemory", "MappedPoolMemory", "OffHeapUnifiedMemory"]
        .map((n) => [n, v(m, n) ?? 0] as const)
        .filter(([, b]) => b > 0);
      const poolBytes = pools.reduce((a, [, b]) => a + b, 0);
      const aboveHeap = jvmRss - (heap ?? 0);
      const jvmPart =
        aboveHeap >= poolBytes
          ? [at("ProcessTreeJVMRSSMemory-JVMHeapMemory", aboveHeap)]
          : pools.map(([n, b]) => at(n, b));
      const children = ["ProcessTreePythonRSSMemory", "ProcessTreeOtherRSSMemory"]
        .map((n) => at(n, v(m, n) ?? 0))
        .filter((x) => x.bytes > 0);
      const parts = [...jvmPart, ...children];
      const total = parts.reduce((a, p) => a + p.bytes, 0);
      outside.push({ total: at("outside the heap", total), parts });
    }
  });
  const most = largest(outside, (o) => o.total.bytes);
  return {
    heap: largest(heaps, (e) => e.bytes),
    unified: largest(unified, (e) => e.bytes),
    outsideHeap: most?.total ?? null,
    outsideHeapParts: most?.parts ?? [],
  };
}

/**
 * Stages that spilled execution memory to disk, by what an executor lacked at once, the largest first:
 * memoryBytesSpilled (the in-memory size of what was spilled) over the stage's tasks is what each task lacked
 * on average, and an executor runs `taskSlots` of them at a time (fewer when the stage has fewer tasks).
 */
export function spilledStages(reports: AnalyzeReport[], taskSlots: number): Evidence[] {
  const out: Evidence[] = [];
  reports.forEach((r, log) => {
    for (const s of r.stages) {
      if (s.memoryBytesSpilled <= 0) continue;
      const tasks = Math.max(1, s.numCompleteTasks + s.numFailedTasks);
      out.push({
        metric: "memoryBytesSpilled per executor",
        executor: null,
        stage: s.stageId,
        bytes: Math.ceil((s.memoryBytesSpilled / tasks) * Math.min(tasks, Math.max(1, taskSlots))),
        log,
      });
    }
  });
  return out.sort((a, b) => b.bytes - a.bytes);
}

/**
 * Spark's UI marks an executor's task time red when GC took over 10% of it (executorspage.js, GCTimePercent =
 * 0.1): the heap is collected so often that a smaller one would make it worse. The executor with the largest share
 * over that line, among those with at least MIN_GC_TASK_MS of task time (a few short tasks say little).
 */
export const GC_RED_SHARE = 0.1;
const MIN_GC_TASK_MS = 10_000;

export interface GcPressure {
  gc: CountEvidence;
  task: CountEvidence;
  share: number;
}

export function gcPressure(reports: AnalyzeReport[]): GcPressure | null {
  let worst: GcPressure | null = null;
  reports.forEach((r, log) => {
    for (const e of r.executors) {
      if (e.id === "driver" || e.totalDuration < MIN_GC_TASK_MS) continue;
      const share = e.totalGCTime / e.totalDuration;
      if (share > GC_RED_SHARE && (!worst || share > worst.share))
        worst = {
          share,
          gc: { metric: "totalGCTime (ms)", executor: e.id, stage: null, count: e.totalGCTime, log },
          task: { metric: "totalDuration (ms)", executor: e.id, stage: null, count: e.totalDuration, log },
        };
    }
  });
  return worst;
}
