import { readBoolean, readBytes, readDouble, readLong, readString } from "../conf/sparkConf.js";
import { atLeast, lineOf } from "../conf/version.js";
import type { ModelContext, StartupError, Warning } from "./context.js";
import { type Derivations, SRC } from "./derivation.js";
import type { Heap } from "./heap.js";
import { chooseGc, type JvmInfo, runtimeMaxMemory, runtimeMaxMemoryFormula, xmsOf } from "./jvm.js";
import { checkMinimumMemory, onHeapExecutionError, storageFractionError } from "./memoryManagerChecks.js";
import { OFF_HEAP_SIZE_MESSAGE } from "./messages.js";
import { STATIC_MIN_MEMORY_BYTES, staticRegions } from "./staticMemoryManager.js";
import { minSystemMemory, RESERVED_SYSTEM_MEMORY_BYTES, unifiedRegions } from "./unifiedMemoryManager.js";

/** The memory manager's view of one JVM: heap Spark sees, regions, off-heap pools, UI figure. */
export interface JvmMemory {
  jvm: JvmInfo;
  memoryManager: "unified" | "static";
  systemMemory: number;
  reserved: number;
  usable: number;
  user: number;
  unified: number;
  storageRegion: number;
  executionRegion: number;
  offHeapConfigured: number;
  offHeapEnabled: boolean;
  offHeapStorageRegion: number;
  offHeapExecutionRegion: number;
  uiStorage: number;
  derivation: Derivations;
}

export interface JvmSight {
  activeProcessors: number | null;
  physicalMemoryBytes: number | null;
  /** Kubernetes executors start with -Xms = -Xmx (entrypoint.sh). */
  xmsEqualsXmx?: boolean;
}

export function jvmMemory(
  ctx: ModelContext,
  role: "driver" | "executor",
  heap: Heap,
  assumed: JvmSight,
  errors: StartupError[],
  warnings: Warning[],
): JvmMemory {
  const conf = ctx.conf;
  const seen = ctx.machines[role];
  const sight: JvmSight = {
    ...assumed,
    activeProcessors: seen?.cores ?? assumed.activeProcessors,
    physicalMemoryBytes: seen?.memoryBytes ?? assumed.physicalMemoryBytes,
  };
  const d: Derivations = {};
  const javaOptions = readString(conf, `spark.${role}.extraJavaOptions`);
  const chosen = chooseGc({
    javaVersion: ctx.javaVersion,
    javaOptions,
    activeProcessors: sight.activeProcessors,
    physicalMemoryBytes: sight.physicalMemoryBytes,
  });
  const gc = ctx.gc ?? chosen.gc;
  const jvm: JvmInfo = {
    javaVersion: ctx.javaVersion,
    gc,
    gcReason: ctx.gc ? "set with --gc" : chosen.reason,
  };
  if (chosen.unmeasured && !ctx.gc) {
    warnings.push({
      code: "gc-not-modelled",
      key: `spark.${role}.extraJavaOptions`,
      message: `${chosen.unmeasured} is not modelled; the ${role} heap is computed as if ${gc} ran.`,
    });
  }
  if (ctx.javaVersion <= 8 && gc === "G1") {
    warnings.push({
      code: "gc-not-measured",
      message: "G1 on Java 8 was not measured; its heap is assumed equal to -Xmx like G1 on Java 17.",
    });
  }

  const testing = readLong(conf, "spark.testing.memory");
  const xms = sight.xmsEqualsXmx ? heap.bytes : xmsOf(javaOptions);
  const jvmMax = runtimeMaxMemory(heap.bytes, gc, ctx.javaVersion, {
    xms,
    physicalMemoryBytes: sight.physicalMemoryBytes,
  });
  const systemMemory = testing ?? jvmMax;
  d.heapBytes = heap.derivation;
  d.systemMemoryBytes =
    testing !== null
      ? { formula: `spark.testing.memory = ${testing}`, source: SRC.umm }
      : {
          formula: `Runtime.maxMemory for ${heap.xmx} on Java ${ctx.javaVersion} with ${gc}: ${runtimeMaxMemoryFormula(gc)} = ${jvmMax}`,
          source: SRC.hotspot,
        };

  let offHeapEnabled = readBoolean(conf, "spark.memory.offHeap.enabled") as boolean;
  let offHeapConfigured = readBytes(conf, "spark.memory.offHeap.size") as number;
  if (
    role === "driver" &&
    ctx.master.manager !== "local" &&
    atLeast(ctx.version, "4.3") &&
    (offHeapEnabled || offHeapConfigured > 0)
  ) {
    // 4.3 SparkEnv.initializeMemoryManager(offHeapAllowed = isLocal): a non-local driver runs no
    // tasks, so its memory manager gets offHeap.enabled=false and size=0 (decompiled 4.3.0).
    offHeapEnabled = false;
    offHeapConfigured = 0;
    d.offHeapBytes = {
      formula: "0: since 4.3 a non-local driver's memory manager drops off-heap",
      source: "core/src/main/scala/org/apache/spark/SparkEnv.scala",
    };
  }
  if (offHeapEnabled && offHeapConfigured <= 0 && !errors.some((e) => e.code === "offheap-size-zero")) {
    errors.push({
      code: "offheap-size-zero",
      process: role,
      key: "spark.memory.offHeap.size",
      message: OFF_HEAP_SIZE_MESSAGE,
      hint: "Give spark.memory.offHeap.size a size (e.g. 2g), or set spark.memory.offHeap.enabled=false.",
    });
  }

  const legacy = !atLeast(ctx.version, "3.0") && (readBoolean(conf, "spark.memory.useLegacyMode") as boolean);
  if (legacy) return staticJvm(ctx, role, jvm, systemMemory, offHeapEnabled, offHeapConfigured, d, errors);

  const testingReserved = readLong(conf, "spark.testing.reservedMemory");
  const reserved = testingReserved ?? (conf.entries.has("spark.testing") ? 0 : RESERVED_SYSTEM_MEMORY_BYTES);
  d.reservedBytes = {
    formula:
      testingReserved !== null
        ? `spark.testing.reservedMemory = ${reserved}`
        : "RESERVED_SYSTEM_MEMORY_BYTES = 300 MiB",
    source: SRC.umm,
  };
  checkMinimumMemory(ctx, role, systemMemory, minSystemMemory(reserved), errors);
  // UnifiedMemoryManager.apply reads storageFraction only after getMaxMemory's checks
  const storageError = storageFractionError(ctx, role);
  if (storageError) errors.push(storageError);

  const fraction = readDouble(conf, "spark.memory.fraction") as number;
  const storageFraction = readDouble(conf, "spark.memory.storageFraction") as number;
  const r = unifiedRegions({
    systemMemory,
    reserved,
    fraction,
    storageFraction,
    offHeapSize: offHeapConfigured,
  });
  const executionError = onHeapExecutionError(ctx, role, r.executionRegion);
  if (executionError) errors.push(executionError);
  d.usableBytes = {
    formula: `systemMemory − reserved = ${systemMemory} − ${reserved} = ${r.usable}`,
    source: SRC.umm,
  };
  d.unifiedBytes = {
    formula: `⌊usable × spark.memory.fraction⌋ = ⌊${r.usable} × ${fraction}⌋ = ${r.unified}`,
    source: SRC.umm,
  };
  d.userBytes = { formula: `usable − unified = ${r.usable} − ${r.unified} = ${r.user}`, source: SRC.umm };
  d.storageRegionBytes = {
    formula: `⌊unified × spark.memory.storageFraction⌋ = ⌊${r.unified} × ${storageFraction}⌋ = ${r.storageRegion}`,
    source: SRC.umm,
  };
  d.executionRegionBytes = {
    formula: `unified − storage region = ${r.unified} − ${r.storageRegion} = ${r.executionRegion}`,
    source: SRC.umm,
  };
  const uiStorage = r.unified + offHeapConfigured;
  d.uiStorageBytes = {
    formula: `BlockManager max memory = maxOnHeapStorageMemory + maxOffHeapStorageMemory = ${r.unified} + ${offHeapConfigured} = ${uiStorage} (at start, with no execution memory in use)`,
    source: SRC.blockManager,
  };
  if (!offHeapEnabled && offHeapConfigured > 0) {
    warnings.push({
      code: "offheap-size-without-enabled",
      key: "spark.memory.offHeap.size",
      message:
        "spark.memory.offHeap.size is set but spark.memory.offHeap.enabled is false: no container counts it, yet Spark still adds it to the storage figure the UI shows.",
    });
  }
  return {
    jvm,
    memoryManager: "unified",
    systemMemory,
    reserved,
    usable: r.usable,
    user: r.user,
    unified: r.unified,
    storageRegion: r.storageRegion,
    executionRegion: r.executionRegion,
    offHeapConfigured,
    offHeapEnabled,
    offHeapStorageRegion: r.offHeapStorageRegion,
    offHeapExecutionRegion: r.offHeapExecutionRegion,
    uiStorage,
    derivation: d,
  };
}

