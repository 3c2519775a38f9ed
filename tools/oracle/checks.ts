import { ByteStringError, byteStringAs } from "../../src/conf/byteString.js";
import { dialectFor } from "../../src/conf/dialect.js";
import { SparkmemError } from "../../src/conf/errors.js";
import { atLeast, parseSparkVersion } from "../../src/conf/version.js";
import { explain } from "../../src/model/explain.js";
import type { Layout } from "../../src/model/types.js";
import type { Answer } from "./client.js";
import type { OracleConfig } from "./generator.js";

/** One question put to Spark and to the model; both sides reduce to a JSON-comparable value. */
export interface Check {
  quantity: Quantity;
  request: Record<string, unknown>;
  ours: () => unknown;
  spark: (a: Answer) => unknown;
  config: unknown;
}

export const QUANTITIES = [
  "unified memory",
  "storage region",
  "off-heap",
  "YARN container",
  "K8s executor pod",
  "YARN AM / driver",
  "K8s driver pod",
  "byte string",
] as const;
export type Quantity = (typeof QUANTITIES)[number];

const MiB = 1048576;
const versionAtLeast = (v: string, line: string) => atLeast(parseSparkVersion(v), line);

/** Keys each question reads, so a setting one code path ignores cannot fail another's comparison. */
const UMM_KEYS = /^spark\.(memory\.|executor\.memory$|testing)/;
const EXECUTOR_KEYS =
  /^spark\.(executor\.|yarn\.executor\.|memory\.offHeap\.|task\.cpus$|kubernetes\.(executor\.|memoryOverheadFactor$|resource\.type$))/;
const DRIVER_KEYS = /^spark\.(driver\.|yarn\.(am|driver)\.|kubernetes\.(driver\.|memoryOverheadFactor$))/;

function pick(conf: Record<string, string>, re: RegExp): Record<string, string> {
  return Object.fromEntries(Object.entries(conf).filter(([k]) => re.test(k)));
}

/** "IllegalArgumentException: text" → "text": the two sides word exceptions, not class names. */
export function sparkError(a: Answer): { error: string } {
  return { error: (a.error ?? "").replace(/^[A-Za-z0-9_$.]*(Exception|Error): /, "") };
}

function oursOrError(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof SparkmemError) return { error: e.sparkMessage ?? e.problem };
    throw e;
  }
}

/**
 * The first of our start-up errors with one of `codes`, in the order given (Spark's order of checks).
 * With `process`, that process's error wins; the layout keeps one copy of identical messages, so
 * another process's error with the same code stands for it.
 */
function firstError(l: Layout, codes: string[], process?: string): { error: string } | null {
  for (const code of codes) {
    const same = l.errors.filter((x) => x.code === code);
    const e = same.find((x) => !process || x.process === process || x.process === "submit") ?? same[0];
    if (e) return { error: e.message };
  }
  return null;
}

const ask = (a: Answer, fields: string[]) =>
  a.ok ? Object.fromEntries(fields.map((f) => [f, a[f] ?? null])) : sparkError(a);

/**
 * The off-heap pools, compared only when off-heap is enabled: Spark sizes them from
 * spark.memory.offHeap.size even when it is disabled, while the layout reports its off-heap regions
 * as 0 then (a documented choice: README, "The oracle").
 */
function offHeapPools(e: NonNullable<Layout["executor"]>): Record<string, number> {
  if (e.offHeapBytes === 0 && e.offHeapStorageRegionBytes === 0) return {};
  return {
    offHeapStoragePoolSize: e.offHeapStorageRegionBytes,
    offHeapExecutionPoolSize: e.offHeapExecutionRegionBytes,
  };
}

