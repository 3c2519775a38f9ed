import { byteStringAs, MiB, toSafeNumber } from "../conf/byteString.js";
import { DEFAULT_DIALECT, requirementMessage } from "../conf/dialect.js";
import { isSet, readDouble, readString } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext, StartupError } from "./context.js";
import { javaDoubleString, minExecutorMemoryMessage, minSystemMemoryMessage } from "./messages.js";

// The memory manager's own start-up checks, in the order Spark runs them (SparkEnv → memory manager):
// UnifiedMemoryManager.getMaxMemory (system memory, then spark.executor.memory), then the
// storageFraction config check when apply() reads it, then MemoryManager's constructor requires
// (a non-empty execution region; an off-heap size when off-heap is enabled).

/** getMaxMemory's two checks: this JVM's heap, then spark.executor.memory if the conf sets it. */
export function checkMinimumMemory(
  ctx: ModelContext,
  role: "driver" | "executor",
  systemMemory: number,
  min: number,
  errors: StartupError[],
): void {
  if (systemMemory < min) {
    errors.push({
      code: "min-system-memory",
      process: role,
      key: `spark.${role}.memory`,
      message: minSystemMemoryMessage(ctx.version, role, systemMemory, min),
      hint: `The ${role} JVM reports ${systemMemory} bytes; Spark needs at least ${min}. Raise spark.${role}.memory (e.g. to 1g).`,
    });
  }
  checkExecutorMemorySetting(ctx, min, errors);
}

/** 2.0+: every JVM whose conf sets spark.executor.memory checks it, read as BYTES (getSizeAsBytes). */
function checkExecutorMemorySetting(ctx: ModelContext, min: number, errors: StartupError[]): void {
  if (!isSet(ctx.conf, "spark.executor.memory") || errors.some((e) => e.code === "min-executor-memory"))
    return;
  const text = readString(ctx.conf, "spark.executor.memory") as string;
  let bytes: number;
  try {
    bytes = toSafeNumber(byteStringAs(text, "BYTE", ctx.conf.dialect?.bytes), "spark.executor.memory");
  } catch {
    return; // a negative or malformed value was already reported by validateConf
  }
  if (bytes < min) {
    errors.push({
      code: "min-executor-memory",
      process: ctx.master.manager === "local" || ctx.deployMode === "client" ? "driver" : "executor",
      key: "spark.executor.memory",
      message: minExecutorMemoryMessage(ctx.version, bytes, min),
      hint: /^\s*\d+\s*$/.test(text)
        ? `"${text}" has no unit, and this check reads it as bytes: write ${text.trim()}m.`
        : `Raise spark.executor.memory to at least ${Math.ceil(min / MiB)}m.`,
    });
  }
}

/**
 * 3.0+: MEMORY_STORAGE_FRACTION.checkValue(v >= 0.0 && v < 1.0, "Storage fraction must be in [0,1)")
 * (core/src/main/scala/org/apache/spark/internal/config/package.scala). SparkConf.validateSettings
 * already refused values outside [0, 1], so only 1.0 reaches this check.
 */
export function storageFractionError(ctx: ModelContext, role: "driver" | "executor"): StartupError | null {
  const v = readDouble(ctx.conf, "spark.memory.storageFraction") as number;
  if (!atLeast(ctx.version, "3.0") || v < 1) return null;
  return {
    code: "storage-fraction-range",
    process: role,
    key: "spark.memory.storageFraction",
    message: requirementMessage(
      ctx.conf.dialect ?? DEFAULT_DIALECT,
      "spark.memory.storageFraction",
      javaDoubleString(v),
      "Storage fraction must be in [0,1)",
    ),
    hint: "Set spark.memory.storageFraction below 1 (the default is 0.5): at 1 execution could never evict cached blocks.",
  };
}

/**
 * 3.0+: MemoryManager's constructor requires onHeapExecutionMemory > 0, i.e. unified memory minus
 * the storage region (core/src/main/scala/org/apache/spark/memory/MemoryManager.scala); a
 * spark.memory.fraction of 0, or one so small that the unified region rounds to nothing, fails here.
 */
export function onHeapExecutionError(
  ctx: ModelContext,
  role: "driver" | "executor",
  executionRegion: number,
): StartupError | null {
  if (!atLeast(ctx.version, "3.0") || executionRegion > 0) return null;
  return {
    code: "execution-memory-zero",
    process: role,
    key: "spark.memory.fraction",
    message: "requirement failed: onHeapExecutionMemory must be > 0",
    hint: "Raise spark.memory.fraction (the default is 0.6) or the heap: the execution region is empty.",
  };
}
