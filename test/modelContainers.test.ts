import { describe, expect, it } from "vitest";
import { SRC } from "../src/model/derivation.js";
import { executorOf, layoutOf, MiB } from "./helpers.js";

/**
 * The executor container / pod (src/model/containers.ts) and the overhead derivations (src/model/overhead.ts):
 * which apps get spark.executor.pyspark.memory in the container (ResourceProfile, YARN's spark.yarn.isPython,
 * Kubernetes' spark.kubernetes.resource.type), the warning when it is left out, off-heap memory counted from
 * YARN 3.0 / Kubernetes 3.1, the standalone worker's reservation, the Spark file each container figure cites,
 * and YARN's maximum-allocation check.
 */
const K8S = "k8s://https://k:6443";
const PY_ONLY_YARN_K8S =
  "spark.executor.pyspark.memory is only counted for Python applications on YARN and Kubernetes.";
const PY_K8S_CLIENT =
  "spark.executor.pyspark.memory is not added to client-mode executor pods: Spark only knows the app is Python when the driver pod sets spark.kubernetes.resource.type=python (cluster mode).";
const notCounted = (message: string) => [
  { code: "pyspark-memory-not-counted", key: "spark.executor.pyspark.memory", message },
];

describe("PySpark memory in the executor container", () => {
  it("YARN: spark.yarn.isPython=false wins over a Python app type; the 512 MiB stay out and a warning says why", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      appType: "python",
      conf: { "spark.yarn.isPython": "false", "spark.executor.pyspark.memory": "512m" },
    });
    expect(l.executor?.pysparkBytes).toBe(0);
    expect(l.executor?.containerBytes).toBe(1408 * MiB);
    expect(l.executor?.derivation.pysparkBytes?.formula).toBe(
      "0 (not a Python app for this cluster manager)",
    );
    expect(l.warnings).toEqual(notCounted(PY_ONLY_YARN_K8S));
  });

  it("YARN: spark.yarn.isPython=true counts it for an app stated as JVM: 1024 + 384 + 512 = 1920 MiB", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      appType: "jvm",
      conf: { "spark.yarn.isPython": "true", "spark.executor.pyspark.memory": "512m" },
    });
    expect(l.executor?.pysparkBytes).toBe(512 * MiB);
    expect(l.executor?.containerBytes).toBe(1920 * MiB);
    expect(l.executor?.derivation.pysparkBytes?.formula).toBe("spark.executor.pyspark.memory = 512 MiB");
    expect(l.warnings).toEqual([]);
  });

  it("YARN Python app with pyspark.memory = 0: counted (as 0), no warning, the key named as the reason", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      appType: "python",
      conf: { "spark.executor.pyspark.memory": "0" },
    });
    expect(l.executor?.derivation.pysparkBytes?.formula).toBe("0 (spark.executor.pyspark.memory)");
    expect(l.warnings).toEqual([]);
  });

  it("Kubernetes client mode, Python app: not in the pod, with the client-mode explanation", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: K8S,
      deployMode: "client",
      appType: "python",
      conf: { "spark.executor.pyspark.memory": "512m" },
    });
    expect(l.executor?.pysparkBytes).toBe(0);
    expect(l.executor?.containerBytes).toBe(1408 * MiB);
    expect(l.warnings).toEqual(notCounted(PY_K8S_CLIENT));
  });

  it("Kubernetes cluster mode, JVM app: not in the pod, with the generic explanation", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: K8S,
      deployMode: "cluster",
      conf: { "spark.executor.pyspark.memory": "512m" },
    });
    expect(l.appType).toBe("jvm");
    expect(l.executor?.pysparkBytes).toBe(0);
    expect(l.warnings).toEqual(notCounted(PY_ONLY_YARN_K8S));
  });

  it("Kubernetes client mode with spark.kubernetes.resource.type=python: the key decides, 512 MiB in the pod", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: K8S,
      deployMode: "client",
      conf: { "spark.kubernetes.resource.type": "python", "spark.executor.pyspark.memory": "512m" },
    });
    expect(l.executor?.pysparkBytes).toBe(512 * MiB);
    expect(l.executor?.containerBytes).toBe(1920 * MiB);
    expect(l.executor?.pod?.memoryLimit).toBe("1920Mi");
    expect(l.warnings).toEqual([]);
  });
});

describe("off-heap memory in the container", () => {
  it("YARN 3.5: an off-heap size under 1 MiB is refused at submit with the exact key and hint", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1000" },
    });
    expect(l.errors).toEqual([
      {
        code: "offheap-size-below-1mib",
        process: "submit",
        key: "spark.memory.offHeap.size",
        message:
          "requirement failed: spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true",
        hint: "1000 bytes is less than the 1 MiB containers are sized in; use at least 1m (a bare number means bytes).",
      },
    ]);
    // the 0 in the container is the size floored to MiB, not a version that leaves off-heap out
    expect(l.executor?.derivation.containerBytes?.formula).toBe(
      "heap 1024 + overhead 384 + off-heap 0 (under 1 MiB) + PySpark 0 = 1408 MiB",
    );
  });

  it("YARN 3.0 counts 1 GiB off-heap: 1024 + 384 + 1024 = 2432 MiB, cited from YarnAllocator (before 3.1)", () => {
    const e = executorOf({
      sparkVersion: "3.0.3",
      master: "yarn",
      conf: { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1g" },
    });
    expect(e.containerOffHeapBytes).toBe(1024 * MiB);
    expect(e.containerBytes).toBe(2432 * MiB);
    expect(e.derivation.containerBytes).toEqual({
      formula: "heap 1024 + overhead 384 + off-heap 1024 + PySpark 0 = 2432 MiB",
      source: SRC.yarnAllocator,
    });
    expect(e.notes).toEqual([]);
  });

  it("Kubernetes 3.0 leaves off-heap out of the pod and says so; 3.1 counts it", () => {
    const conf = { "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1g" };
    const old = executorOf({ sparkVersion: "3.0.3", master: K8S, conf });
    expect(old.containerOffHeapBytes).toBe(0);
    expect(old.derivation.containerBytes).toEqual({
      formula:
        "heap 1024 + overhead 384 + off-heap 0 (not counted by Kubernetes before 3.1) + PySpark 0 = 1408 MiB",
      source: SRC.k8sExecutor,
    });
    const counted = executorOf({ sparkVersion: "3.1.3", master: K8S, conf });
    expect(counted.containerBytes).toBe(2432 * MiB);
    expect(counted.derivation.containerBytes?.formula).toBe(
      "heap 1024 + overhead 384 + off-heap 1024 + PySpark 0 = 2432 MiB",
    );
    expect(counted.notes).toEqual([]);
  });
});

