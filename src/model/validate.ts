import { CATALOG, type KeySpec } from "../conf/catalog.js";
import { type ConfDialect, DEFAULT_DIALECT, requirementMessage } from "../conf/dialect.js";
import { SparkmemError } from "../conf/errors.js";
import {
  describeKey,
  lookup,
  readBoolean,
  readBytes,
  readDouble,
  readInt,
  readLong,
  readString,
  type SparkConf,
} from "../conf/sparkConf.js";
import { atLeast, type SparkVersion } from "../conf/version.js";
import type { ModelContext } from "./context.js";
import { refuseAboveMaxMiB, validateSizeLimits } from "./limits.js";
import { fractionRangeMessage, javaDoubleString } from "./messages.js";

export function keyExistsIn(spec: KeySpec, v: SparkVersion): boolean {
  return atLeast(v, spec.since) && (spec.removedIn === undefined || !atLeast(v, spec.removedIn));
}

/** Keys whose negative value Spark does not catch but which make no sense as memory. */
const NON_NEGATIVE_SIZES = [
  "spark.driver.memory",
  "spark.executor.memory",
  "spark.driver.memoryOverhead",
  "spark.executor.memoryOverhead",
  "spark.driver.minMemoryOverhead",
  "spark.executor.minMemoryOverhead",
  "spark.executor.pyspark.memory",
  "spark.yarn.am.memory",
  "spark.yarn.am.memoryOverhead",
];
const HEAP_KEYS = ["spark.driver.memory", "spark.executor.memory"];

/**
 * Reject what Spark would reject before any memory is computed: values of the wrong type, and
 * the range checks of config entries and SparkConf.validateSettings; then sizes past what Spark can size
 * (limits.ts: Int.MaxValue MiB). Throws SparkmemError.
 */
export function validateConf(ctx: ModelContext): void {
  const { conf, version } = ctx;
  const dialect = conf.dialect ?? DEFAULT_DIALECT;
  const checkValueMessage = (_v: SparkVersion, key: string, rendered: string, requirement: string) =>
    requirementMessage(dialect, key, rendered, requirement);
  for (const spec of CATALOG) {
    if (!keyExistsIn(spec, version) || !lookup(conf, spec)) continue;
    if (spec.key === "spark.task.cpus" && atLeast(version, "4.3")) continue; // a decimal since 4.3, below
    if (spec.kind === "bytes") readBytes(conf, spec.key);
    else if (spec.kind === "double") readDouble(conf, spec.key);
    else if (spec.kind === "int") readInt(conf, spec.key);
    else if (spec.kind === "long") readLong(conf, spec.key);
    else if (spec.kind === "boolean") readBoolean(conf, spec.key);
  }
  for (const key of NON_NEGATIVE_SIZES) {
    // a key the version does not have is ignored by Spark (minMemoryOverhead before 4.0)
    const spec = CATALOG.find((k) => k.key === key);
    if (spec && !keyExistsIn(spec, version)) continue;
    const v = readBytes(conf, key);
    if (v !== null && v < 0) {
      throw new SparkmemError(describeKey(conf, key), `${v} MiB is negative`, {
        expected: "a positive size such as 4g",
      });
    }
    // the heaps are bounded where their -Xmx is written: a bare number there may mean bytes (heap.ts)
    if (v !== null && !HEAP_KEYS.includes(key)) refuseAboveMaxMiB(conf, key, v);
  }
  const offHeap = readBytes(conf, "spark.memory.offHeap.size") as number;
  if (offHeap < 0) {
    throw new SparkmemError(describeKey(conf, "spark.memory.offHeap.size"), "is negative", {
      expected: "a size ≥ 0 such as 2g",
      sparkMessage: checkValueMessage(
        version,
        "spark.memory.offHeap.size",
        dialect.errorClasses ? `${offHeap}b` : String(offHeap),
        "The off-heap memory size must not be negative",
      ),
    });
  }
  for (const key of ["spark.memory.fraction", "spark.memory.storageFraction"]) {
    const v = readDouble(conf, key) as number;
    if (!(v >= 0 && v <= 1)) {
      throw new SparkmemError(describeKey(conf, key), `${javaDoubleString(v)} is outside 0..1`, {
        expected: "a fraction between 0 and 1",
        sparkMessage: fractionRangeMessage(key, v),
      });
    }
  }
  if (atLeast(version, "3.3")) {
    for (const who of ["driver", "executor"]) {
      const key = `spark.${who}.memoryOverheadFactor`;
      const f = readDouble(conf, key) as number;
      if (!(f > 0)) {
        throw new SparkmemError(describeKey(conf, key), `${javaDoubleString(f)} is not above 0`, {
          expected: "a factor > 0 such as 0.1",
          sparkMessage: checkValueMessage(
            version,
            key,
            javaDoubleString(f),
            "Ensure that memory overhead is a double greater than 0",
          ),
        });
      }
      refuseInfinite(conf, key, f);
    }
  }
  if (atLeast(version, "2.4")) {
    const key = "spark.kubernetes.memoryOverheadFactor";
    const f = readDouble(conf, key) as number;
    refuseInfinite(conf, key, f);
    const ok = atLeast(version, "3.3") ? f >= 0 : f >= 0 && f < 1;
    if (!ok) {
      const msg = atLeast(version, "3.3")
        ? "Ensure that memory overhead is non-negative"
        : "Ensure that memory overhead is a double between 0 --> 1.0";
      throw new SparkmemError(describeKey(conf, key), `${javaDoubleString(f)} is out of range`, {
        expected: atLeast(version, "3.3") ? "a factor ≥ 0" : "a factor in [0, 1)",
        sparkMessage: checkValueMessage(version, key, javaDoubleString(f), msg),
      });
    }
  }
  validateTaskCpus(ctx, dialect);
  for (const key of ["spark.executor.cores", "spark.driver.cores", "spark.yarn.am.cores"]) {
    const v = readInt(conf, key);
    if (v !== null && v <= 0) {
      throw new SparkmemError(describeKey(conf, key), `${v} is not a positive number of cores`, {
        expected: "an integer ≥ 1",
      });
    }
  }
  const instances = readInt(conf, "spark.executor.instances");
  if (instances !== null && instances < 0) {
    throw new SparkmemError(describeKey(conf, "spark.executor.instances"), `${instances} is negative`, {
      expected: "an integer ≥ 0",
    });
  }
  validateSizeLimits(ctx);
}

