import { describe, expect, it } from "vitest";
import { SparkmemError } from "../src/conf/errors.js";
import { SRC } from "../src/model/derivation.js";
import { explain } from "../src/model/explain.js";
import { offHeapRoom } from "../src/model/offHeapRoom.js";
import { GiB, layoutOf, MiB } from "./helpers.js";

/**
 * The driver (src/model/driver.ts): local[*] needs the host's cores, the container Spark requests for it in
 * cluster mode (a standalone worker's reservation, the YARN AM with its overhead and the maximum-allocation
 * check, the Kubernetes pod), the client-mode YARN AM's check, what its JVM sees when it picks a collector,
 * and its notes. Also offHeapRoom (src/model/offHeapRoom.ts): only an executor whose container leaves
 * off-heap memory out gets the overhead that makes room for it.
 */
const K8S = "k8s://https://k:6443";
const SERIAL_1CPU = { gc: "Serial", gcReason: "Java 17 default below server class (1 CPU)" };
const G1_SERVER = { gc: "G1", gcReason: "Java 17 default (server class: ≥ 2 CPUs, ≥ 1792 MiB)" };
const gcOf = (j: { gc: string; gcReason: string }) => ({ gc: j.gc, gcReason: j.gcReason });
const host1 = { hostCores: 1, hostMemoryBytes: 32 * GiB };
const LOCAL_NOTE =
  "Local mode: this JVM is the driver and the only executor; spark.executor.memory sizes nothing here.";

describe("local-mode driver", () => {
  it("local[*] without the host's core count is refused on spark.master", () => {
    let err: unknown;
    try {
      explain({ sparkVersion: "3.5.1", master: "local[*]" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SparkmemError);
    const { where, problem, expected } = err as SparkmemError;
    expect({ where, problem, expected }).toEqual({
      where: "spark.master",
      problem: "local[*] uses every core of the machine, and its core count is not known",
      expected: "the machine's core count (--host-cores N)",
    });
  });

  it("local[1] with spark.task.cpus=2: the driver's task-cpus error, and the local-mode note alone", () => {
    const l = layoutOf({ sparkVersion: "3.5.1", master: "local[1]", conf: { "spark.task.cpus": "2" } });
    expect(l.driver.taskSlots).toBe(0);
    expect(l.errors).toEqual([
      {
        code: "task-cpus-above-cores",
        process: "driver",
        key: "spark.task.cpus",
        message: "The number of cores per executor (=1) has to be >= the number of cpus per task = 2.",
        hint: "Lower spark.task.cpus to at most 1, or give each executor at least 2 cores.",
      },
    ]);
    expect(l.driver.notes).toEqual([LOCAL_NOTE]);
  });
});

describe("the driver's container", () => {
  it("local master in cluster mode: refused at submit, and still no container for the driver", () => {
    const l = layoutOf({ sparkVersion: "3.5.1", master: "local[2]", deployMode: "cluster" });
    expect(l.errors.map((e) => e.code)).toEqual(["cluster-mode-local"]);
    expect(l.driver.containerBytes).toBeNull();
    expect(l.driver.overheadBytes).toBe(0);
  });

  it("YARN client mode: no container, no notes", () => {
    const d = layoutOf({ sparkVersion: "3.5.1", master: "yarn", deployMode: "client" }).driver;
    expect(d.containerBytes).toBeNull();
    expect(d.notes).toEqual([]);
  });

  it("standalone cluster mode: the worker reserves the driver's 1024 MiB, no overhead", () => {
    const d = layoutOf({ sparkVersion: "3.5.1", master: "spark://h:7077", deployMode: "cluster" }).driver;
    expect(d.overheadBytes).toBe(0);
    expect(d.containerBytes).toBe(1024 * MiB);
    expect(d.containerAllocatedBytes).toBe(1024 * MiB);
    expect(d.derivation.containerBytes).toEqual({
      formula: "a standalone worker reserves the driver's 1024 MiB, no overhead",
      source: SRC.sparkContext,
    });
    expect(d.notes).toEqual([]);
  });

  it("YARN cluster mode: 1024 + 384 = 1408 MiB, cited from Client.scala", () => {
    const d = layoutOf({ sparkVersion: "3.5.1", master: "yarn", deployMode: "cluster" }).driver;
    expect(d.containerBytes).toBe(1408 * MiB);
    expect(d.derivation.containerBytes).toEqual({
      formula: "driver 1024 + overhead 384 = 1408 MiB (no PySpark or off-heap term)",
      source: SRC.yarnClient,
    });
  });

  it("Kubernetes cluster mode: the same 1408 MiB, cited from BasicDriverFeatureStep", () => {
    const d = layoutOf({ sparkVersion: "3.5.1", master: K8S, deployMode: "cluster" }).driver;
    expect(d.containerBytes).toBe(1408 * MiB);
    expect(d.derivation.containerBytes).toEqual({
      formula: "driver 1024 + overhead 384 = 1408 MiB (no PySpark or off-heap term)",
      source: SRC.k8sDriver,
    });
  });

  it("YARN max allocation 1408 MiB: a 1408 MiB AM fits exactly, no error", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "cluster",
      conf: { "yarn.scheduler.maximum-allocation-mb": "1408" },
    });
    expect(l.errors).toEqual([]);
  });

  it("YARN max allocation 1407 MiB: the driver's AM is refused with the driver's key and hint", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "cluster",
      conf: { "yarn.scheduler.maximum-allocation-mb": "1407" },
    });
    expect(l.errors.find((e) => e.process !== "executor")).toEqual({
      code: "yarn-container-above-max",
      process: "driver",
      key: "spark.driver.memory",
      message:
        "Required AM memory (1024+384 MB) is above the max threshold (1407 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
      hint: "The driver (AM) container needs 1408 MiB but YARN grants at most 1407 MiB.",
    });
  });

  it("client-mode AM of 1200 MiB + 384 above a 1500 MiB maximum: refused on spark.yarn.am.memory", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "client",
      conf: { "yarn.scheduler.maximum-allocation-mb": "1500", "spark.yarn.am.memory": "1200m" },
    });
    expect(l.am?.containerBytes).toBe(1584 * MiB);
    expect(l.errors).toEqual([
      {
        code: "yarn-container-above-max",
        process: "am",
        key: "spark.yarn.am.memory",
        message:
          "Required AM memory (1200+384 MB) is above the max threshold (1500 MB) of this cluster! Please check the values of 'yarn.scheduler.maximum-allocation-mb' and/or 'yarn.nodemanager.resource.memory-mb'.",
        hint: "Lower spark.yarn.am.memory: the AM container needs 1584 MiB.",
      },
    ]);
  });
});