describe("the container's derivation and source", () => {
  it("YARN from 3.1 cites ResourceProfile for the container", () => {
    const e = executorOf({ sparkVersion: "3.5.1", master: "yarn" });
    expect(e.derivation.containerBytes).toEqual({
      formula: "heap 1024 + overhead 384 + off-heap 0 + PySpark 0 = 1408 MiB",
      source: SRC.resourceProfile,
    });
    expect(e.notes).toEqual([]);
  });

  it("standalone: the worker reserves the heap only, no overhead, no notes", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "spark://h:7077",
      conf: { "spark.executor.cores": "2", "spark.executor.memory": "3g" },
    });
    expect(e.overheadBytes).toBe(0);
    expect(e.containerBytes).toBe(3072 * MiB);
    expect(e.derivation.containerBytes).toEqual({
      formula: "standalone workers reserve spark.executor.memory only: 3072 MiB, no overhead",
      source: SRC.sparkContext,
    });
    expect(e.notes).toEqual([]);
  });

  it("YARN refuses an executor container above yarn.scheduler.maximum-allocation-mb (1408 > 1407)", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "yarn.scheduler.maximum-allocation-mb": "1407" },
    });
    expect(l.errors).toEqual([
      {
        code: "yarn-container-above-max",
        process: "executor",
        key: "spark.executor.memory",
        message:
          "Required executor memory (1024 MB), offHeap memory (0) MB, overhead (384 MB), and PySpark memory (0 MB) is above the max threshold (1407 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
        hint: "The executor container needs 1408 MiB but YARN grants at most 1407 MiB: lower spark.executor.memory or the overhead.",
      },
    ]);
  });
});

describe("overhead derivations on Kubernetes and the YARN AM", () => {
  it("each overhead cites its cluster manager's file: BasicDriver/ExecutorFeatureStep, Client, ResourceProfile", () => {
    const k8s = layoutOf({ sparkVersion: "3.5.1", master: K8S, deployMode: "cluster" });
    expect(k8s.driver.derivation.overheadBytes?.source).toBe(SRC.k8sDriver);
    expect(k8s.executor?.derivation.overheadBytes?.source).toBe(SRC.k8sExecutor);
    const yarn = layoutOf({ sparkVersion: "3.5.1", master: "yarn", deployMode: "cluster" });
    expect(yarn.driver.derivation.overheadBytes).toEqual({
      formula:
        "max(⌊0.1 (spark.driver.memoryOverheadFactor) × 1024 MiB⌋ = 102, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 384 MiB",
      source: SRC.yarnClient,
    });
    expect(yarn.executor?.derivation.overheadBytes?.source).toBe(SRC.resourceProfile);
  });

  it("an overhead set with the deprecated spark.yarn.executor.memoryOverhead is named by that key", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.yarn.executor.memoryOverhead": "1000" },
    });
    expect(e.overheadBytes).toBe(1000 * MiB);
    expect(e.derivation.overheadBytes?.formula).toBe(
      "spark.yarn.executor.memoryOverhead = 1000 → 1000 MiB (replaces the factor)",
    );
  });

  it("Kubernetes 3.5 JVM app: the 0.1 default factor is named as spark.kubernetes.memoryOverheadFactor's default", () => {
    expect(executorOf({ sparkVersion: "3.5.1", master: K8S }).derivation.overheadBytes?.formula).toBe(
      "max(⌊0.1 (spark.kubernetes.memoryOverheadFactor default) × 1024 MiB⌋ = 102, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 384 MiB",
    );
  });

  it("Kubernetes 3.2 with spark.kubernetes.memoryOverheadFactor=0.2 and 4g: ⌊0.2 × 4096⌋ = 819 MiB", () => {
    const e = executorOf({
      sparkVersion: "3.2.4",
      master: K8S,
      conf: { "spark.kubernetes.memoryOverheadFactor": "0.2", "spark.executor.memory": "4g" },
    });
    expect(e.overheadBytes).toBe(819 * MiB);
    expect(e.derivation.overheadBytes?.formula).toBe(
      "max(⌊0.2 (spark.kubernetes.memoryOverheadFactor) × 4096 MiB⌋ = 819, 384 (MEMORY_OVERHEAD_MIN_MIB)) = 819 MiB",
    );
  });

  it("client-mode AM with spark.yarn.am.memoryOverhead=500: 500 MiB replaces max(⌊0.1 × am⌋, 384)", () => {
    const am = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.yarn.am.memoryOverhead": "500" },
    }).am;
    expect(am?.overheadBytes).toBe(500 * MiB);
    expect(am?.containerBytes).toBe((512 + 500) * MiB);
    expect(am?.derivation.overheadBytes).toEqual({
      formula: "spark.yarn.am.memoryOverhead = 500 MiB",
      source: SRC.yarnClient,
    });
  });
});
