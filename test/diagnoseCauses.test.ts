import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";
import { DESCRIBE_OOMKILLED } from "./support/kubectl.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function causesOf(text: string, opts?: DiagnoseOptions): Cause[] {
  return diagnose(text, opts).causes;
}
function find(text: string, id: CauseId, opts?: DiagnoseOptions): Cause | undefined {
  return causesOf(text, opts).find((c) => c.id === id);
}
function ids(text: string, opts?: DiagnoseOptions): CauseId[] {
  return causesOf(text, opts).map((c) => c.id);
}

// Inputs below follow the exact formats of the sources each detector cites (Spark, Hadoop, Kubernetes,
// the JVM, the Linux kernel); real log excerpts where noted.

describe("yarn-pmem-kill", () => {
  it("Spark 3.x's text (YarnAllocator): physical, spark.executor.memoryOverhead", () => {
    const c = find(
      "WARN YarnAllocator: Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.",
      "yarn-pmem-kill",
    );
    expect(c?.process).toBe("executor");
    expect(c?.figures.usedBytes).toBe(Math.round(9.4 * GiB));
    expect(c?.figures.limitBytes).toBe(9 * GiB);
    // 9 GiB → heap estimated 8g (8192 + 819 → 9216 after rounding); 9.4 × 1.1 = 10.34 GiB → 11 GiB; 11264 − 8192
    expect(c?.figures.estimatedHeapBytes).toBe(8 * GiB);
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "3g" }]);
  });
  it("Spark 2.4's text keeps its two spaces before YARN's figures", () => {
    const c = find(
      "ExecutorLostFailure (executor 2 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits.  9.4 GB of 9 GB physical memory used. Consider boosting spark.yarn.executor.memoryOverhead or disabling yarn.nodemanager.vmem-check-enabled because of YARN-4714.",
      "yarn-pmem-kill",
    );
    expect(c?.figures.executorId).toBe("2");
    expect(c?.figures.limitBytes).toBe(9 * GiB);
  });
  it("Hadoop 2.x's NodeManager text (a real sample), the container number says executor", () => {
    const c = find(
      "Container [pid=8788,containerID=container_1598507699008_0094_01_000010] is running beyond physical memory limits. Current usage: 9.8 GB of 9.8 GB physical memory used; 43.0 GB of 47.6 TB virtual memory used. Killing container.",
      "yarn-pmem-kill",
    );
    expect(c?.process).toBe("executor");
    expect(c?.figures.usedBytes).toBe(Math.round(9.8 * GiB));
    expect(c?.figures.limitBytes).toBe(Math.round(9.8 * GiB));
  });
  it("Hadoop 3.x's text ('… running NB beyond the 'PHYSICAL' memory limit') on container 1: the driver, its overhead key", () => {
    const c = find(
      "Container [pid=4711,containerID=container_e05_1600000000000_0001_01_000001] is running 107374182B beyond the 'PHYSICAL' memory limit. Current usage: 2.1 GB of 2 GB physical memory used; 3.6 GB of 4.2 GB virtual memory used. Killing container.",
      "yarn-pmem-kill",
      { deployMode: "cluster" },
    );
    expect(c?.process).toBe("driver");
    expect(c?.figures.limitBytes).toBe(2 * GiB);
    expect(c?.changes[0]?.key).toBe("spark.driver.memoryOverhead");
  });
  it("client mode: container 1 is the AM, sized by spark.yarn.am.memoryOverhead", () => {
    const c = find(
      "Container [pid=4711,containerID=container_1600000000000_0001_01_000001] is running beyond physical memory limits. Current usage: 1.1 GB of 1 GB physical memory used; 2.6 GB of 2.1 GB virtual memory used. Killing container.",
      "yarn-pmem-kill",
      { deployMode: "client" },
    );
    expect(c?.process).toBe("am");
    expect(c?.changes[0]?.key).toBe("spark.yarn.am.memoryOverhead");
  });
  it("a bare exit status -104 (ContainerExitStatus.KILLED_EXCEEDED_PMEM): less sure", () => {
    const c = find(
      "Container marked as failed: container_1600000000000_0001_01_000003 on host: n1. Exit status: -104. Diagnostics: .",
      "yarn-pmem-kill",
    );
    expect(c?.confidence).toBe(0.7);
  });
  it("near-miss: 'Container killed on request. Exit code is 143' alone is not a memory kill", () => {
    const text =
      "Container killed on request. Exit code is 143\nContainer exited with a non-zero exit code 143";
    expect(ids(text)).not.toContain("yarn-pmem-kill");
    expect(ids(text)).not.toContain("os-oom-kill");
  });
});

