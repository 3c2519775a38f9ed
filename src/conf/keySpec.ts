import type { ByteUnit } from "./byteString.js";

/**
 * Every memory- and cores-related key sparkmem reads, as Spark declares it: type, unit of a bare
 * number, default, the versions it exists in, deprecated alternative names and the checks Spark
 * applies. Sources: core/src/main/scala/org/apache/spark/internal/config/package.scala,
 * config/Python.scala, resource-managers/{yarn,kubernetes}/.../Config.scala, SparkConf.scala.
 */
export type KeyKind = "bytes" | "double" | "int" | "long" | "boolean" | "string";

export interface AlternativeKey {
  key: string;
  /** Spark version that deprecated it in favour of the main key (SparkConf.configsWithAlternatives). */
  deprecatedSince: string;
}

export interface KeySpec {
  key: string;
  kind: KeyKind;
  /** For bytes: the unit of a number without suffix (bytesConf(ByteUnit.X)). */
  unit?: ByteUnit;
  /** Spark's default as Spark writes it; null when unset by default. */
  default: string | null;
  /** First Spark line that reads the key; `removedIn` the first that no longer does. */
  since: string;
  removedIn?: string;
  alternatives?: AlternativeKey[];
  /** Values Spark accepts, as Spark checks them (enforced in model/validate.ts). */
  range?: string;
  /** A newer key that takes precedence when both are set. */
  supersededBy?: string;
  /** Which layout the key moves: a process, or the cluster around it (not a Spark key). */
  scope: "driver" | "executor" | "am" | "memory" | "app" | "cluster" | "sql" | "testing";
  doc: string;
}

/** Declares one key (keeps the catalog files a plain list). */
export const k = (spec: KeySpec): KeySpec => spec;
