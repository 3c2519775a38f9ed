import { MiB, sizeSetting } from "../conf/byteString.js";
import { type ConfEntry, confFromEntries, mergeConfs, type SparkConf, valuesOf } from "../conf/sparkConf.js";
import { type ExplainInput, explain } from "../model/explain.js";
import { largestHeapThatFits } from "../model/inverse.js";
import { scaledOverheadMiB } from "../model/overhead.js";
import { parseCpuQuantity } from "../model/quantity.js";
import type { Layout } from "../model/types.js";
import type { Candidate, DriverSlot, SizeManager, YarnSettings } from "./types.js";
import type { WorkloadProfile } from "./workload.js";

/** Spark's default spark.executor.memory; below it the fixed 300 MiB reserved memory eats the heap. */
export const MIN_HEAP_MIB = 1024;

/** Everything that stays the same across the candidates of one `size` run. */
export interface SearchContext {
  manager: SizeManager;
  sparkVersion: string;
  deployMode: "client" | "cluster";
  appType: "jvm" | "python";
  /** The user's spark.* settings. */
  userConf: SparkConf;
  yarn: YarnSettings | null;
  profile: WorkloadProfile;
  /** The profile's overhead factor, when it is above Spark's own and the user set no overhead. */
  overheadFactor: number | null;
  /** spark.executor.memoryOverheadFactor exists (3.3+); before, the overhead is written as a size. */
  factorKey: boolean;
  /** The profile's PySpark memory per core, when the user set none. */
  pysparkPerCoreMiB: number;
  cache: Map<string, Evaluation>;
}

export interface Evaluation {
  layout: Layout;
  candidate: Candidate | null;
  /** The first start-up error Spark would print, when there is one. */
  error: string | null;
}

export const MASTER_URL: Record<SizeManager, string> = {
  yarn: "yarn",
  kubernetes: "k8s://https://kubernetes.default.svc",
};

/** The settings that move with the heap: the heap itself, and an overhead written out from the profile's factor. */
function heapSettings(ctx: SearchContext, heapMiB: number): Record<string, string> {
  const conf: Record<string, string> = { "spark.executor.memory": sizeSetting(heapMiB * MiB) };
  if (ctx.overheadFactor !== null) {
    if (ctx.factorKey) conf["spark.executor.memoryOverheadFactor"] = String(ctx.overheadFactor);
    // versions without the factor key get the size Spark's formula would derive from it
    else conf["spark.executor.memoryOverhead"] = `${scaledOverheadMiB(ctx.overheadFactor, heapMiB)}m`;
  }
  return conf;
}

/** The Spark settings of an executor of `cores` cores and `heapMiB` heap under the workload profile. */
export function candidateConf(ctx: SearchContext, cores: number, heapMiB: number): Record<string, string> {
  const conf: Record<string, string> = valuesOf(ctx.userConf);
  conf["spark.executor.cores"] = String(cores);
  Object.assign(conf, heapSettings(ctx, heapMiB));
  if (ctx.pysparkPerCoreMiB > 0) conf["spark.executor.pyspark.memory"] = `${cores * ctx.pysparkPerCoreMiB}m`;
  return conf;
}

function driverSlot(ctx: SearchContext, l: Layout): DriverSlot | null {
  if (ctx.manager === "yarn") {
    if (l.am)
      return {
        what: "client-mode YARN AM",
        memoryBytes: l.am.containerAllocatedBytes,
        cpuMillis: l.am.cores * 1000,
      };
    return {
      what: "cluster-mode driver (the YARN AM)",
      memoryBytes: l.driver.containerAllocatedBytes as number,
      cpuMillis: l.driver.cores * 1000,
    };
  }
  if (ctx.deployMode === "client" || !l.driver.pod) return null;
  const cpu = parseCpuQuantity(l.driver.pod.cpuRequest) ?? l.driver.cores;
  return {
    what: "driver pod",
    memoryBytes: l.driver.containerBytes as number,
    cpuMillis: Math.round(cpu * 1000),
  };
}

/** explain on one candidate configuration; every memory number of a layout comes from here. */
export function evaluate(ctx: SearchContext, cores: number, heapMiB: number): Evaluation {
  const id = `${cores}/${heapMiB}`;
  const hit = ctx.cache.get(id);
  if (hit) return hit;
  const result = evaluateConf(ctx, candidateConf(ctx, cores, heapMiB), cores);
  ctx.cache.set(id, result);
  return result;
}

/**
 * What explain is asked for an executor configuration: the user's settings keep their origin (an error
 * names the --conf), the ones size decided are derived; the ResourceManager's settings last, so explain
 * rounds and checks the container as YARN will.
 */
function explainInputOf(ctx: SearchContext, conf: Record<string, string>): ExplainInput {
  const entries = Object.entries(conf).map(([key, value]): ConfEntry => {
    const own = ctx.userConf.entries.get(key);
    return own?.value === value ? own : { key, value, origin: { kind: "derived" } };
  });
  return {
    conf: ctx.yarn ? mergeConfs(confFromEntries(entries), ctx.yarn.settings) : confFromEntries(entries),
    sparkVersion: ctx.sparkVersion,
    master: MASTER_URL[ctx.manager],
    deployMode: ctx.deployMode,
    appType: ctx.appType,
  };
}

/** explain on any executor configuration (a candidate, or what EMR would write). */
export function evaluateConf(ctx: SearchContext, conf: Record<string, string>, cores: number): Evaluation {
  const layout = explain(explainInputOf(ctx, conf));
  const e = layout.executor;
  if (layout.errors.length > 0 || !e || e.containerBytes === null)
    return { layout, candidate: null, error: layout.errors[0]?.message ?? "no executor container" };
  const allocated = e.containerAllocatedBytes ?? e.containerBytes;
  const cpu = e.pod ? (parseCpuQuantity(e.pod.cpuRequest) ?? cores) : cores;
  return {
    layout,
    error: null,
    candidate: {
      cores,
      conf,
      heapBytes: e.heapBytes,
      overheadBytes: e.overheadBytes,
      pysparkBytes: e.pysparkBytes,
      offHeapBytes: e.offHeapBytes,
      containerBytes: e.containerBytes,
      allocatedBytes: allocated,
      cpuMillis: Math.max(1, Math.round(cpu * 1000)),
      slotsPerExecutor: Math.max(1, e.taskSlots),
      unifiedBytes: e.unifiedBytes,
      driver: driverSlot(ctx, layout),
    },
  };
}

/**
 * The largest heap (whole MiB, ≥ MIN_HEAP_MIB) whose container fits `budgetBytes`, from the model's inverse
 * (a search over explain, whatever the overhead, PySpark and off-heap settings are).
 */
export function largestHeap(ctx: SearchContext, cores: number, budgetBytes: number): Evaluation | null {
  if (Math.floor(budgetBytes / MiB) <= MIN_HEAP_MIB) return null;
  const input = explainInputOf(ctx, candidateConf(ctx, cores, MIN_HEAP_MIB));
  const fit = largestHeapThatFits(input, "executor", budgetBytes, {
    minMiB: MIN_HEAP_MIB,
    settingsAt: (h) => heapSettings(ctx, h),
  });
  return fit ? evaluate(ctx, cores, fit.mib) : null;
}