/** spark.task.cpus: int > 0 (the check exists from 4.2), decimalConf in [1E-9, 2147483647] from 4.3. */
function validateTaskCpus(ctx: ModelContext, dialect: ConfDialect): void {
  const { conf, version } = ctx;
  const key = "spark.task.cpus";
  const where = describeKey(conf, key);
  if (atLeast(version, "4.3")) {
    const text = (readString(conf, key) as string).trim();
    const v = Number(text);
    if (
      !/^[0-9]*\.?[0-9]{0,9}$/.test(text) ||
      text === "" ||
      text === "." ||
      !(v >= 1e-9 && v <= 2147483647)
    ) {
      throw new SparkmemError(where, `"${text}" is not a valid number of cpus per task`, {
        expected: "a positive number between 1E-9 and 2147483647 with at most 9 decimals",
        sparkMessage: requirementMessage(
          dialect,
          key,
          text,
          "Number of cores to allocate for each task must be a positive value between 1E-9 and 2147483647 (inclusive).",
        ),
      });
    }
    return;
  }
  const v = readInt(conf, key) as number;
  if (v <= 0) {
    throw new SparkmemError(where, `${v} is not a positive number of cores`, {
      expected: "an integer ≥ 1",
      ...(atLeast(version, "4.2")
        ? {
            sparkMessage: requirementMessage(
              dialect,
              key,
              String(v),
              "Number of cores to allocate for each task should be positive.",
            ),
          }
        : {}),
    });
  }
}

/**
 * Java reads "1e400" as Infinity and Spark's check (> 0) lets it through; factor × memory then saturates to
 * 2^63−1 MiB (Double.toLong) and no cluster can grant the container. Not Spark's refusal, but no layout either.
 */
function refuseInfinite(conf: SparkConf, key: string, f: number): void {
  if (Number.isFinite(f)) return;
  throw new SparkmemError(describeKey(conf, key), `${javaDoubleString(f)} is not a finite number`, {
    expected: "a factor such as 0.1 (factor × memory would overflow: no container can be granted)",
  });
}
