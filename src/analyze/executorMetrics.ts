/**
 * Spark's executor metric names, in ExecutorMetricType.metricGetters order
 * (core/src/main/scala/org/apache/spark/metrics/ExecutorMetricType.scala). The History Server
 * prints every name it knows, zero-filled, as `peakMemoryMetrics`; logs carry the names of their
 * Spark version (TotalGCTime from 3.3, ConcurrentGC* from 4.0), so readers map by name.
 */
export const EXECUTOR_METRIC_NAMES = [
  "JVMHeapMemory",
  "JVMOffHeapMemory",
  "OnHeapExecutionMemory",
  "OffHeapExecutionMemory",
  "OnHeapStorageMemory",
  "OffHeapStorageMemory",
  "OnHeapUnifiedMemory",
  "OffHeapUnifiedMemory",
  "DirectPoolMemory",
  "MappedPoolMemory",
  "ProcessTreeJVMVMemory",
  "ProcessTreeJVMRSSMemory",
  "ProcessTreePythonVMemory",
  "ProcessTreePythonRSSMemory",
  "ProcessTreeOtherVMemory",
  "ProcessTreeOtherRSSMemory",
  "MinorGCCount",
  "MinorGCTime",
  "MajorGCCount",
  "MajorGCTime",
  "TotalGCTime",
  "ConcurrentGCCount",
  "ConcurrentGCTime",
] as const;

export type ExecutorMetricName = (typeof EXECUTOR_METRIC_NAMES)[number];
export type ExecutorMetrics = Record<string, number>;

/**
 * ExecutorMetrics.compareAndUpdatePeakValues: element-wise max. Returns false when `update` held
 * no metric at all (an empty or all-absent object), so callers know whether anything was seen.
 */
export function updatePeaks(peaks: ExecutorMetrics, update: unknown): boolean {
  if (typeof update !== "object" || update === null) return false;
  let seen = false;
  const u = update as Record<string, unknown>;
  // for…in, not Object.entries: this runs for every task end, and entries allocates a pair per metric
  for (const name in u) {
    const value = u[name];
    if (typeof value !== "number") continue;
    seen = true;
    const old = peaks[name];
    if (old === undefined || value > old) peaks[name] = value;
  }
  return seen;
}

/** The History Server's shape: every known name, zero where the log had none, log-only names kept. */
export function shsPeakMetrics(peaks: ExecutorMetrics): ExecutorMetrics {
  const out: ExecutorMetrics = {};
  for (const name of EXECUTOR_METRIC_NAMES) out[name] = peaks[name] ?? 0;
  for (const [name, v] of Object.entries(peaks)) if (!(name in out)) out[name] = v;
  return out;
}
