import { describe, expect, it } from "vitest";
import { layoutOf } from "./helpers.js";

/**
 * Kubernetes pods (src/model/kubernetesPod.ts): memory request = limit = "<MiB>Mi"; the cpu request from
 * spark.kubernetes.executor.request.cores or spark.executor.cores; a cpu limit only when set. From 4.1
 * BasicExecutorFeatureStep refuses an executor cpu limit below the request, comparing quantities by value.
 * The JVM in the pod sees ⌈cpu limit⌉ processors (the node's without one) and the memory limit, which decides
 * its default collector: below 2 CPUs or 1792 MiB it is Serial, else G1 on Java 17.
 */
const K8S = "k8s://https://k:443";
const CPU_CODE = "k8s-cpu-limit-below-request";

const pod = (sparkVersion: string, conf: Record<string, string>) => {
  const l = layoutOf({ sparkVersion, master: K8S, deployMode: "cluster", conf });
  if (!l.executor) throw new Error("no executor on Kubernetes");
  return { e: l.executor, cpuErrors: l.errors.filter((x) => x.code === CPU_CODE) };
};

describe("4.1+: the executor's cpu limit may not be below its request", () => {
  it("a limit of 2 under 4 cores is refused, with Spark's message", () => {
    const { e, cpuErrors } = pod("4.1.0", {
      "spark.executor.cores": "4",
      "spark.kubernetes.executor.limit.cores": "2",
    });
    expect(e.pod).toEqual({ memoryRequest: "1408Mi", memoryLimit: "1408Mi", cpuRequest: "4", cpuLimit: "2" });
    expect(cpuErrors).toEqual([
      {
        code: CPU_CODE,
        process: "executor",
        key: "spark.kubernetes.executor.limit.cores",
        message: "The executor cpu request (4) should be less than or equal to cpu limit (2)",
        hint: "Raise spark.kubernetes.executor.limit.cores to at least 4 or lower the request (spark.kubernetes.executor.request.cores / spark.executor.cores).",
      },
    ]);
  });
  it('quantities compare by value: "4000m" equals a request of 4', () => {
    expect(
      pod("4.1.0", { "spark.executor.cores": "4", "spark.kubernetes.executor.limit.cores": "4000m" })
        .cpuErrors,
    ).toEqual([]);
  });
  it("the request from spark.kubernetes.executor.request.cores is what the limit is compared with", () => {
    const { e, cpuErrors } = pod("4.1.0", {
      "spark.executor.cores": "4",
      "spark.kubernetes.executor.request.cores": "1500m",
      "spark.kubernetes.executor.limit.cores": "1",
    });
    expect(e.pod?.cpuRequest).toBe("1500m");
    expect(cpuErrors.map((x) => x.message)).toEqual([
      "The executor cpu request (1500m) should be less than or equal to cpu limit (1)",
    ]);
  });
  it("4.0 has no such check", () => {
    expect(
      pod("4.0.1", { "spark.executor.cores": "4", "spark.kubernetes.executor.limit.cores": "2" }).cpuErrors,
    ).toEqual([]);
  });
  it("a limit that is no cpu quantity cannot be compared: no limit-below-request error", () => {
    const { e, cpuErrors } = pod("4.1.0", {
      "spark.executor.cores": "4",
      "spark.kubernetes.executor.limit.cores": "four",
    });
    expect(e.pod?.cpuLimit).toBe("four");
    expect(cpuErrors).toEqual([]);
  });
});

describe("what the executor JVM sees in its pod decides the collector", () => {
  // 4g + 409 overhead = 4505Mi: enough memory for a server-class machine, so only the cpu limit matters
  const jvm = (limit?: string) =>
    pod("3.5.1", {
      "spark.executor.memory": "4g",
      ...(limit ? { "spark.kubernetes.executor.limit.cores": limit } : {}),
    }).e;

  it("a cpu limit of 1: one processor, so Java 17 picks Serial (heap − one survivor space)", () => {
    const e = jvm("1");
    expect(e.pod).toEqual({ memoryRequest: "4505Mi", memoryLimit: "4505Mi", cpuRequest: "1", cpuLimit: "1" });
    expect(e.jvm).toEqual({
      javaVersion: 17,
      gc: "Serial",
      gcReason: "Java 17 default below server class (1 CPU)",
      xmx: "-Xmx4096m",
    });
    expect(e.systemMemoryBytes).toBe(4151836672);
  });
  it("a cpu limit of 1500m is rounded up to 2 processors: G1, whose maxMemory is the whole -Xmx", () => {
    const e = jvm("1500m");
    expect(e.jvm.gc).toBe("G1");
    expect(e.jvm.gcReason).toBe("Java 17 default (server class: ≥ 2 CPUs, ≥ 1792 MiB)");
    expect(e.systemMemoryBytes).toBe(4096 * 1024 * 1024);
  });
  it("no cpu limit: the JVM sees the node's processors; G1", () => {
    const e = jvm();
    expect(e.pod?.cpuLimit).toBeNull();
    expect(e.jvm.gc).toBe("G1");
    expect(e.systemMemoryBytes).toBe(4096 * 1024 * 1024);
  });
  it("the same rule for a cluster-mode driver pod with spark.kubernetes.driver.limit.cores=1", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: K8S,
      deployMode: "cluster",
      conf: { "spark.driver.memory": "4g", "spark.kubernetes.driver.limit.cores": "1" },
    });
    expect(l.driver.pod).toEqual({
      memoryRequest: "4505Mi",
      memoryLimit: "4505Mi",
      cpuRequest: "1",
      cpuLimit: "1",
    });
    expect(l.driver.jvm.gc).toBe("Serial");
    expect(l.driver.jvm.gcReason).toBe("Java 17 default below server class (1 CPU)");
  });
  it("entrypoint.sh starts executors with -Xms = -Xmx, the driver with -Xmx only: on Java 8 Parallel that shows", () => {
    // Parallel's maxMemory subtracts one survivor space; with -Xms = -Xmx the initial young generation's
    // (smaller, InitialSurvivorRatio 8) survivor space is the one subtracted
    const l = layoutOf({
      sparkVersion: "3.2.4",
      master: K8S,
      deployMode: "cluster",
      javaVersion: 8,
      conf: { "spark.driver.memory": "4g", "spark.executor.memory": "4g" },
    });
    expect(l.driver.jvm.gc).toBe("Parallel");
    expect(l.executor?.jvm.gc).toBe("Parallel");
    expect(l.driver.heapBytes).toBe(4096 * 1024 * 1024);
    expect(l.executor?.heapBytes).toBe(4096 * 1024 * 1024);
    expect(l.driver.systemMemoryBytes).toBe(3817865216);
    expect(l.executor?.systemMemoryBytes).toBe(4116185088);
  });
});
