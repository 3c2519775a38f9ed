import { MiB } from "../conf/byteString.js";
import { readInt, readString } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext, StartupError } from "./context.js";
import { type Derivations, SRC } from "./derivation.js";
import type { Heap } from "./heap.js";
import type { JvmMemory } from "./jvmMemory.js";
import { taskCpusMessage } from "./messages.js";
import type { PodResources, ProcessLayout } from "./types.js";

/** The container/pod terms around a JVM, in MiB as Spark computes them. */
export interface ContainerTerms {
  overheadMiB: number;
  pysparkMiB: number;
  /** Off-heap MiB the cluster manager counts (0 where the version does not count it). */
  offHeapCountedMiB: number;
  /** null: nothing is requested (client/local driver). */
  requestMiB: number | null;
  allocatedMiB: number | null;
  pod: PodResources | null;
  derivation: Derivations;
  notes: string[];
}

/** spark.task.cpus: an int until 4.2, a decimal with up to 9 places from 4.3 (validated in validateConf). */
export function readTaskCpus(ctx: ModelContext): number {
  if (atLeast(ctx.version, "4.3")) return Number((readString(ctx.conf, "spark.task.cpus") as string).trim());
  return readInt(ctx.conf, "spark.task.cpus") as number;
}

export function taskSlotsOf(
  ctx: ModelContext,
  cores: number,
  process: "driver" | "executor",
  errors: StartupError[],
): number {
  const taskCpus = readTaskCpus(ctx);
  if (cores < taskCpus) {
    errors.push({
      code: "task-cpus-above-cores",
      process,
      key: "spark.task.cpus",
      message: taskCpusMessage(cores, taskCpus),
      hint: `Lower spark.task.cpus to at most ${cores}, or give each executor at least ${taskCpus} cores.`,
    });
  }
  return Math.floor(cores / taskCpus);
}

/**
 * ExecutionMemoryPool.acquireMemory: with N running tasks each may hold up to maxPool/N and is
 * guaranteed poolSize/(2N) before it must spill. Tungsten uses the off-heap pool when enabled.
 * Max: nothing cached, so execution may borrow all of unified memory. Min: cached blocks fill
 * their protected storage region, so the pool is the execution region alone.
 */
function perTask(mem: JvmMemory, slots: number): { min: number; max: number; formula: string } {
  if (slots <= 0) return { min: 0, max: 0, formula: "no task slots" };
  if (mem.offHeapEnabled && mem.memoryManager === "unified") {
    return {
      max: Math.floor(mem.offHeapConfigured / slots),
      min: Math.floor(mem.offHeapExecutionRegion / (2 * slots)),
      formula: `off-heap (Tungsten memory mode OFF_HEAP): max = ${mem.offHeapConfigured} / ${slots}, min = ${mem.offHeapExecutionRegion} / (2 × ${slots})`,
    };
  }
  if (mem.offHeapEnabled) {
    // StaticMemoryManager.scala (2.x): no off-heap storage, all off-heap memory is the fixed execution pool
    return {
      max: Math.floor(mem.offHeapExecutionRegion / slots),
      min: Math.floor(mem.offHeapExecutionRegion / (2 * slots)),
      formula: `off-heap (Tungsten memory mode OFF_HEAP), fixed execution pool ${mem.offHeapExecutionRegion}: max = pool / ${slots}, min = pool / (2 × ${slots})`,
    };
  }
  if (mem.memoryManager === "static") {
    return {
      max: Math.floor(mem.executionRegion / slots),
      min: Math.floor(mem.executionRegion / (2 * slots)),
      formula: `fixed execution pool ${mem.executionRegion}: max = pool / ${slots}, min = pool / (2 × ${slots})`,
    };
  }
  return {
    max: Math.floor(mem.unified / slots),
    min: Math.floor(mem.executionRegion / (2 * slots)),
    formula: `max = unified / N = ${mem.unified} / ${slots} (nothing cached); min = execution region / 2N = ${mem.executionRegion} / ${2 * slots} (cache holds its storage region)`,
  };
}

export function assembleProcess(
  role: "driver" | "executor",
  runsTasks: boolean,
  heap: Heap,
  mem: JvmMemory,
  terms: ContainerTerms,
  cores: number,
  slots: number,
): ProcessLayout {
  const t = perTask(mem, slots);
  return {
    role,
    runsTasks,
    jvm: { ...mem.jvm, xmx: heap.xmx },
    memoryManager: mem.memoryManager,
    heapBytes: heap.bytes,
    systemMemoryBytes: mem.systemMemory,
    reservedBytes: mem.reserved,
    usableBytes: mem.usable,
    userBytes: mem.user,
    unifiedBytes: mem.unified,
    storageRegionBytes: mem.storageRegion,
    executionRegionBytes: mem.executionRegion,
    offHeapBytes: mem.offHeapEnabled ? mem.offHeapConfigured : 0,
    offHeapStorageRegionBytes: mem.offHeapEnabled ? mem.offHeapStorageRegion : 0,
    offHeapExecutionRegionBytes: mem.offHeapEnabled ? mem.offHeapExecutionRegion : 0,
    overheadBytes: terms.overheadMiB * MiB,
    pysparkBytes: terms.pysparkMiB * MiB,
    containerOffHeapBytes: terms.offHeapCountedMiB * MiB,
    containerBytes: terms.requestMiB === null ? null : terms.requestMiB * MiB,
    containerAllocatedBytes: terms.allocatedMiB === null ? null : terms.allocatedMiB * MiB,
    uiStorageBytes: mem.uiStorage,
    cores,
    taskSlots: slots,
    perTaskExecutionMinBytes: t.min,
    perTaskExecutionMaxBytes: t.max,
    pod: terms.pod,
    derivation: {
      ...mem.derivation,
      ...terms.derivation,
      taskSlots: runsTasks
        ? { formula: `⌊${cores} cores / spark.task.cpus⌋ = ${slots}`, source: SRC.sparkContext }
        : { formula: "0: outside local mode the driver runs no tasks" },
      perTaskExecution: { formula: t.formula, source: SRC.pool },
    },
    notes: terms.notes,
  };
}
