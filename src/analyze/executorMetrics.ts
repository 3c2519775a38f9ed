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
/** Metrics by name, as JSON shows them. */
export type ExecutorMetrics = Record<string, number>;

/**
 * One set of executor metric values (a task's, an update's, or running peaks): the known metrics by
 * index in EXECUTOR_METRIC_NAMES order, NaN where absent, and any name a newer Spark logs in `extra`.
 * Indexes, not a name-keyed object: this is updated for every task end.
 */
export interface MetricValues {
  known: number[];
  extra: ExecutorMetrics | null;
}

export const METRIC_INDEX: ReadonlyMap<string, number> = new Map(EXECUTOR_METRIC_NAMES.map((n, i) => [n, i]));

export function emptyMetricValues(): MetricValues {
  return { known: new Array<number>(EXECUTOR_METRIC_NAMES.length).fill(Number.NaN), extra: null };
}

/** A JSON "Executor Metrics" object; null when it is not an object. Non-number values are skipped. */
export function metricValuesOf(json: unknown): MetricValues | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const v = emptyMetricValues();
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value !== "number" || !Number.isFinite(value)) continue; // 1e400 reads as Infinity
    setMetric(v, name, value);
  }
  return v;
}

export function setMetric(v: MetricValues, name: string, value: number): void {
  const i = METRIC_INDEX.get(name);
  if (i !== undefined) v.known[i] = value;
  else {
    v.extra ??= {};
    v.extra[name] = value;
  }
}

/** ExecutorMetrics.compareAndUpdatePeakValues: element-wise max over the metrics `update` has. */
export function updatePeaks(peaks: MetricValues, update: MetricValues | null): void {
  if (update === null) return;
  const p = peaks.known;
  const u = update.known;
  for (let i = 0; i < u.length; i++) {
    const value = u[i] as number;
    // NaN is absent: it never wins, and anything beats it
    if (!Number.isNaN(value) && !(value <= (p[i] as number))) p[i] = value;
  }
  if (update.extra)
    for (const [name, value] of Object.entries(update.extra)) {
      const old = peaks.extra?.[name];
      if (old === undefined || value > old) setMetric(peaks, name, value);
    }
}

/** The metrics present, by name: the known ones in Spark's order, then the others. */
export function namedMetrics(v: MetricValues): ExecutorMetrics {
  const out: ExecutorMetrics = {};
  EXECUTOR_METRIC_NAMES.forEach((name, i) => {
    const value = v.known[i] as number;
    if (!Number.isNaN(value)) out[name] = value;
  });
  return { ...out, ...v.extra };
}

/**
 * The History Server's shape: every known name, zero where the log had none. Names it does not know
 * (a vendor's, e.g. Databricks' NettyDirectMemory) are dropped, as JsonProtocol.executorMetricsFromJson
 * reads only ExecutorMetricType.metricToOffset's names; namedMetrics keeps them.
 */
export function shsPeakMetrics(v: MetricValues): ExecutorMetrics {
  const out: ExecutorMetrics = {};
  EXECUTOR_METRIC_NAMES.forEach((name, i) => {
    const value = v.known[i] as number;
    out[name] = Number.isNaN(value) ? 0 : value;
  });
  return out;
}