describe("yarn-vmem-kill", () => {
  it("Spark 3.x's virtual text: turn the check off (yarn-site), not more memory", () => {
    const c = find(
      "Container killed by YARN for exceeding virtual memory limits. 4.3 GB of 4.2 GB virtual memory used. Consider boosting spark.executor.memoryOverhead or boosting yarn.nodemanager.vmem-pmem-ratio or disabling yarn.nodemanager.vmem-check-enabled because of YARN-4714.",
      "yarn-vmem-kill",
    );
    expect(c?.changes).toMatchObject([
      { key: "yarn.nodemanager.vmem-check-enabled", from: null, to: "false" },
    ]);
    expect(c?.figures.usedBytes).toBe(Math.round(4.3 * GiB));
    expect(c?.alternatives?.map((a) => a.changes[0]?.key)).toEqual([
      "yarn.nodemanager.vmem-pmem-ratio",
      "spark.executorEnv.MALLOC_ARENA_MAX",
      "spark.executor.memoryOverhead",
    ]);
  });
  it("Hadoop 2.x's virtual text gives the ratio from its two limits", () => {
    const c = find(
      "Container [pid=1,containerID=container_1600000000000_0001_01_000002] is running beyond virtual memory limits. Current usage: 1.1 GB of 2 GB physical memory used; 4.3 GB of 4.2 GB virtual memory used. Killing container.",
      "yarn-vmem-kill",
    );
    expect(c?.figures.vmemPmemRatio).toBe(2.1);
    expect(c?.figures.physicalUsedBytes).toBe(Math.round(1.1 * GiB));
  });
  it("a bare exit status -103 (ContainerExitStatus.KILLED_EXCEEDED_VMEM): virtual, less sure", () => {
    const text =
      "Container marked as failed: container_1600000000000_0001_01_000003 on host: n1. Exit status: -103. Diagnostics: .";
    const c = find(text, "yarn-vmem-kill");
    expect(c?.confidence).toBe(0.7);
    expect(c?.figures.vmemPmemRatio).toBe(2.1);
    expect(ids(text)).not.toContain("yarn-pmem-kill");
  });
  it("near-miss: a physical-memory kill is not a virtual one", () => {
    expect(
      ids(
        "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.",
      ),
    ).toEqual(["yarn-pmem-kill"]);
  });
});

describe("k8s-oomkilled", () => {
  // a real Spark 3.3.1 driver log (ExecutorPodsLifecycleManager's message and the container statuses)
  const LOG = [
    "23/01/26 05:37:07 ERROR TaskSchedulerImpl: Lost executor 13 on 100.86.155.194:",
    "The executor with id 13 exited with exit code 137(SIGKILL, possible container OOM).",
    "",
    "The API gave the following container statuses:",
    "",
    "\t container name: spark-kubernetes-executor",
    "\t container state: terminated",
    "\t exit code: 137",
    "\t termination reason: OOMKilled",
  ].join("\n");
  it("the driver's log: executor 13, OOMKilled, with the model's overhead", () => {
    const c = find(LOG, "k8s-oomkilled", {
      conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" },
      sparkVersion: "3.3.1",
      master: "k8s://https://kubernetes.default.svc:443",
    });
    expect(c?.process).toBe("executor");
    expect(c?.figures.executorId).toBe("13");
    expect(c?.figures.exitCode).toBe(137);
    expect(c?.confidence).toBe(0.95);
    // pod 8192 + 819 = 9011 MiB; × 1.1 = 9912.1 → 9913 → 256-MiB steps: 9984; overhead 9984 − 8192
    expect(c?.figures.containerBytes).toBe(9011 * MiB);
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "1792m" }]);
    expect(c?.figures.recommendedContainerBytes).toBe(9984 * MiB);
  });
  it("kubectl describe pod: Last State Terminated, Reason OOMKilled, the pod's limit", () => {
    const text = [
      ...DESCRIBE_OOMKILLED,
      "    Limits:",
      "      memory:  1408Mi",
      "    Requests:",
      "      cpu:     1",
      "      memory:  1408Mi",
    ].join("\n");
    const c = find(text, "k8s-oomkilled");
    expect(c?.process).toBe("executor");
    expect(c?.figures.limitBytes).toBe(1408 * MiB);
    // without a configuration: heap 1024 (1024 + 384 = 1408), target 1408 × 1.1 → 1549 → 1792; 1792 − 1024
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "768m" }]);
  });
  it("near-miss: an executor that exited with code 1 was not OOM-killed", () => {
    expect(
      ids("The executor with id 3 exited with exit code 1(generic, look at logs to clarify)."),
    ).not.toContain("k8s-oomkilled");
  });
});

describe("os-oom-kill", () => {
  it("the kernel's line (mm/oom_kill.c) for a java process", () => {
    const c = find(
      "[1234567.890] Out of memory: Killed process 4242 (java) total-vm:40000000kB, anon-rss:30000000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:60000kB oom_score_adj:0",
      "os-oom-kill",
    );
    expect(c?.figures.usedBytes).toBe(30000000 * 1024);
    expect(c?.confidence).toBe(0.85);
  });
  it("a python victim is a Python worker", () => {
    const c = find(
      "Memory cgroup out of memory: Killed process 999 (python3) total-vm:9000000kB, anon-rss:8000000kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:100kB oom_score_adj:0",
      "os-oom-kill",
    );
    expect(c?.process).toBe("python-worker");
  });
  it("exit code 137 from YARN without a memory message: probably the kernel", () => {
    const c = find("Container killed on request. Exit code is 137", "os-oom-kill");
    expect(c?.confidence).toBe(0.5);
  });
  it("near-miss: a 137 that YARN's pmem check explains is not the kernel's", () => {
    expect(
      ids(
        "Container [pid=1,containerID=container_1600000000000_0001_01_000002] is running beyond physical memory limits. Current usage: 2.1 GB of 2 GB physical memory used; 3.1 GB of 4.2 GB virtual memory used. Killing container.\nContainer killed on request. Exit code is 137",
      ),
    ).toEqual(["yarn-pmem-kill"]);
  });
});
