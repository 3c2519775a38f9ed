import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { readBoolean, readBytes, readInt } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext, StartupError, Warning } from "./context.js";
import { type Derivations, SRC } from "./derivation.js";
import { resolveHeap } from "./heap.js";
import { type JvmSight, jvmMemory } from "./jvmMemory.js";
import { podResources, podSight } from "./kubernetesPod.js";
import { refuseAboveMaxMiB, refuseYarnRequest } from "./limits.js";
import { yarnAmAboveMaxMessage } from "./messages.js";
import { amOverhead, processOverhead } from "./overhead.js";
import { assembleProcess, type ContainerTerms, taskSlotsOf } from "./process.js";
import type { AmLayout, ProcessLayout } from "./types.js";
import { type YarnScheduler, yarnGrantMiB } from "./yarnScheduler.js";

function localThreads(ctx: ModelContext): number {
  if (ctx.master.manager !== "local") return 0;
  if (ctx.master.threads !== "*") return ctx.master.threads;
  if (ctx.hostCores === null) {
    throw new SparkmemError(
      "spark.master",
      `${ctx.master.url} uses every core of the machine, and its core count is not known`,
      {
        expected: "the machine's core count (--host-cores N)",
      },
    );
  }
  return ctx.hostCores;
}

/** Cluster-mode driver container (YARN AM) or pod; nothing is requested for a client/local driver. */
function driverTerms(
  ctx: ModelContext,
  memMiB: number,
  yarn: YarnScheduler,
  errors: StartupError[],
): ContainerTerms {
  const d: Derivations = {};
  const m = ctx.master.manager;
  const none: ContainerTerms = {
    overheadMiB: 0,
    pysparkMiB: 0,
    offHeapCountedMiB: 0,
    requestMiB: null,
    allocatedMiB: null,
    pod: null,
    derivation: d,
    notes: [],
  };
  if (m === "local" || ctx.deployMode === "client") {
    d.containerBytes = {
      formula: "the driver runs where it was launched: Spark requests no container for it",
    };
    return none;
  }
  if (m === "standalone") {
    d.containerBytes = {
      formula: `a standalone worker reserves the driver's ${memMiB} MiB, no overhead`,
      source: SRC.sparkContext,
    };
    return { ...none, requestMiB: memMiB, allocatedMiB: memMiB };
  }
  // Cluster mode: the driver's -Xmx was derived from the MiB config entry for the container size.
  const entryMiB = readBytes(ctx.conf, "spark.driver.memory", "MiB") as number;
  refuseAboveMaxMiB(ctx.conf, "spark.driver.memory", entryMiB); // Kubernetes: the JVM got the raw string
  const overhead = processOverhead(ctx, "driver", entryMiB);
  const request = entryMiB + overhead.mib;
  d.overheadBytes = overhead.derivation;
  d.containerBytes = {
    formula: `driver ${entryMiB} + overhead ${overhead.mib} = ${request} MiB (no PySpark or off-heap term)`,
    source: m === "yarn" ? SRC.yarnClient : SRC.k8sDriver,
  };
  if (m === "kubernetes") {
    const pod = podResources(ctx, "driver", request, readInt(ctx.conf, "spark.driver.cores") as number);
    return { ...none, overheadMiB: overhead.mib, requestMiB: request, allocatedMiB: request, pod };
  }
  refuseYarnRequest(ctx.conf, "driver (AM)", [
    { label: "heap", key: "spark.driver.memory", mib: entryMiB },
    { label: "overhead", key: overhead.key ?? "spark.driver.memory", mib: overhead.mib },
  ]);
  const allocated = yarnGrantMiB(request, yarn);
  d.containerAllocatedBytes = {
    formula: `YARN rounds ${request} MiB up to a multiple of ${yarn.stepMiB}: ${allocated} MiB`,
    source: SRC.hadoopNormalize,
  };
  if (yarn.maxAllocationMiB !== null && request > yarn.maxAllocationMiB) {
    errors.push({
      code: "yarn-container-above-max",
      process: "driver",
      key: "spark.driver.memory",
      message: yarnAmAboveMaxMessage(entryMiB, overhead.mib, yarn.maxAllocationMiB),
      hint: `The driver (AM) container needs ${request} MiB but YARN grants at most ${yarn.maxAllocationMiB} MiB.`,
    });
  }
  return { ...none, overheadMiB: overhead.mib, requestMiB: request, allocatedMiB: allocated };
}

