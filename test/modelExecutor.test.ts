import { describe, expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import { executorOf, GiB, layoutOf, MiB } from "./helpers.js";

/**
 * The executor (src/model/executor.ts): its cores on standalone (all free cores of the worker when unset), how
 * many start (local-cluster's workers × min(cores, memory) fits, spark.cores.max, dynamic allocation's
 * getDynamicAllocationInitialExecutors, DEFAULT_NUMBER_EXECUTORS) and what machine its JVM sees when it picks
 * a collector (the worker's host on standalone; nothing on YARN unless 4.2's limitActiveProcessorCount).
 */
const SERIAL_1CPU = { gc: "Serial", gcReason: "Java 17 default below server class (1 CPU)" };
const G1_SERVER = { gc: "G1", gcReason: "Java 17 default (server class: ≥ 2 CPUs, ≥ 1792 MiB)" };
const gcOf = (j: { gc: string; gcReason: string }) => ({ gc: j.gc, gcReason: j.gcReason });

describe("standalone executor cores", () => {
  it("unset: all 8 cores of the host, with a warning that says so", () => {
    const l = layoutOf({ sparkVersion: "3.5.1", master: "spark://h:7077", hostCores: 8 });
    expect(l.executor?.cores).toBe(8);
    expect(l.executor?.taskSlots).toBe(8);
    expect(l.warnings).toEqual([
      {
        code: "standalone-cores-assumed",
        key: "spark.executor.cores",
        message:
          "spark.executor.cores is unset: on standalone each executor takes all free cores of its worker; assumed 8 (the host's cores). Set spark.executor.cores to pin it.",
      },
    ]);
  });

  it("unset without a known host: assumed 1", () => {
    const l = explain({ sparkVersion: "3.5.1", master: "spark://h:7077" });
    expect(l.executor?.cores).toBe(1);
    expect(l.warnings.map((w) => w.message)).toEqual([
      "spark.executor.cores is unset: on standalone each executor takes all free cores of its worker; assumed 1 (the host's cores). Set spark.executor.cores to pin it.",
    ]);
  });

  it("YARN's 1 default core under spark.task.cpus=2: the executor's task-cpus error", () => {
    const l = layoutOf({ sparkVersion: "3.5.1", master: "yarn", conf: { "spark.task.cpus": "2" } });
    expect(l.executor?.taskSlots).toBe(0);
    expect(l.errors).toEqual([
      {
        code: "task-cpus-above-cores",
        process: "executor",
        key: "spark.task.cpus",
        message: "The number of cores per executor (=1) has to be >= the number of cpus per task = 2.",
        hint: "Lower spark.task.cpus to at most 1, or give each executor at least 2 cores.",
      },
    ]);
  });

  it("YARN defaults to 1 core whatever the host has, with no warning", () => {
    const l = layoutOf({ sparkVersion: "3.5.1", master: "yarn", hostCores: 8 });
    expect(l.executor?.cores).toBe(1);
    expect(l.warnings).toEqual([]);
  });
});

describe("executors at start", () => {
  it("standalone, cluster size unknown: no count", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "spark://h:7077",
      conf: { "spark.executor.cores": "2" },
    });
    expect(e.count).toBeNull();
    expect(e.derivation.count).toEqual({
      formula: "standalone: one executor per worker with free cores (cluster size unknown)",
      source: "core/src/main/scala/org/apache/spark/SparkContext.scala",
    });
  });

  it("standalone with spark.cores.max=7 and 2 cores: ⌊7/2⌋ = 3; a bare executor memory is bytes (2048 MiB)", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "spark://h:7077",
      conf: { "spark.executor.cores": "2", "spark.cores.max": "7", "spark.executor.memory": "2147483648" },
    });
    expect(e.count).toBe(3);
    expect(e.derivation.count?.formula).toBe("⌊spark.cores.max 7 / 2 cores⌋");
    expect(e.containerBytes).toBe(2048 * MiB);
    expect(e.derivation.containerBytes?.formula).toBe(
      "standalone workers reserve spark.executor.memory only: 2048 MiB, no overhead",
    );
  });

  it("local-cluster[3,8,3072], 2 cores × 1g: memory fits 3 per worker, cores 4: 3 × 3 = 9", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "local-cluster[3,8,3072]",
      conf: { "spark.executor.cores": "2", "spark.executor.memory": "1g" },
    });
    expect(e.count).toBe(9);
    expect(e.derivation.count?.formula).toBe("3 workers × min(⌊8 cores / 2⌋, ⌊3072 MiB / 1024 MiB⌋) = 9");
  });

  it("local-cluster[3,4,8192], 2 cores × 1g: cores fit 2 per worker, memory 8: 3 × 2 = 6", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "local-cluster[3,4,8192]",
      conf: { "spark.executor.cores": "2", "spark.executor.memory": "1g" },
    });
    expect(e.count).toBe(6);
    expect(e.derivation.count?.formula).toBe("3 workers × min(⌊4 cores / 2⌋, ⌊8192 MiB / 1024 MiB⌋) = 6");
  });

  it("local-cluster[3,4,8192] capped by spark.cores.max=3: min(6, ⌊3/2⌋) = 1", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "local-cluster[3,4,8192]",
      conf: { "spark.executor.cores": "2", "spark.executor.memory": "1g", "spark.cores.max": "3" },
    });
    expect(e.count).toBe(1);
    expect(e.derivation.count?.formula).toBe(
      "3 workers × min(⌊4 cores / 2⌋, ⌊8192 MiB / 1024 MiB⌋), capped by spark.cores.max=3 = 1",
    );
  });

  it("YARN with spark.executor.instances=4: 4, named after the key", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.executor.instances": "4" },
    });
    expect(e.count).toBe(4);
    expect(e.derivation.count?.formula).toBe("spark.executor.instances = 4");
  });

  it("dynamic allocation, minExecutors 3 and no initialExecutors: starts with 3", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: { "spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.minExecutors": "3" },
    });
    expect(e.count).toBe(3);
    expect(e.derivation.count?.formula).toBe(
      "dynamic allocation: max(minExecutors 3, initialExecutors 3, spark.executor.instances 0) = 3 at start (Utils.getDynamicAllocationInitialExecutors)",
    );
  });

  it("dynamic allocation, min 1, initial 5, instances 4: max(1, 5, 4) = 5", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      conf: {
        "spark.dynamicAllocation.enabled": "true",
        "spark.dynamicAllocation.minExecutors": "1",
        "spark.dynamicAllocation.initialExecutors": "5",
        "spark.executor.instances": "4",
      },
    });
    expect(e.count).toBe(5);
    expect(e.derivation.count?.formula).toBe(
      "dynamic allocation: max(minExecutors 1, initialExecutors 5, spark.executor.instances 4) = 5 at start (Utils.getDynamicAllocationInitialExecutors)",
    );
  });
});

describe("what the executor JVM sees when it picks a collector", () => {
  const host1 = { hostCores: 1, hostMemoryBytes: 32 * GiB };

  it("standalone: the worker's single CPU makes it Serial", () => {
    const e = executorOf({
      sparkVersion: "3.5.1",
      master: "spark://h:7077",
      ...host1,
      conf: { "spark.executor.cores": "1" },
    });
    expect(gcOf(e.jvm)).toEqual(SERIAL_1CPU);
  });

  it("YARN: the machine spark-submit runs on says nothing about the container, so G1", () => {
    const e = executorOf({ sparkVersion: "3.5.1", master: "yarn", ...host1 });
    expect(gcOf(e.jvm)).toEqual(G1_SERVER);
  });

  it("standalone 4.2 with limitActiveProcessorCount (a YARN flag): still the host's 1 CPU, Serial", () => {
    const e = executorOf({
      sparkVersion: "4.2.0",
      master: "spark://h:7077",
      ...host1,
      conf: { "spark.executor.cores": "4", "spark.executor.limitActiveProcessorCount.enabled": "true" },
    });
    expect(gcOf(e.jvm)).toEqual(SERIAL_1CPU);
  });
});
