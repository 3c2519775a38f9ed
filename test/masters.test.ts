import { describe, expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import { executorOf, layoutOf, MiB } from "./helpers.js";

describe("local mode: the driver JVM is the only executor", () => {
  it("local[4]: 4 task slots, no executor, no container", () => {
    const l = layoutOf({
      sparkVersion: "3.5.1",
      master: "local[4]",
      conf: { "spark.executor.memory": "8g" },
    });
    expect(l.executor).toBeNull();
    expect(l.clusterManager).toBe("local");
    expect(l.driver.runsTasks).toBe(true);
    expect(l.driver.taskSlots).toBe(4);
    expect(l.driver.containerBytes).toBeNull();
    expect(l.driver.heapBytes).toBe(1024 * MiB); // spark.executor.memory sizes nothing here
    expect(l.driver.perTaskExecutionMaxBytes).toBe(Math.floor(455501414 / 4));
  });
  it("local[*] needs the machine's cores, and uses them", () => {
    expect(layoutOf({ master: "local[*]", hostCores: 6 }).driver.taskSlots).toBe(6);
    expect(() => explain({ master: "local[*]" })).toThrow(/core count/);
    expect(layoutOf({ master: "local[8,3]" }).driver.taskSlots).toBe(8);
  });
  it("spark.task.cpus divides the slots", () => {
    expect(layoutOf({ master: "local[8]", conf: { "spark.task.cpus": "3" } }).driver.taskSlots).toBe(2);
  });
});

describe("standalone", () => {
  it("local-cluster[2,1,1024]: two 1g executors, the worker reserves the heap only", () => {
    const e = executorOf({ sparkVersion: "3.5.1", master: "local-cluster[2,1,1024]" });
    expect(e.count).toBe(2);
    expect(e.cores).toBe(1);
    expect(e.containerBytes).toBe(1024 * MiB);
    expect(e.overheadBytes).toBe(0);
    expect(e.jvm.xmx).toBe("-Xmx1024M");
  });
  it("spark:// with spark.cores.max 8 and 2-core executors gives 4", () => {
    const e = executorOf({
      master: "spark://h:7077",
      conf: { "spark.cores.max": "8", "spark.executor.cores": "2" },
    });
    expect(e.count).toBe(4);
    expect(e.taskSlots).toBe(2);
  });
  it("a suffix-less executor memory is read as BYTES by SparkContext", () => {
    const l = layoutOf({ master: "spark://h:7077", conf: { "spark.executor.memory": "4096" } });
    expect(l.executor?.heapBytes).toBe(0);
    expect(l.errors.map((e) => e.code)).toContain("min-executor-memory");
  });
});

describe("YARN", () => {
  it("client mode: the AM is 512m + 384m, rounded to 1024 by stock YARN, 896 on EMR (32 MiB grains)", () => {
    const stock = layoutOf({ master: "yarn" });
    expect(stock.am?.containerBytes).toBe(896 * MiB);
    expect(stock.am?.containerAllocatedBytes).toBe(1024 * MiB);
    expect(stock.driver.containerBytes).toBeNull();
    const emr = layoutOf({ master: "yarn", conf: { "yarn.scheduler.minimum-allocation-mb": "32" } });
    expect(emr.am?.containerAllocatedBytes).toBe(896 * MiB);
  });
  it("cluster mode: the driver is the AM, sized from spark.driver.memory", () => {
    const l = layoutOf({
      master: "yarn",
      deployMode: "cluster",
      conf: { "spark.driver.memory": "4g", "yarn.scheduler.minimum-allocation-mb": "32" },
    });
    expect(l.am).toBeNull();
    expect(l.driver.containerBytes).toBe((4096 + 409) * MiB);
    expect(l.driver.containerAllocatedBytes).toBe(4512 * MiB);
    expect(l.driver.jvm.xmx).toBe("-Xmx4096m");
  });
  it("executor containers are rounded to the minimum allocation", () => {
    const e = executorOf({
      master: "yarn",
      conf: { "spark.executor.memory": "9397m", "yarn.scheduler.minimum-allocation-mb": "32" },
    });
    expect(e.containerBytes).toBe((9397 + 939) * MiB);
    expect(e.containerAllocatedBytes).toBe(10336 * MiB);
  });
  it("dynamic allocation starts at max(min, initial, instances)", () => {
    const e = executorOf({
      master: "yarn",
      conf: {
        "spark.dynamicAllocation.enabled": "true",
        "spark.dynamicAllocation.minExecutors": "3",
        "spark.executor.instances": "5",
      },
    });
    expect(e.count).toBe(5);
    expect(executorOf({ master: "yarn" }).count).toBe(2);
  });
});

describe("Kubernetes", () => {
  it("cluster-mode driver pod: 1g + 384m, cpu from spark.driver.cores or the request key", () => {
    const l = layoutOf({
      master: "k8s://https://k",
      deployMode: "cluster",
      conf: { "spark.driver.cores": "2", "spark.kubernetes.driver.limit.cores": "3" },
    });
    expect(l.driver.pod).toEqual({
      memoryRequest: "1408Mi",
      memoryLimit: "1408Mi",
      cpuRequest: "2",
      cpuLimit: "3",
    });
  });
  it("executor cpu request/limit come from the Kubernetes keys when set", () => {
    const e = executorOf({
      master: "k8s://https://k",
      conf: {
        "spark.executor.cores": "4",
        "spark.kubernetes.executor.request.cores": "3500m",
        "spark.kubernetes.executor.limit.cores": "4",
      },
    });
    expect(e.pod?.cpuRequest).toBe("3500m");
    expect(e.pod?.cpuLimit).toBe("4");
    expect(e.taskSlots).toBe(4);
  });
  it("a pod under 1792 MiB runs Serial GC: 512m executors see 518979584 bytes", () => {
    const e = executorOf({
      sparkVersion: "3.5.3",
      master: "k8s://https://k",
      conf: { "spark.executor.memory": "512m" },
    });
    expect(e.jvm.gc).toBe("Serial");
    expect(e.systemMemoryBytes).toBe(518979584);
  });
  it("executors start with -Xms = -Xmx, which moves Parallel's figure (measured: 2g → 2058354688)", () => {
    const e = executorOf({
      master: "k8s://https://k",
      gc: "Parallel",
      conf: { "spark.executor.memory": "2g" },
    });
    expect(e.systemMemoryBytes).toBe(2058354688);
  });
});
