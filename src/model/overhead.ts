import { entryOf, isSet, readBytes, readDouble, readString } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext } from "./context.js";
import { type Derivation, SRC } from "./derivation.js";
import { refuseScaledOverhead } from "./limits.js";

/** ResourceProfile.MEMORY_OVERHEAD_MIN_MIB: the floor before spark.*.minMemoryOverhead (4.0). */
export const MEMORY_OVERHEAD_MIN_MIB = 384;
/** YARN's constant factor before spark.{driver,executor}.memoryOverheadFactor (3.3). */
const LEGACY_FACTOR = 0.1;
/** Kubernetes' factor for Python and R cluster-mode apps (Constants.NON_JVM_MEMORY_OVERHEAD_FACTOR). */
const NON_JVM_FACTOR = 0.4;

export interface Overhead {
  mib: number;
  derivation: Derivation;
  /** The setting that decided it (the overhead key, or a factor key); absent when it follows the heap alone. */
  key?: string;
}

function toMiB(conf: ModelContext["conf"], key: string): number | null {
  const v = readBytes(conf, key);
  return v === null ? null : v;
}

/** A factor and why it applies; `key` when it was read from a setting. */
interface Factor {
  factor: number;
  why: string;
  key?: string;
}

/**
 * The Kubernetes default factor: the driver writes it into spark.kubernetes.memoryOverheadFactor
 * (0.4 for a Python/R main resource unless set), so cluster-mode executors inherit it.
 * Client-mode drivers do not run that step. (BasicDriverFeatureStep; 2.4 KubernetesConf.)
 */
function kubernetesDefaultFactor(ctx: ModelContext): Factor {
  if (isSet(ctx.conf, "spark.kubernetes.memoryOverheadFactor")) {
    const key = "spark.kubernetes.memoryOverheadFactor";
    return { factor: readDouble(ctx.conf, key) as number, why: key, key };
  }
  if (ctx.appType !== "jvm" && ctx.deployMode === "cluster") {
    return { factor: NON_JVM_FACTOR, why: `non-JVM (${ctx.appType}) cluster-mode default` };
  }
  return { factor: 0.1, why: "spark.kubernetes.memoryOverheadFactor default" };
}

function factorFor(ctx: ModelContext, who: "driver" | "executor"): Factor {
  const key = `spark.${who}.memoryOverheadFactor`;
  if (ctx.master.manager === "kubernetes") {
    if (atLeast(ctx.version, "3.3") && isSet(ctx.conf, key))
      return { factor: readDouble(ctx.conf, key) as number, why: key, key };
    return kubernetesDefaultFactor(ctx);
  }
  if (atLeast(ctx.version, "3.3")) return { factor: readDouble(ctx.conf, key) as number, why: key, key };
  return { factor: LEGACY_FACTOR, why: "constant MEMORY_OVERHEAD_FACTOR before 3.3" };
}

function floorFor(ctx: ModelContext, who: "driver" | "executor"): { mib: number; why: string } {
  if (atLeast(ctx.version, "4.0")) {
    const key = `spark.${who}.minMemoryOverhead`;
    return { mib: toMiB(ctx.conf, key) as number, why: key };
  }
  return { mib: MEMORY_OVERHEAD_MIN_MIB, why: "MEMORY_OVERHEAD_MIN_MIB" };
}

/** max((factor × memoryMiB).toInt, floor): the overhead Spark derives from a factor (ResourceProfile). */
export function scaledOverheadMiB(
  factor: number,
  memoryMiB: number,
  floorMiB = MEMORY_OVERHEAD_MIN_MIB,
): number {
  return Math.max(Math.trunc(factor * memoryMiB), floorMiB);
}

/**
 * overhead = explicit key ?? max((factor × memoryMiB).toInt, floor)
 * (ResourceProfile.calculateOverHeadMemory 3.1+, YarnAllocator 2.4/3.0, K8s feature steps)
 */
export function processOverhead(ctx: ModelContext, who: "driver" | "executor", memoryMiB: number): Overhead {
  const key = `spark.${who}.memoryOverhead`;
  const explicit = toMiB(ctx.conf, key);
  const source =
    ctx.master.manager === "kubernetes"
      ? who === "driver"
        ? SRC.k8sDriver
        : SRC.k8sExecutor
      : who === "driver"
        ? SRC.yarnClient
        : SRC.resourceProfile;
  if (explicit !== null) {
    const used = entryOf(ctx.conf, key)?.key ?? key;
    return {
      mib: explicit,
      key,
      derivation: {
        formula: `${used} = ${readString(ctx.conf, key)} → ${explicit} MiB (replaces the factor)`,
        source,
      },
    };
  }
  const f = factorFor(ctx, who);
  // only a factor read from a setting can reach Int.MaxValue MiB: the constants are below 1
  if (f.key) refuseScaledOverhead(ctx.conf, f.key, f.factor, memoryMiB);
  const floor = floorFor(ctx, who);
  const scaled = Math.trunc(f.factor * memoryMiB);
  const mib = scaledOverheadMiB(f.factor, memoryMiB, floor.mib);
  return {
    mib,
    ...(f.key ? { key: f.key } : {}),
    derivation: {
      formula: `max(⌊${f.factor} (${f.why}) × ${memoryMiB} MiB⌋ = ${scaled}, ${floor.mib} (${floor.why})) = ${mib} MiB`,
      source,
    },
  };
}

/** Client-mode YARN AM: spark.yarn.am.memoryOverhead ?? max(⌊0.1 × am⌋, 384) (Client.scala). */
export function amOverhead(ctx: ModelContext, amMiB: number): Overhead {
  const explicit = toMiB(ctx.conf, "spark.yarn.am.memoryOverhead");
  if (explicit !== null) {
    return {
      mib: explicit,
      key: "spark.yarn.am.memoryOverhead",
      derivation: { formula: `spark.yarn.am.memoryOverhead = ${explicit} MiB`, source: SRC.yarnClient },
    };
  }
  const scaled = Math.trunc(LEGACY_FACTOR * amMiB);
  const mib = scaledOverheadMiB(LEGACY_FACTOR, amMiB);
  return {
    mib,
    derivation: {
      formula: `max(⌊0.1 × ${amMiB} MiB⌋ = ${scaled}, 384) = ${mib} MiB`,
      source: SRC.yarnClient,
    },
  };
}