export function checksFor(cfg: OracleConfig, version: string): Check[] {
  const checks: Check[] = [];
  const appType = cfg.appType;
  const ummConf: Record<string, string> = {
    ...pick(cfg.conf, UMM_KEYS),
    "spark.testing.memory": String(cfg.systemMemory),
  };
  // one explain for the three memory-manager quantities (a throw is not cached: it recurs)
  const computeUmm = () => {
    // cluster mode: the executor-side checks are reported for the executor process
    const l = explain({
      sparkVersion: version,
      master: "yarn",
      deployMode: "cluster",
      conf: ummConf,
      gc: "G1",
    });
    return {
      l,
      e: l.executor as NonNullable<Layout["executor"]>,
      err: firstError(
        l,
        [
          "min-system-memory",
          "min-executor-memory",
          "storage-fraction-range",
          "execution-memory-zero",
          "offheap-size-zero",
        ],
        "executor",
      ),
    };
  };
  let ummResult: ReturnType<typeof computeUmm> | undefined;
  const umm = () => {
    ummResult ??= computeUmm();
    return ummResult;
  };
  const ummRequest = { kind: "umm", conf: ummConf, numCores: cfg.numCores, isDriver: false };
  checks.push({
    quantity: "unified memory",
    request: ummRequest,
    config: ummRequest,
    ours: () => oursOrError(() => umm().err ?? { maxHeapMemory: umm().e.unifiedBytes }),
    spark: (a) => ask(a, ["maxHeapMemory"]),
  });
  checks.push({
    quantity: "storage region",
    request: ummRequest,
    config: ummRequest,
    ours: () =>
      oursOrError(
        () =>
          umm().err ?? {
            onHeapStorageRegionSize: umm().e.storageRegionBytes,
            maxOnHeapStorageMemory: umm().e.unifiedBytes,
            onHeapStoragePoolSize: umm().e.storageRegionBytes,
            onHeapExecutionPoolSize: umm().e.executionRegionBytes,
          },
      ),
    spark: (a) =>
      ask(a, [
        "onHeapStorageRegionSize",
        "maxOnHeapStorageMemory",
        "onHeapStoragePoolSize",
        "onHeapExecutionPoolSize",
      ]),
  });
  checks.push({
    quantity: "off-heap",
    request: ummRequest,
    config: ummRequest,
    ours: () =>
      oursOrError(() => {
        const { e, err } = umm();
        return err ?? { maxOffHeapStorageMemory: e.uiStorageBytes - e.unifiedBytes, ...offHeapPools(e) };
      }),
    spark: (a) =>
      ask(a, [
        "maxOffHeapStorageMemory",
        ...(ummConf["spark.memory.offHeap.enabled"] === "true"
          ? ["offHeapStoragePoolSize", "offHeapExecutionPoolSize"]
          : []),
      ]),
  });

  const execConf = pick(cfg.conf, EXECUTOR_KEYS);
  const yarnRequest = { kind: "yarnExecutor", conf: execConf, isPython: appType === "python" };
  checks.push({
    quantity: "YARN container",
    request: yarnRequest,
    config: yarnRequest,
    ours: () =>
      oursOrError(() => {
        const l = explain({ sparkVersion: version, master: "yarn", appType, conf: execConf });
        const e = l.executor as NonNullable<Layout["executor"]>;
        // the allocator checks off-heap only where it counts it (YARN 3.0+)
        const err = firstError(
          l,
          versionAtLeast(version, "3.0") ? ["offheap-size-below-1mib", "offheap-size-zero"] : [],
        );
        if (err) return err;
        const total = (e.containerBytes as number) / MiB;
        return {
          totalMemMiB: total,
          memoryOverheadMiB: e.overheadBytes / MiB,
          pysparkMemoryMiB: e.pysparkBytes / MiB,
          executorMemoryMiB: e.heapBytes / MiB,
        };
      }),
    // the container YarnAllocator really asks for, where the harness could build one
    spark: (a) =>
      ask({ ...a, totalMemMiB: a.containerMemoryMiB ?? a.totalMemMiB }, [
        "totalMemMiB",
        "memoryOverheadMiB",
        "pysparkMemoryMiB",
        "executorMemoryMiB",
      ]),
  });

  const k8sType = appType === "jvm" ? "java" : appType;
  const driverConf = {
    ...pick(cfg.conf, DRIVER_KEYS),
    "spark.master": "k8s://https://k",
    "spark.submit.deployMode": "cluster",
  };
  checks.push({
    quantity: "K8s driver pod",
    request: { kind: "k8sDriver", conf: driverConf, mainAppResource: k8sType },
    config: { conf: driverConf, mainAppResource: k8sType },
    ours: () =>
      oursOrError(() => {
        const pod = explain({
          sparkVersion: version,
          master: "k8s://https://k",
          deployMode: "cluster",
          appType,
          conf: driverConf,
        }).driver.pod;
        return {
          memoryRequest: pod?.memoryRequest,
          memoryLimit: pod?.memoryLimit,
          cpuRequest: pod?.cpuRequest,
          cpuLimit: pod?.cpuLimit,
        };
      }),
    spark: (a) => ask(a, ["memoryRequest", "memoryLimit", "cpuRequest", "cpuLimit"]),
  });

  // Executor pods: in cluster mode the driver pod has written the resource type and default factor
  // into the conf the executors are built from (BasicDriverFeatureStep, DriverCommandFeatureStep).
  const k8sExecConf: Record<string, string> = { ...execConf, "spark.master": "k8s://https://k" };
  if (cfg.deployMode === "cluster") k8sExecConf["spark.kubernetes.resource.type"] = k8sType;
  checks.push({
    quantity: "K8s executor pod",
    request: {
      kind: "k8sExecutor",
      conf: k8sExecConf,
      viaDriver: cfg.deployMode === "cluster" ? { conf: driverConf, mainAppResource: k8sType } : null,
    },
    config: { conf: k8sExecConf, deployMode: cfg.deployMode },
    ours: () =>
      oursOrError(() => {
        const l = explain({
          sparkVersion: version,
          master: "k8s://https://k",
          deployMode: cfg.deployMode,
          appType,
          conf: execConf,
        });
        // the executor step checks off-heap only where it counts it (Kubernetes 3.1+)
        const err = firstError(l, [
          ...(versionAtLeast(version, "3.1") ? ["offheap-size-below-1mib", "offheap-size-zero"] : []),
          "k8s-cpu-limit-below-request",
        ]);
        if (err) return err;
        const pod = l.executor?.pod;
        return {
          memoryRequest: pod?.memoryRequest,
          memoryLimit: pod?.memoryLimit,
          cpuRequest: pod?.cpuRequest,
          cpuLimit: pod?.cpuLimit,
          SPARK_EXECUTOR_MEMORY: l.executor?.jvm.xmx.replace(/^-Xmx/, ""),
        };
      }),
    spark: (a) => ask(a, ["memoryRequest", "memoryLimit", "cpuRequest", "cpuLimit", "SPARK_EXECUTOR_MEMORY"]),
  });

  const amConf = { ...pick(cfg.conf, DRIVER_KEYS), "spark.submit.deployMode": cfg.deployMode };
  checks.push({
    quantity: "YARN AM / driver",
    request: { kind: "yarnAm", conf: amConf, clusterMode: cfg.deployMode === "cluster" },
    config: { conf: amConf },
    ours: () =>
      oursOrError(() => {
        const l = explain({
          sparkVersion: version,
          master: "yarn",
          deployMode: cfg.deployMode,
          conf: amConf,
        });
        if (l.am)
          return {
            amMemoryMiB: l.am.heapBytes / MiB,
            amMemoryOverheadMiB: l.am.overheadBytes / MiB,
            amCores: l.am.cores,
          };
        return {
          amMemoryMiB: Math.floor(l.driver.heapBytes / MiB),
          amMemoryOverheadMiB: l.driver.overheadBytes / MiB,
          amCores: l.driver.cores,
        };
      }),
    spark: (a) => ask(a, ["amMemoryMiB", "amMemoryOverheadMiB", "amCores"]),
  });
  return checks;
}

export function byteStringCheck(
  b: { text: string; unit: "BYTE" | "KiB" | "MiB" | "GiB" },
  version: string,
): Check {
  const dialect = dialectFor(parseSparkVersion(version)).bytes;
  return {
    quantity: "byte string",
    request: { kind: "byteString", ...b },
    config: b,
    ours: () => {
      try {
        return { value: String(byteStringAs(b.text, b.unit, dialect)) };
      } catch (e) {
        if (e instanceof ByteStringError) return { error: e.message };
        throw e;
      }
    },
    spark: (a) => (a.ok ? { value: String(a.value) } : sparkError(a)),
  };
}
