import { type ContainerRole, heapKeyOf, overheadKeyOf } from "../../model/inverse.js";
import type { Change } from "../types.js";

export type Role = ContainerRole;

/** The keys that size a process's heap and overhead (the model's names). */
export const heapKey = (role: Role): string => heapKeyOf(role);
export const overheadKey = (role: Role): string => overheadKeyOf(role);

/** Deprecated aliases Spark still reads (SparkConf.configsWithAlternatives, deprecated since 2.3). */
const ALIASES: Record<string, string> = {
  "spark.executor.memoryOverhead": "spark.yarn.executor.memoryOverhead",
  "spark.driver.memoryOverhead": "spark.yarn.driver.memoryOverhead",
};

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
