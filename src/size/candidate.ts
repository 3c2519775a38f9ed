import { MiB } from "../conf/byteString.js";
import { explain } from "../model/explain.js";
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
  userConf: Record<string, string>;
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

/** The Spark settings of an executor of `cores` cores and `heapMiB` heap under the workload profile. */
export function candidateConf(ctx: SearchContext, cores: number, heapMiB: number): Record<string, string> {
  const conf: Record<string, string> = { ...ctx.userConf };
  conf["spark.executor.cores"] = String(cores);
  conf["spark.executor.memory"] = heapMiB % 1024 === 0 ? `${heapMiB / 1024}g` : `${heapMiB}m`;
  if (ctx.overheadFactor !== null) {
    if (ctx.factorKey) conf["spark.executor.memoryOverheadFactor"] = String(ctx.overheadFactor);
    // ResourceProfile's formula, written out for versions without the factor key
    else
      conf["spark.executor.memoryOverhead"] = `${Math.max(384, Math.trunc(ctx.overheadFactor * heapMiB))}m`;
  }
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

/** explain on any executor configuration (a candidate, or what EMR would write). */
export function evaluateConf(ctx: SearchContext, conf: Record<string, string>, cores: number): Evaluation {
  // the ResourceManager's settings, so explain rounds and checks the container as YARN will
  const layout = explain({
    conf: { ...conf, ...ctx.yarn?.keys },
    sparkVersion: ctx.sparkVersion,
    master: MASTER_URL[ctx.manager],
    deployMode: ctx.deployMode,
    appType: ctx.appType,
  });
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

const fitsIn = (ev: Evaluation, budgetBytes: number) =>
  ev.candidate !== null &&
  ev.candidate.containerBytes <= budgetBytes &&
  ev.candidate.allocatedBytes <= budgetBytes;

/**
 * The largest heap (whole MiB, ≥ MIN_HEAP_MIB) whose container fits `budgetBytes`, searched with explain:
 * the container only grows with the heap, so a guess from one evaluation, galloping and bisection find the
 * boundary in a handful of calls whatever the overhead, PySpark and off-heap settings are.
 */
export function largestHeap(ctx: SearchContext, cores: number, budgetBytes: number): Evaluation | null {
  const budgetMiB = Math.floor(budgetBytes / MiB);
  if (budgetMiB <= MIN_HEAP_MIB) return null;
  const low = evaluate(ctx, cores, MIN_HEAP_MIB);
  if (!fitsIn(low, budgetBytes)) return null;
  // guess: the non-heap part scales as it does at the minimum heap's proportion, at least as a constant
  const probeMiB = Math.max(MIN_HEAP_MIB, Math.floor(budgetMiB / 1.1));
  const probe = evaluate(ctx, cores, probeMiB);
  let lo = MIN_HEAP_MIB;
  let hi = budgetMiB; // a heap as large as the budget never fits: the overhead is at least 384 MiB
  if (probe.candidate) {
    const rest = probe.candidate.containerBytes / MiB - probeMiB;
    const guess = Math.min(
      budgetMiB - 1,
      Math.max(MIN_HEAP_MIB, Math.floor((budgetMiB * probeMiB) / (probeMiB + rest))),
    );
    if (fitsIn(evaluate(ctx, cores, guess), budgetBytes)) {
      lo = guess;
      for (let step = 1; lo + step < hi; step *= 2) {
        if (!fitsIn(evaluate(ctx, cores, lo + step), budgetBytes)) {
          hi = lo + step;
          break;
        }
        lo += step;
      }
    } else {
      hi = guess;
      for (let step = 1; hi - step > lo; step *= 2) {
        if (fitsIn(evaluate(ctx, cores, hi - step), budgetBytes)) {
          lo = hi - step;
          break;
        }
        hi -= step;
      }
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fitsIn(evaluate(ctx, cores, mid), budgetBytes)) lo = mid;
    else hi = mid;
  }
  return evaluate(ctx, cores, lo);
}
