import type { StageSummary } from "./types.js";

/**
 * Skew worth a line: the longest task at least SKEW× the median, and longer than it by at least SKEW_MS (a
 * 3 s task beside 1 s ones delays no one).
 */
const SKEW = 2;
const SKEW_MS = 10_000;

export function skewed(s: StageSummary): boolean {
  const d = s.taskDurationMs;
  return s.skew !== null && s.skew >= SKEW && d !== null && d[4] - d[2] >= SKEW_MS;
}
