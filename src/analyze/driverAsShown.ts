import type { ApplicationInfo, ExecutorSummary } from "./types.js";

/**
 * AppStatusStore shows the driver with the application's run time as its task time and its TotalGCTime metric
 * as its GC time (core/src/main/scala/org/apache/spark/status/AppStatusStore.scala); executors as they are.
 */
export function driverAsShown(e: ExecutorSummary, app: ApplicationInfo): ExecutorSummary {
  if (e.id !== "driver") return e;
  const { startTimeMs, endTimeMs } = app;
  return {
    ...e,
    totalDuration: startTimeMs !== null && endTimeMs !== null ? endTimeMs - startTimeMs : e.totalDuration,
    totalGCTime: e.peakMemoryMetrics?.TotalGCTime ?? e.totalGCTime,
  };
}
