import { SparkmemError } from "../conf/errors.js";
import type { SparkConf } from "../conf/sparkConf.js";
import type { Layout, ProcessLayout } from "../model/types.js";
import { logLayoutInput, profileLayout } from "./logLayout.js";
import type { ExecutorProfile } from "./resourceProfiles.js";
import type { ExecutorSummary } from "./types.js";

/** What one executor was given and what it really used, in bytes (peaks from executor metrics). */
export interface ExecutorMemoryUse {
  id: string;
  heapAllocatedBytes: number;
  /** JVMHeapMemory: used heap including garbage, the JVM's own figure. */
  heapPeakBytes: number | null;
  offHeapAllocatedBytes: number;
  offHeapPeakBytes: number | null;
  pysparkAllocatedBytes: number;
  pythonRssPeakBytes: number | null;
  /** The YARN container or Kubernetes pod; null where nothing is requested. */
  containerBytes: number | null;
  /** JVM + Python + other process-tree RSS: the figure a container limit is enforced on. */
  rssPeakBytes: number | null;
  lifetimeMs: number | null;
  /** (container, or heap where there is none) minus the peak, times the lifetime, in GiB-hours. */
  wasteGibHours: number | null;
  /**
   * The peak wasteGibHours was measured against: the process-tree RSS for a container, the heap peak where there
   * is no container or the log has no process-tree RSS (then an upper bound: memory outside the heap is left
   * out); null when neither is known.
   */
  wasteFrom: "process-tree RSS" | "heap" | null;
  /** The collector the model expects for this JVM (Java version from the log, flags from its options). */
  gc: string;
  /** totalGCTime / totalDuration (task time); null without tasks. */
  gcTimeShare: number | null;
}

/** One JVM of explain's layout for the log's settings, without the derivations (`sparkmem explain` has them). */
export interface ExpectedProcess {
  xmx: string;
  gc: string;
  heapBytes: number;
  reservedBytes: number;
  userBytes: number;
  unifiedBytes: number;
  storageRegionBytes: number;
  executionRegionBytes: number;
  offHeapBytes: number;
  overheadBytes: number;
  pysparkBytes: number;
  containerBytes: number | null;
  containerAllocatedBytes: number | null;
  cores: number;
  taskSlots: number;
}

/** The executors of a stage-level scheduling profile that asks for its own cores or memory. */
export interface ExpectedProfile {
  id: number;
  /** The profile's executor requests as the settings they stand for. */
  settings: Record<string, string>;
  executor: ExpectedProcess | null;
}

export interface ExpectedLayout {
  sparkVersion: string;
  clusterManager: string;
  deployMode: string;
  driver: ExpectedProcess;
  /** The default profile's executors. */
  executor: ExpectedProcess | null;
  profiles: ExpectedProfile[];
  /** Start-up errors Spark would raise with these settings (a log that exists ran, so rarely any). */
  errors: string[];
  /** What the block managers' maxima revealed about the machines (logLayoutInput). */
  notes: string[];
}

export function expectedLayout(view: MemoryView): ExpectedLayout {
  const l = view.layout;
  const p = (x: ProcessLayout): ExpectedProcess => ({
    xmx: x.jvm.xmx,
    gc: x.jvm.gc,
    heapBytes: x.heapBytes,
    reservedBytes: x.reservedBytes,
    userBytes: x.userBytes,
    unifiedBytes: x.unifiedBytes,
    storageRegionBytes: x.storageRegionBytes,
    executionRegionBytes: x.executionRegionBytes,
    offHeapBytes: x.offHeapBytes,
    overheadBytes: x.overheadBytes,
    pysparkBytes: x.pysparkBytes,
    containerBytes: x.containerBytes,
    containerAllocatedBytes: x.containerAllocatedBytes,
    cores: x.cores,
    taskSlots: x.taskSlots,
  });
  return {
    sparkVersion: l.sparkVersion,
    clusterManager: l.clusterManager,
    deployMode: l.deployMode,
    driver: p(l.driver),
    executor: l.executor ? p(l.executor) : null,
    profiles: view.profiles.map(({ id, settings, layout }) => ({
      id,
      settings,
      executor: layout.executor ? p(layout.executor) : null,
    })),
    errors: l.errors.map((e) => e.message),
    notes: view.notes,
  };
}

