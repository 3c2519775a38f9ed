import { MiB } from "../conf/byteString.js";
import { isSet, readBoolean, readBytes, readString } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext, StartupError, Warning } from "./context.js";
import { type Derivations, SRC } from "./derivation.js";
import { executorCpuLimitError, podResources } from "./kubernetesPod.js";
import { refuseAboveMaxMiB, refuseYarnRequest } from "./limits.js";
import { offHeapContainerMessage, yarnExecutorAboveMaxMessage } from "./messages.js";
import { processOverhead } from "./overhead.js";
import type { ContainerTerms } from "./process.js";
import { stepPhrase, type YarnScheduler, yarnGrantMiB } from "./yarnScheduler.js";

/** PySpark memory joins the executor container only for apps Spark knows to be Python. */
function pysparkMiB(ctx: ModelContext, warnings: Warning[]): { mib: number; why: string } {
  const set = readBytes(ctx.conf, "spark.executor.pyspark.memory");
  if (!atLeast(ctx.version, "2.4") || set === null) return { mib: 0, why: "unset" };
  const m = ctx.master.manager;
  let python: boolean;
  if (m === "yarn") {
    python = isSet(ctx.conf, "spark.yarn.isPython")
      ? (readBoolean(ctx.conf, "spark.yarn.isPython") as boolean)
      : ctx.appType === "python";
  } else if (m === "kubernetes") {
    // spark.kubernetes.resource.type is written by the driver pod's DriverCommandFeatureStep (cluster mode)
    const type = readString(ctx.conf, "spark.kubernetes.resource.type");
    python = type !== null ? type === "python" : ctx.appType === "python" && ctx.deployMode === "cluster";
  } else python = false;
  if (!python) {
    warnings.push({
      code: "pyspark-memory-not-counted",
      key: "spark.executor.pyspark.memory",
      message:
        m === "kubernetes" && ctx.appType === "python"
          ? "spark.executor.pyspark.memory is not added to client-mode executor pods: Spark only knows the app is Python when the driver pod sets spark.kubernetes.resource.type=python (cluster mode)."
          : "spark.executor.pyspark.memory is only counted for Python applications on YARN and Kubernetes.",
    });
    return { mib: 0, why: "not a Python app for this cluster manager" };
  }
  return { mib: set, why: "spark.executor.pyspark.memory" };
}

/** Off-heap in whole MiB (Utils.executorOffHeapMemorySizeAsMb), counted by YARN from 3.0, K8s from 3.1. */
function offHeapCountedMiB(ctx: ModelContext, errors: StartupError[]): { mib: number; enabled: boolean } {
  const enabled = readBoolean(ctx.conf, "spark.memory.offHeap.enabled") as boolean;
  if (!enabled) return { mib: 0, enabled };
  const since = ctx.master.manager === "yarn" ? "3.0" : "3.1";
  if (!atLeast(ctx.version, since)) return { mib: 0, enabled };
  const size = readBytes(ctx.conf, "spark.memory.offHeap.size") as number;
  const mib = Math.floor(size / MiB);
  if (mib === 0) {
    errors.push({
      code: "offheap-size-below-1mib",
      process: "submit",
      key: "spark.memory.offHeap.size",
      message: offHeapContainerMessage(ctx.version),
      hint: `${size} bytes is less than the 1 MiB containers are sized in; use at least 1m (a bare number means bytes).`,
    });
  }
  return { mib, enabled };
}