export function buildDriver(
  ctx: ModelContext,
  yarn: YarnScheduler,
  errors: StartupError[],
  warnings: Warning[],
): ProcessLayout {
  const heap = resolveHeap(ctx, "driver");
  if (heap.error) errors.push(heap.error);
  const local = ctx.master.manager === "local";
  const clusterMode = ctx.deployMode === "cluster" && !local;
  const terms = driverTerms(ctx, Math.floor(heap.bytes / MiB), yarn, errors);
  let sight: JvmSight = {
    activeProcessors: ctx.hostCores,
    physicalMemoryBytes: ctx.hostMemoryBytes,
  };
  if (clusterMode && ctx.master.manager === "yarn") {
    // 4.2+: spark.driver.limitActiveProcessorCount.enabled adds -XX:ActiveProcessorCount=<driver cores>
    const limited =
      atLeast(ctx.version, "4.2") && readBoolean(ctx.conf, "spark.driver.limitActiveProcessorCount.enabled");
    sight = {
      activeProcessors: limited ? (readInt(ctx.conf, "spark.driver.cores") as number) : null,
      physicalMemoryBytes: null,
    };
  }
  if (clusterMode && terms.pod) sight = podSight(terms.pod, "driver");
  const mem = jvmMemory(ctx, "driver", heap, sight, errors, warnings);
  const cores = local ? localThreads(ctx) : (readInt(ctx.conf, "spark.driver.cores") as number);
  const slots = local ? taskSlotsOf(ctx, cores, "driver", errors) : 0;
  const layout = assembleProcess("driver", local, heap, mem, terms, cores, slots);
  if (local)
    layout.notes.push(
      "Local mode: this JVM is the driver and the only executor; spark.executor.memory sizes nothing here.",
    );
  return layout;
}

/** Client-mode YARN Application Master (ExecutorLauncher): spark.yarn.am.* sizes it. */
export function buildAm(ctx: ModelContext, yarn: YarnScheduler, errors: StartupError[]): AmLayout {
  const amMiB = readBytes(ctx.conf, "spark.yarn.am.memory", "MiB") as number;
  const overhead = amOverhead(ctx, amMiB);
  const request = amMiB + overhead.mib;
  refuseYarnRequest(ctx.conf, "AM", [
    { label: "heap", key: "spark.yarn.am.memory", mib: amMiB },
    { label: "overhead", key: overhead.key ?? "spark.yarn.am.memory", mib: overhead.mib },
  ]);
  const allocated = yarnGrantMiB(request, yarn);
  if (yarn.maxAllocationMiB !== null && request > yarn.maxAllocationMiB) {
    errors.push({
      code: "yarn-container-above-max",
      process: "am",
      key: "spark.yarn.am.memory",
      message: yarnAmAboveMaxMessage(amMiB, overhead.mib, yarn.maxAllocationMiB),
      hint: `Lower spark.yarn.am.memory: the AM container needs ${request} MiB.`,
    });
  }
  return {
    heapBytes: amMiB * MiB,
    overheadBytes: overhead.mib * MiB,
    containerBytes: request * MiB,
    containerAllocatedBytes: allocated * MiB,
    cores: readInt(ctx.conf, "spark.yarn.am.cores") as number,
    derivation: {
      heapBytes: { formula: `spark.yarn.am.memory = ${amMiB} MiB`, source: SRC.yarnClient },
      overheadBytes: overhead.derivation,
      containerBytes: { formula: `${amMiB} + ${overhead.mib} = ${request} MiB`, source: SRC.yarnClient },
      containerAllocatedBytes: {
        formula: `rounded to a multiple of ${yarn.stepMiB}: ${allocated} MiB`,
        source: SRC.hadoopNormalize,
      },
    },
  };
}
