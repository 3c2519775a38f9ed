import type { KeySpec } from "./keySpec.js";
import { MEMORY_KEYS } from "./keys/memory.js";
import { PLATFORM_KEYS } from "./keys/platform.js";
import { PROCESS_KEYS } from "./keys/process.js";

export type { AlternativeKey, KeyKind, KeySpec } from "./keySpec.js";

/**
 * Every memory- and cores-related key sparkmem reads, as Spark declares it: type, unit of a bare
 * number, default, the versions it exists in, deprecated alternative names.
 */
export const CATALOG: readonly KeySpec[] = [...PROCESS_KEYS, ...MEMORY_KEYS, ...PLATFORM_KEYS];

const BY_KEY = new Map(CATALOG.map((s) => [s.key, s]));
const BY_ALTERNATIVE = new Map(
  CATALOG.flatMap((s) => (s.alternatives ?? []).map((a) => [a.key, s] as const)),
);

export function specOf(key: string): KeySpec | undefined {
  return BY_KEY.get(key);
}

/** The main spec for a deprecated alternative name, e.g. spark.yarn.executor.memoryOverhead. */
export function specForAlternative(key: string): KeySpec | undefined {
  return BY_ALTERNATIVE.get(key);
}

/** Hadoop settings may also arrive with Spark's spark.hadoop. prefix. */
export function clusterKeyName(key: string): string {
  return key.startsWith("spark.hadoop.yarn.") ? key.slice("spark.hadoop.".length) : key;
}