/** Executor container (YARN) or pod (Kubernetes); standalone workers reserve the heap only. */
export function executorContainer(
  ctx: ModelContext,
  memMiB: number,
  cores: number,
  yarn: YarnScheduler,
  errors: StartupError[],
  warnings: Warning[],
): ContainerTerms {
  const d: Derivations = {};
  const m = ctx.master.manager;
  if (m === "standalone") {
    d.containerBytes = {
      formula: `standalone workers reserve spark.executor.memory only: ${memMiB} MiB, no overhead`,
      source: SRC.sparkContext,
    };
    return {
      overheadMiB: 0,
      pysparkMiB: 0,
      offHeapCountedMiB: 0,
      requestMiB: memMiB,
      allocatedMiB: memMiB,
      pod: null,
      derivation: d,
      notes: [],
    };
  }
  // the container reads the config entry even where the JVM is handed the raw string (Kubernetes before 3.1)
  refuseAboveMaxMiB(ctx.conf, "spark.executor.memory", memMiB);
  const overhead = processOverhead(ctx, "executor", memMiB);
  const py = pysparkMiB(ctx, warnings);
  const { mib: off, enabled: offHeapEnabled } = offHeapCountedMiB(ctx, errors);
  const request = memMiB + overhead.mib + off + py.mib;
  d.overheadBytes = overhead.derivation;
  d.pysparkBytes = {
    formula: py.mib ? `spark.executor.pyspark.memory = ${py.mib} MiB` : `0 (${py.why})`,
    source: SRC.resourceProfile,
  };
  // enabled but 0: either this version leaves it out, or the size floors to 0 MiB (refused at submit)
  const counted = atLeast(ctx.version, m === "yarn" ? "3.0" : "3.1");
  const offWhy =
    offHeapEnabled && off === 0
      ? counted
        ? " (under 1 MiB)"
        : ` (not counted by ${m === "yarn" ? "YARN before 3.0" : "Kubernetes before 3.1"})`
      : "";
  d.containerBytes = {
    formula: `heap ${memMiB} + overhead ${overhead.mib} + off-heap ${off}${offWhy} + PySpark ${py.mib} = ${request} MiB`,
    source:
      m === "yarn"
        ? atLeast(ctx.version, "3.1")
          ? SRC.resourceProfile
          : SRC.yarnAllocator
        : SRC.k8sExecutor,
  };
  const notes: string[] = [];
  if (m === "kubernetes") {
    d.containerAllocatedBytes = {
      formula: "Kubernetes grants the pod its request; memory request = limit",
      source: SRC.k8sExecutor,
    };
    const pod = podResources(ctx, "executor", request, cores);
    const cpuError = executorCpuLimitError(ctx, pod);
    if (cpuError) errors.push(cpuError);
    return {
      overheadMiB: overhead.mib,
      pysparkMiB: py.mib,
      offHeapCountedMiB: off,
      requestMiB: request,
      allocatedMiB: request,
      pod,
      derivation: d,
      notes,
    };
  }
  refuseYarnRequest(ctx.conf, "executor", [
    { label: "heap", key: "spark.executor.memory", mib: memMiB },
    { label: "overhead", key: overhead.key ?? "spark.executor.memory", mib: overhead.mib },
    { label: "off-heap", key: "spark.memory.offHeap.size", mib: off },
    { label: "PySpark", key: "spark.executor.pyspark.memory", mib: py.mib },
  ]);
  const allocated = yarnGrantMiB(request, yarn);
  d.containerAllocatedBytes = {
    formula: `YARN rounds ${request} MiB up to a multiple of ${stepPhrase(yarn)}: ${allocated} MiB`,
    source: SRC.hadoopNormalize,
  };
  if (yarn.maxAllocationMiB !== null && request > yarn.maxAllocationMiB) {
    errors.push({
      code: "yarn-container-above-max",
      process: "executor",
      key: "spark.executor.memory",
      message: yarnExecutorAboveMaxMessage(ctx.version, {
        memMiB,
        offHeapMiB: off,
        overheadMiB: overhead.mib,
        pysparkMiB: py.mib,
        maxMiB: yarn.maxAllocationMiB,
      }),
      hint: `The executor container needs ${request} MiB but YARN grants at most ${yarn.maxAllocationMiB} MiB: lower spark.executor.memory or the overhead.`,
    });
  }
  return {
    overheadMiB: overhead.mib,
    pysparkMiB: py.mib,
    offHeapCountedMiB: off,
    requestMiB: request,
    allocatedMiB: allocated,
    pod: null,
    derivation: d,
    notes,
  };
}
