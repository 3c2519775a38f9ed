import { specOf } from "./catalog.js";

/**
 * The name a Spark line reads a key by: before the release that renamed it, its deprecated alternative
 * (spark.yarn.executor.memoryOverhead before 2.3, when spark.executor.memoryOverhead took its place).
 */
export function keyAsOf(key: string, line: { major: number; minor: number } | null): string {
  if (!line) return key;
  for (const alt of specOf(key)?.alternatives ?? []) {
    const [maj, min] = alt.deprecatedSince.split(".").map(Number) as [number, number];
    if (line.major < maj || (line.major === maj && line.minor < min)) return alt.key;
  }
  return key;
}