export interface MemoryView {
  /** explain's layout for the application's own settings. */
  layout: Layout;
  /** The layouts of stage-level scheduling profiles with their own executor requests. */
  profiles: (ExecutorProfile & { layout: Layout })[];
  notes: string[];
  executors: ExecutorMemoryUse[];
  wasteGibHours: number;
}

const GiB = 1024 ** 3;
const HOUR_MS = 3_600_000;

function metric(e: ExecutorSummary, name: string): number | null {
  return e.peakMetrics?.[name] ?? null;
}

/**
 * The expected layout (sparkmem explain on the log's settings) against the peaks each
 * executor reported. Returns the reason instead when the log's version or settings cannot be modelled.
 */
export function memoryView(
  sparkVersion: string | null,
  /** The Spark properties, with the cluster's Hadoop allocation settings under them (modelConf). */
  conf: SparkConf,
  executors: ExecutorSummary[],
  appEndMs: number | null,
  javaVersion: string | null = null,
  executorProfiles: ExecutorProfile[] = [],
): MemoryView | { unavailable: string } {
  let layout: Layout;
  let notes: string[];
  let profiles: MemoryView["profiles"];
  try {
    const known = logLayoutInput(sparkVersion, conf, executors, javaVersion);
    layout = known.layout;
    notes = known.notes;
    profiles = executorProfiles.map((x) => ({ ...x, layout: profileLayout(known.input, x) }));
  } catch (e) {
    if (e instanceof SparkmemError) return { unavailable: e.oneLine() };
    throw e;
  }
  const uses: ExecutorMemoryUse[] = [];
  let total = 0;
  for (const e of executors) {
    const own = profiles.find((x) => x.id === e.resourceProfileId)?.layout ?? layout;
    const p = e.id === "driver" ? layout.driver : (own.executor ?? layout.driver);
    const rssParts = [
      "ProcessTreeJVMRSSMemory",
      "ProcessTreePythonRSSMemory",
      "ProcessTreeOtherRSSMemory",
    ].map((n) => metric(e, n));
    const rss = rssParts.some((v) => v !== null && v > 0)
      ? rssParts.reduce<number>((a, v) => a + (v ?? 0), 0)
      : null;
    const heapPeak = metric(e, "JVMHeapMemory");
    const end = e.removeTimeMs ?? appEndMs;
    const lifetime = e.addTimeMs !== null && end !== null ? Math.max(0, end - e.addTimeMs) : null;
    const allocated = p.containerBytes ?? p.heapBytes;
    const fromRss = p.containerBytes !== null && rss !== null;
    const peak = fromRss ? rss : heapPeak;
    const waste =
      peak !== null && lifetime !== null
        ? (Math.max(0, allocated - peak) / GiB) * (lifetime / HOUR_MS)
        : null;
    if (waste !== null) total += waste;
    uses.push({
      id: e.id,
      heapAllocatedBytes: p.heapBytes,
      heapPeakBytes: heapPeak,
      offHeapAllocatedBytes: p.offHeapBytes,
      offHeapPeakBytes: metric(e, "OffHeapUnifiedMemory"),
      pysparkAllocatedBytes: p.pysparkBytes,
      pythonRssPeakBytes: metric(e, "ProcessTreePythonRSSMemory"),
      containerBytes: p.containerBytes,
      rssPeakBytes: rss,
      lifetimeMs: lifetime,
      wasteGibHours: waste,
      wasteFrom: waste === null ? null : fromRss ? "process-tree RSS" : "heap",
      gc: p.jvm.gc,
      gcTimeShare: e.totalDuration > 0 ? e.totalGCTime / e.totalDuration : null,
    });
  }
  return { layout, profiles, notes, executors: uses, wasteGibHours: total };
}
