import type { SparkVersion } from "../conf/version.js";
import { atLeast } from "../conf/version.js";

/**
 * Spark's own start-up texts, per version. Sources: UnifiedMemoryManager.getMaxMemory,
 * common/utils/src/main/resources/error/error-conditions.json (3.5+: INVALID_DRIVER_MEMORY,
 * INVALID_EXECUTOR_MEMORY; 4.0 adds " SQLSTATE: F0000" and joins the message lines with "\n"),
 * YARN Client.verifyClusterResources, SparkContext and SparkConf.validateSettings.
 */
export function minSystemMemoryMessage(
  v: SparkVersion,
  role: "driver" | "executor",
  system: number,
  min: number,
): string {
  if (atLeast(v, "4.3")) {
    // SPARK-58513: sub-classes, and an executor's own heap gets the executor text
    return role === "executor"
      ? `[INVALID_EXECUTOR_MEMORY.SYSTEM_MEMORY] Insufficient executor memory: System memory ${system} must be at least ${min}.\nPlease increase heap size using the --executor-memory option or "spark.executor.memory" in Spark configuration. SQLSTATE: F0000`
      : `[INVALID_DRIVER_MEMORY.SYSTEM_MEMORY] Insufficient driver memory: System memory ${system} must be at least ${min}.\nPlease increase heap size using the --driver-memory option or "spark.driver.memory" in Spark configuration. SQLSTATE: F0000`;
  }
  if (atLeast(v, "4.0")) {
    return `[INVALID_DRIVER_MEMORY] System memory ${system} must be at least ${min}.\nPlease increase heap size using the --driver-memory option or "spark.driver.memory" in Spark configuration. SQLSTATE: F0000`;
  }
  if (atLeast(v, "3.5")) {
    return `[INVALID_DRIVER_MEMORY] System memory ${system} must be at least ${min}. Please increase heap size using the --driver-memory option or "spark.driver.memory" in Spark configuration.`;
  }
  return `System memory ${system} must be at least ${min}. Please increase heap size using the --driver-memory option or spark.driver.memory in Spark configuration.`;
}

export function minExecutorMemoryMessage(v: SparkVersion, executorBytes: number, min: number): string {
  if (atLeast(v, "4.3")) {
    return `[INVALID_EXECUTOR_MEMORY.CONFIG_MEMORY] Insufficient executor memory: Executor memory ${executorBytes} must be at least ${min}.\nPlease increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration. SQLSTATE: F0000`;
  }
  if (atLeast(v, "4.0")) {
    return `[INVALID_EXECUTOR_MEMORY] Executor memory ${executorBytes} must be at least ${min}.\nPlease increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration. SQLSTATE: F0000`;
  }
  if (atLeast(v, "3.5")) {
    return `[INVALID_EXECUTOR_MEMORY] Executor memory ${executorBytes} must be at least ${min}. Please increase executor memory using the --executor-memory option or "spark.executor.memory" in Spark configuration.`;
  }
  return `Executor memory ${executorBytes} must be at least ${min}. Please increase executor memory using the --executor-memory option or spark.executor.memory in Spark configuration.`;
}

/** Scala require() in MemoryManager: "requirement failed: " + text (same in every version). */
export const OFF_HEAP_SIZE_MESSAGE =
  "requirement failed: spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true";

/** Utils.executorOffHeapMemorySizeAsMb, which sizes containers and pods: floor(MiB) must be > 0. */
export function offHeapContainerMessage(v: SparkVersion): string {
  return atLeast(v, "4.3")
    ? "requirement failed: spark.memory.offHeap.size must be at least 1MiB when spark.memory.offHeap.enabled == true"
    : OFF_HEAP_SIZE_MESSAGE;
}

const YARN_TAIL =
  "Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.";

export function yarnExecutorAboveMaxMessage(
  v: SparkVersion,
  t: { memMiB: number; offHeapMiB: number; overheadMiB: number; pysparkMiB: number; maxMiB: number },
): string {
  if (atLeast(v, "3.0")) {
    return `Required executor memory (${t.memMiB} MB), offHeap memory (${t.offHeapMiB}) MB, overhead (${t.overheadMiB} MB), and PySpark memory (${t.pysparkMiB} MB) is above the max threshold (${t.maxMiB} MB) of this cluster! ${YARN_TAIL}`;
  }
  return `Required executor memory (${t.memMiB}), overhead (${t.overheadMiB} MB), and PySpark memory (${t.pysparkMiB} MB) is above the max threshold (${t.maxMiB} MB) of this cluster! ${YARN_TAIL}`;
}

export function yarnAmAboveMaxMessage(amMiB: number, overheadMiB: number, maxMiB: number): string {
  return `Required AM memory (${amMiB}+${overheadMiB} MB) is above the max threshold (${maxMiB} MB) of this cluster! ${YARN_TAIL}`;
}

export function taskCpusMessage(cores: number, taskCpus: number): string {
  // 4.3 prints CpuAmount.toDisplayString (trailing zeros stripped): the same digits JS prints
  return `The number of cores per executor (=${cores}) has to be >= the number of cpus per task = ${taskCpus}.`;
}

/** SparkConf.validateSettings for spark.memory.fraction / storageFraction. */
export function fractionRangeMessage(key: string, value: number): string {
  return `${key} should be between 0 and 1 (was '${javaDoubleString(value)}').`;
}

/** How Java prints a double: always a decimal point ("1.0", "1.5", "1.0E-4"). */
export function javaDoubleString(x: number): string {
  if (!Number.isFinite(x)) return String(x); // Java's "Infinity", "-Infinity", "NaN" as JS prints them
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return `${x}.0`;
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) return String(x);
  const [m, e] = x.toExponential().split("e") as [string, string];
  return `${m.includes(".") ? m : `${m}.0`}E${Number(e)}`;
}

export function xmxInOptionsMessage(key: string, opts: string, useKey: string): string {
  return `${key} is not allowed to specify max heap memory settings (was '${opts}'). Use ${useKey} instead.`;
}