function staticJvm(
  ctx: ModelContext,
  role: "driver" | "executor",
  jvm: JvmInfo,
  systemMemory: number,
  offHeapEnabled: boolean,
  offHeapConfigured: number,
  d: Derivations,
  errors: StartupError[],
): JvmMemory {
  const conf = ctx.conf;
  checkMinimumMemory(ctx, role, systemMemory, STATIC_MIN_MEMORY_BYTES, errors);
  const f = (key: string) => readDouble(conf, key) as number;
  const r = staticRegions({
    systemMemory,
    storageMemoryFraction: f("spark.storage.memoryFraction"),
    storageSafetyFraction: f("spark.storage.safetyFraction"),
    shuffleMemoryFraction: f("spark.shuffle.memoryFraction"),
    shuffleSafetyFraction: f("spark.shuffle.safetyFraction"),
    unrollFraction: f("spark.storage.unrollFraction"),
  });
  d.storageRegionBytes = {
    formula: `⌊system × spark.storage.memoryFraction × spark.storage.safetyFraction⌋ = ${r.storage}`,
    source: SRC.smm,
  };
  d.executionRegionBytes = {
    formula: `⌊system × spark.shuffle.memoryFraction × spark.shuffle.safetyFraction⌋ = ${r.execution}`,
    source: SRC.smm,
  };
  d.uiStorageBytes = {
    formula: `storage only (the legacy manager gives off-heap memory to execution) = ${r.storage}`,
    source: SRC.smm,
  };
  return {
    jvm,
    memoryManager: "static",
    systemMemory,
    reserved: 0,
    usable: systemMemory,
    user: r.other,
    unified: r.storage + r.execution,
    storageRegion: r.storage,
    executionRegion: r.execution,
    offHeapConfigured,
    offHeapEnabled,
    offHeapStorageRegion: 0,
    offHeapExecutionRegion: offHeapConfigured,
    uiStorage: r.storage,
    derivation: {
      ...d,
      note: {
        formula: `Spark ${lineOf(ctx.version)} legacy StaticMemoryManager (spark.memory.useLegacyMode=true)`,
      },
    },
  };
}
