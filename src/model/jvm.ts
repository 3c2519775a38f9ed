import { MiB } from "../conf/byteString.js";
import type { SparkVersion } from "../conf/version.js";
import { atLeast } from "../conf/version.js";

/**
 * What Spark calls "system memory" is Runtime.getRuntime.maxMemory, not -Xmx: the collectors
 * report the heap they can use, which for Parallel and Serial leaves out one survivor space.
 * Formulas measured on OpenJDK 17 (scripts/jvm/README.md; shared/docs/spark-memory-spec.md §3).
 */
export type GcName = "G1" | "Parallel" | "Serial";

export interface JvmInfo {
  javaVersion: number;
  gc: GcName;
  /** Why this collector: an explicit flag, or the JVM's ergonomic choice and what it saw. */
  gcReason: string;
}

/** Java a Spark line most often runs on; an input (--java-version) overrides it. */
export function defaultJavaVersion(v: SparkVersion): number {
  if (atLeast(v, "3.3")) return 17; // 3.3 is the first line supporting 17; 4.x requires 17+
  return 8;
}

const KI = 1024;

function alignDown(x: number, a: number): number {
  return Math.floor(x / a) * a;
}
function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}
function roundUpPow2(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** G1 region size chosen ergonomically: ⌈xmx/2048⌉ to a power of two, within 1..32 MiB (17 and 25). */
export function g1RegionSize(xmx: number): number {
  return Math.min(Math.max(roundUpPow2(Math.max(Math.floor(xmx / 2048), MiB)), MiB), 32 * MiB);
}

export interface HeapFlags {
  /** -Xms in bytes when set (Kubernetes executors pass -Xms = -Xmx); matters for Parallel only. */
  xms?: number | null;
  /** Memory the JVM sees; the default initial heap is 1/64 of it (Parallel only). */
  physicalMemoryBytes?: number | null;
}

/** Runtime.maxMemory for -Xmx = `xmx` bytes: exact on every point of scripts/jvm/measurements-*.csv. */
export function runtimeMaxMemory(
  xmx: number,
  gc: GcName,
  javaVersion: number,
  flags: HeapFlags = {},
): number {
  const H = alignUp(xmx, 2 * MiB);
  switch (gc) {
    case "G1":
      return alignUp(xmx, Math.max(g1RegionSize(xmx), 2 * MiB));
    case "Parallel": {
      // ParallelScavengeHeap::max_capacity = max(young+old minus one survivor, committed at start)
      const A = 512 * KI;
      const young = Math.max(alignDown(Math.floor(H / 3), A), 3 * A);
      const surv = Math.max(alignDown(Math.floor(young / 3), A), A);
      const estimated = H - surv;
      let initial: number | null = null;
      if (flags.xms) initial = Math.min(alignUp(flags.xms, 2 * MiB), H);
      else if (flags.physicalMemoryBytes) {
        const byRam = Math.max(Math.floor((flags.physicalMemoryBytes * 15625) / 1000000), 8 * MiB);
        initial = Math.min(alignUp(byRam, 2 * MiB), H);
      }
      if (initial === null) return estimated;
      const yi = Math.min(Math.max(alignDown(Math.floor(initial / 3), A), 3 * A), young);
      const si = Math.max(alignDown(Math.floor(yi / 8), A), A);
      return Math.max(estimated, initial - si);
    }
    case "Serial": {
      const A = 64 * KI;
      let young = Math.max(alignDown(Math.floor(H / 3), A), 3 * A);
      if (javaVersion >= 25) young = Math.max(young, 1310720);
      const surv = Math.max(alignDown(Math.floor(young / 10), A), A);
      return H - surv;
    }
  }
}

export function runtimeMaxMemoryFormula(gc: GcName): string {
  switch (gc) {
    case "G1":
      return "-Xmx aligned up to max(2 MiB, G1 region size)";
    case "Parallel":
      return "heap − one survivor space, survivor = ⌊young/3⌋, young = ⌊heap/3⌋ (512 KiB grains)";
    case "Serial":
      return "heap − one survivor space, survivor = ⌊young/10⌋, young = ⌊heap/3⌋ (64 KiB grains)";
  }
}

const GC_FLAGS: [RegExp, GcName][] = [
  [/-XX:\+UseG1GC\b/, "G1"],
  [/-XX:\+UseParallel(Old)?GC\b/, "Parallel"],
  [/-XX:\+UseSerialGC\b/, "Serial"],
];

/** Collectors a flag can select that sparkmem has not measured. */
const UNMEASURED_GC = /-XX:\+Use(ConcMarkSweep|Z|Shenandoah|Epsilon)GC\b/;

export interface GcContext {
  javaVersion: number;
  javaOptions: string | null;
  /** CPUs the JVM sees (container limit or machine); null = assume a multi-core machine. */
  activeProcessors: number | null;
  /** Memory the JVM sees as physical (pod limit or machine); null = assume a large machine. */
  physicalMemoryBytes: number | null;
}

/**
 * The collector a JVM runs: the last GC flag in its options wins. Otherwise the JVM asks whether it
 * is on a "server class machine" (≥ 2 CPUs and ≥ 1792 MiB, from cgroup limits when in a container,
 * -XX:ActiveProcessorCount overriding the CPU count): Java 8 then picks Parallel, Java 9+ G1; below
 * that both pick Serial. Measured with scripts/jvm/gc-selection.sh.
 */
export function chooseGc(ctx: GcContext): { gc: GcName; reason: string; unmeasured?: string } {
  const opts = ctx.javaOptions ?? "";
  let chosen: { gc: GcName; at: number } | null = null;
  for (const [re, gc] of GC_FLAGS) {
    const all = [...opts.matchAll(new RegExp(re.source, "g"))];
    const last = all[all.length - 1];
    if (last?.index !== undefined && (!chosen || last.index > chosen.at)) chosen = { gc, at: last.index };
  }
  if (chosen) return { gc: chosen.gc, reason: `set in Java options (-XX:+Use${chosen.gc}GC)` };
  const unmeasured = UNMEASURED_GC.exec(opts)?.[0];
  const apc = [...opts.matchAll(/-XX:ActiveProcessorCount=([0-9]+)/g)].pop()?.[1];
  const cpus = apc !== undefined ? Number(apc) : ctx.activeProcessors;
  const mem = ctx.physicalMemoryBytes;
  const small: string[] = [];
  if (cpus !== null && cpus < 2) small.push(`${cpus} CPU`);
  if (mem !== null && mem < 1792 * MiB) small.push(`${Math.floor(mem / MiB)} MiB`);
  const server = ctx.javaVersion <= 8 ? ("Parallel" as const) : ("G1" as const);
  const base = small.length
    ? {
        gc: "Serial" as const,
        reason: `Java ${ctx.javaVersion} default below server class (${small.join(", ")})`,
      }
    : { gc: server, reason: `Java ${ctx.javaVersion} default (server class: ≥ 2 CPUs, ≥ 1792 MiB)` };
  return unmeasured ? { ...base, unmeasured } : base;
}

/** The last -Xms in a JVM option string, in bytes. */
export function xmsOf(opts: string | null): number | null {
  if (!opts) return null;
  const all = [...opts.matchAll(/(?:^|\s)-Xms([0-9]+[kKmMgGtT]?)(?=\s|$)/g)];
  const last = all[all.length - 1]?.[1];
  if (!last) return null;
  const m = /^([0-9]+)([kKmMgGtT])?$/.exec(last) as RegExpExecArray;
  const shift = { k: 10, m: 20, g: 30, t: 40 }[(m[2] ?? "").toLowerCase() as "k"] ?? 0;
  return Number(m[1]) * 2 ** shift;
}

/** -Xmx inside extraJavaOptions (Spark refuses it there). */
export function hasMaxHeapFlag(opts: string | null): boolean {
  return opts !== null && /(^|\s)-Xmx/.test(opts);
}