describe("what the driver JVM sees when it picks a collector", () => {
  it("YARN client mode runs on the submitting host: its 1 CPU makes it Serial", () => {
    const d = layoutOf({ sparkVersion: "3.5.1", master: "yarn", deployMode: "client", ...host1 }).driver;
    expect(gcOf(d.jvm)).toEqual(SERIAL_1CPU);
  });

  it("YARN cluster mode runs in a container the host says nothing about: G1", () => {
    const d = layoutOf({ sparkVersion: "3.5.1", master: "yarn", deployMode: "cluster", ...host1 }).driver;
    expect(gcOf(d.jvm)).toEqual(G1_SERVER);
  });

  it("standalone cluster mode runs on a worker like the host: Serial with 1 CPU", () => {
    const d = layoutOf({
      sparkVersion: "3.5.1",
      master: "spark://h:7077",
      deployMode: "cluster",
      ...host1,
    }).driver;
    expect(gcOf(d.jvm)).toEqual(SERIAL_1CPU);
  });

  it("YARN cluster 4.2 with spark.driver.limitActiveProcessorCount.enabled: -XX:ActiveProcessorCount=1, Serial", () => {
    const d = layoutOf({
      sparkVersion: "4.2.0",
      master: "yarn",
      deployMode: "cluster",
      conf: { "spark.driver.limitActiveProcessorCount.enabled": "true" },
    }).driver;
    expect(gcOf(d.jvm)).toEqual(SERIAL_1CPU);
  });

  it("YARN cluster 4.2 without the flag, and 3.5 (no such flag) with it: G1", () => {
    const d42 = layoutOf({ sparkVersion: "4.2.0", master: "yarn", deployMode: "cluster", ...host1 }).driver;
    expect(gcOf(d42.jvm)).toEqual(G1_SERVER);
    const d35 = layoutOf({
      sparkVersion: "3.5.1",
      master: "yarn",
      deployMode: "cluster",
      conf: { "spark.driver.limitActiveProcessorCount.enabled": "true" },
    }).driver;
    expect(gcOf(d35.jvm)).toEqual(G1_SERVER);
  });
});

describe("offHeapRoom", () => {
  const input = {
    sparkVersion: "2.4.8",
    master: "yarn",
    conf: {
      "spark.executor.memory": "4g",
      "spark.memory.offHeap.enabled": "true",
      "spark.memory.offHeap.size": "1g",
    },
  };

  it("2.4 YARN executor: 1024 MiB off-heap + max(⌊0.1 × 4096⌋, 384) = 1433 MiB of overhead", () => {
    const room = offHeapRoom(input, "executor");
    expect(room?.(4096)).toEqual({
      "spark.executor.memory": "4096m",
      "spark.executor.memoryOverhead": "1433m",
    });
  });

  it("only the executor gets room: null for the driver and the AM", () => {
    expect(offHeapRoom(input, "driver")).toBeNull();
    expect(offHeapRoom(input, "am")).toBeNull();
  });
});
