import { MiB } from "../conf/byteString.js";
import { readBoolean, readBytes, readInt } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import { executorContainer } from "./containers.js";
import type { ModelContext, StartupError, Warning } from "./context.js";
import { SRC } from "./derivation.js";
import { resolveHeap } from "./heap.js";
import { type JvmSight, jvmMemory } from "./jvmMemory.js";
import { podSight } from "./kubernetesPod.js";
import { assembleProcess, taskSlotsOf } from "./process.js";
import type { ExecutorLayout } from "./types.js";
import type { YarnScheduler } from "./yarnScheduler.js";

/** YarnSparkHadoopUtil/SchedulerBackendUtils.DEFAULT_NUMBER_EXECUTORS */
const DEFAULT_NUMBER_EXECUTORS = 2;

function executorCores(ctx: ModelContext, warnings: Warning[]): number {
  const set = readInt(ctx.conf, "spark.executor.cores");
  if (set !== null) return set;
  if (ctx.master.manager !== "standalone") return 1;
  const lc = ctx.master.localCluster;
  if (lc) return lc.coresPerWorker;
  const host = ctx.hostCores ?? 1;
  warnings.push({
    code: "standalone-cores-assumed",
    key: "spark.executor.cores",
    message: `spark.executor.cores is unset: on standalone each executor takes all free cores of its worker; assumed ${host} (the host's cores). Set spark.executor.cores to pin it.`,
  });
  return host;
}

function executorCount(
  ctx: ModelContext,
  cores: number,
  memMiB: number,
): { count: number | null; formula: string } {
  const conf = ctx.conf;
  const instances = readInt(conf, "spark.executor.instances");
  if (ctx.master.manager === "standalone") {
    const lc = ctx.master.localCluster;
    const coresMax = readInt(conf, "spark.cores.max");
    if (lc) {
      const perWorker = Math.min(
        Math.floor(lc.coresPerWorker / cores),
        Math.floor(lc.memoryPerWorkerMiB / Math.max(memMiB, 1)),
      );
      const total = lc.workers * perWorker;
      const capped = coresMax !== null ? Math.min(total, Math.floor(coresMax / cores)) : total;
      return {
        count: capped,
        formula: `${lc.workers} workers × min(⌊${lc.coresPerWorker} cores / ${cores}⌋, ⌊${lc.memoryPerWorkerMiB} MiB / ${memMiB} MiB⌋)${coresMax !== null ? `, capped by spark.cores.max=${coresMax}` : ""} = ${capped}`,
      };
    }
    if (coresMax !== null)
      return {
        count: Math.floor(coresMax / cores),
        formula: `⌊spark.cores.max ${coresMax} / ${cores} cores⌋`,
      };
    return {
      count: null,
      formula: "standalone: one executor per worker with free cores (cluster size unknown)",
    };
  }
  if (readBoolean(conf, "spark.dynamicAllocation.enabled")) {
    const min = readInt(conf, "spark.dynamicAllocation.minExecutors") as number;
    const initial = readInt(conf, "spark.dynamicAllocation.initialExecutors") ?? min;
    const n = Math.max(min, initial, instances ?? 0);
    return {
      count: n,
      formula: `dynamic allocation: max(minExecutors ${min}, initialExecutors ${initial}, spark.executor.instances ${instances ?? 0}) = ${n} at start (Utils.getDynamicAllocationInitialExecutors)`,
    };
  }
  const n = instances ?? DEFAULT_NUMBER_EXECUTORS;
  return {
    count: n,
    formula: instances !== null ? `spark.executor.instances = ${n}` : `DEFAULT_NUMBER_EXECUTORS = ${n}`,
  };
}

export function buildExecutor(
  ctx: ModelContext,
  yarn: YarnScheduler,
  errors: StartupError[],
  warnings: Warning[],
): ExecutorLayout {
  const heap = resolveHeap(ctx, "executor");
  if (heap.error) errors.push(heap.error);
  const cores = executorCores(ctx, warnings);
  const m = ctx.master.manager;
  // YARN and Kubernetes size the container from the config entry (a bare number is MiB) even where
  // the JVM is handed the raw string (Kubernetes before 3.1: SPARK_EXECUTOR_MEMORY as written).
  const memMiB =
    m === "standalone"
      ? Math.floor(heap.bytes / MiB)
      : (readBytes(ctx.conf, "spark.executor.memory", "MiB") as number);
  // What the executor JVM sees decides its default collector.
  let sight: JvmSight = { activeProcessors: null, physicalMemoryBytes: null };
  if (m === "standalone")
    sight = { activeProcessors: ctx.hostCores, physicalMemoryBytes: ctx.hostMemoryBytes };
  if (
    m === "yarn" &&
    atLeast(ctx.version, "4.2") &&
    readBoolean(ctx.conf, "spark.executor.limitActiveProcessorCount.enabled")
  ) {
    sight = { activeProcessors: cores, physicalMemoryBytes: null }; // ExecutorRunnable adds -XX:ActiveProcessorCount=<cores>
  }
  const terms = executorContainer(ctx, memMiB, cores, yarn, errors, warnings);
  if (terms.pod) sight = podSight(terms.pod, "executor");
  const mem = jvmMemory(ctx, "executor", heap, sight, errors, warnings);
  const slots = taskSlotsOf(ctx, cores, "executor", errors);
  const layout = assembleProcess("executor", true, heap, mem, terms, cores, slots);
  const count = executorCount(ctx, cores, memMiB);
  layout.derivation.count = { formula: count.formula, source: SRC.sparkContext };
  return { ...layout, count: count.count };
}
