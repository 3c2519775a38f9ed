import type { Change } from "../types.js";

export type Role = "driver" | "executor" | "am";

/** The key that sizes a process's overhead (spark.yarn.*.memoryOverhead are the pre-2.3 names). */
export function overheadKey(role: Role): string {
  return role === "executor"
    ? "spark.executor.memoryOverhead"
    : role === "driver"
      ? "spark.driver.memoryOverhead"
      : "spark.yarn.am.memoryOverhead";
}

/** Deprecated aliases Spark still reads (SparkConf.configsWithAlternatives, deprecated since 2.3). */
const ALIASES: Record<string, string> = {
  "spark.executor.memoryOverhead": "spark.yarn.executor.memoryOverhead",
  "spark.driver.memoryOverhead": "spark.yarn.driver.memoryOverhead",
};

export function heapKey(role: Role): string {
  return role === "executor"
    ? "spark.executor.memory"
    : role === "driver"
      ? "spark.driver.memory"
      : "spark.yarn.am.memory";
}

export function javaOptionsKey(role: Role): string {
  return role === "executor"
    ? "spark.executor.extraJavaOptions"
    : role === "driver"
      ? "spark.driver.extraJavaOptions"
      : "spark.yarn.am.extraJavaOptions";
}

/** One change of `key` to `to`, from what the configuration has now (null: not set or none given). */
export function change(
  conf: Record<string, string> | null | undefined,
  key: string,
  to: string | null,
): Change {
  return { key, from: conf?.[key] ?? null, to };
}

/**
 * Setting `key` to `to`: if the configuration uses the deprecated alias, the change removes the
 * alias and sets the current name (Spark reads the current name first, so leaving both is a trap).
 */
export function setKey(conf: Record<string, string> | null, key: string, to: string | null): Change[] {
  const alias = ALIASES[key];
  const out: Change[] = [];
  if (alias && conf && conf[alias] !== undefined)
    out.push({ key: alias, from: conf[alias] as string, to: null });
  out.push(change(conf, key, to));
  return out;
}

/** A process role from a diagnose Process, executor by default. */
export function roleOf(p: string): Role {
  return p === "driver" ? "driver" : p === "am" ? "am" : "executor";
}
