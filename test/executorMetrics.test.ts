import { describe, expect, it } from "vitest";
import {
  EXECUTOR_METRIC_NAMES,
  emptyMetricValues,
  metricValuesOf,
  namedMetrics,
  shsPeakMetrics,
  updatePeaks,
} from "../src/analyze/executorMetrics.js";

/**
 * ExecutorMetrics.compareAndUpdatePeakValues over metric values from logs: names this Spark's list knows
 * by index, and names a newer Spark logs (kept by name) — both must peak the same way.
 */
describe("executor metric peaks", () => {
  it("element-wise max over known names; an absent metric never wins", () => {
    const peaks = emptyMetricValues();
    updatePeaks(peaks, metricValuesOf({ JVMHeapMemory: 100, MinorGCCount: 3 }));
    updatePeaks(peaks, metricValuesOf({ JVMHeapMemory: 80, OnHeapExecutionMemory: 0 }));
    updatePeaks(peaks, metricValuesOf({ JVMHeapMemory: 120 }));
    expect(namedMetrics(peaks)).toEqual({ JVMHeapMemory: 120, OnHeapExecutionMemory: 0, MinorGCCount: 3 });
  });
  it("names outside Spark's list peak too: the larger value stays, a later smaller one does not replace it", () => {
    const peaks = emptyMetricValues();
    updatePeaks(peaks, metricValuesOf({ FutureGCTime: 7, JVMHeapMemory: 1 }));
    updatePeaks(peaks, metricValuesOf({ FutureGCTime: 5, OtherNew: 0 }));
    updatePeaks(peaks, metricValuesOf({ OtherNew: 2 }));
    expect(peaks.extra).toEqual({ FutureGCTime: 7, OtherNew: 2 });
    updatePeaks(peaks, metricValuesOf({ FutureGCTime: 9 }));
    expect(namedMetrics(peaks)).toEqual({ JVMHeapMemory: 1, FutureGCTime: 9, OtherNew: 2 });
  });
  it("the History Server's shape: every known name zero-filled in Spark's order, names it does not know left out", () => {
    const peaks = emptyMetricValues();
    updatePeaks(peaks, metricValuesOf({ FutureGCTime: 4, MajorGCTime: 12, bogus: "x" }));
    const shs = shsPeakMetrics(peaks);
    // JsonProtocol.executorMetricsFromJson reads only ExecutorMetricType.metricToOffset's names
    expect(Object.keys(shs)).toEqual([...EXECUTOR_METRIC_NAMES]);
    expect(shs.MajorGCTime).toBe(12);
    expect(shs.JVMHeapMemory).toBe(0);
    expect(metricValuesOf([1, 2])).toBeNull();
    expect(metricValuesOf(null)).toBeNull();
  });
});
