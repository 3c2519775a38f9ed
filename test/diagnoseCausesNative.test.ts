import { describe, expect, it } from "vitest";
import { type Cause, type CauseId, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";
import { DESCRIBE_OOMKILLED } from "./support/kubectl.js";

/**
 * The causes outside the heap, at the edges the whole-cause tests leave: python-worker-oom, os-oom-kill,
 * k8s-oomkilled, native-memory, direct-buffer-oom and native-thread — which of several lines in one input
 * decides the title and confidence, pod JSON and kubectl describe inputs, the Application Master's name,
 * version and threshold boundaries, and the lists (evidence, codeChanges, nextChecks) a mutant could empty.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const all = (lines: string[], id: CauseId, opts?: DiagnoseOptions): Cause[] =>
  diagnose(lines.join("\n"), opts).causes.filter((c) => c.id === id);
const find = (lines: string[], id: CauseId, opts?: DiagnoseOptions): Cause => {
  const c = all(lines, id, opts)[0];
  expect(c, lines.join(" | ")).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) => c.changes.map(({ key, from, to }) => [key, from, to]);
const whys = (c: { changes: Cause["changes"] }) => c.changes.map((x) => x.why);

const YARN = { sparkVersion: "3.5.1", master: "yarn" };
const K8S = { sparkVersion: "3.5.1", master: "k8s://https://kubernetes.default.svc:443" };
const TASK = "24/03/01 ERROR Executor: Exception in task 1.0 in stage 2.0 (TID 3)";
// `yarn logs` section headers: container 1 is the AM (client mode) or the driver (cluster mode)
const CONTAINER_1 = "Container: container_1600000000000_0001_01_000001 on node1.example.com_8041";
const CONTAINER_2 = "Container: container_1600000000000_0001_01_000002 on node1.example.com_8041";

describe("python-worker-oom: which line decides", () => {
  const PY = "python-worker-oom";
  const TRACE = [
    "24/03/01 ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 12)",
    "org.apache.spark.api.python.PythonException: Traceback (most recent call last):",
    '  File "/opt/spark/python/lib/pyspark.zip/pyspark/worker.py", line 1231, in main',
  ];
  const CRASHED = "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)";
  const CONNECT = "org.apache.spark.SparkException: Python worker failed to connect back.";
  const KILLED =
    "[12345.678] Out of memory: Killed process 4242 (python3) total-vm:9000000kB, anon-rss:8000000kB";
  const TRACEBACK_CHECK = "The Python traceback's last frames show the allocation that failed.";

  it("a MemoryError beside a crash: the MemoryError's title, 0.9 and the traceback check; both lines are evidence", () => {
    const c = find([...TRACE, "MemoryError", CRASHED], PY);
    expect([c.title, c.process, c.confidence]).toEqual([
      "A Python worker raised MemoryError",
      "python-worker",
      0.9,
    ]);
    expect(c.nextChecks[0]).toBe(TRACEBACK_CHECK);
    expect(c.nextChecks[1]).toMatch(/^No settings were given/);
    expect(c.evidence).toEqual(["MemoryError", CRASHED]);
    expect(c.codeChanges).toHaveLength(2);
    expect(c.codeChanges[0]).toContain("spark.sql.execution.arrow.maxRecordsPerBatch");
  });
  it("a killed python beside a crash: SIGKILL's title, 0.9, not the crash's check", () => {
    const c = find([KILLED, CRASHED], PY);
    expect([c.title, c.confidence]).toEqual(["A Python worker was killed for memory (SIGKILL)", 0.9]);
    expect(c.nextChecks[0]).toBe(TRACEBACK_CHECK);
    expect(c.nextChecks[1]).toMatch(/^No settings were given/);
    expect(c.evidence).toEqual([KILLED, CRASHED]);
  });
  it("each kill text: the kernel's victim, 'killed by signal 9', pyspark.daemon's signal 9", () => {
    for (const line of [
      KILLED,
      "Out of memory: Kill process 4242 (python3.11) score 900 or sacrifice child",
      "python3 worker (pid 1234) killed by signal 9",
      "ERROR PythonWorkerFactory: pyspark.daemon exited with signal 9",
    ]) {
      expect([find([line], PY).title, find([line], PY).confidence]).toEqual([
        "A Python worker was killed for memory (SIGKILL)",
        0.9,
      ]);
    }
    // near-miss: a JVM killed by the kernel is not a Python worker
    expect(all(["Out of memory: Killed process 4242 (java) total-vm:1kB, anon-rss:1kB"], PY)).toEqual([]);
  });
  it("a crash beside a failed connect-back: the crash's title, 0.5 and the faulthandler check", () => {
    const c = find([CRASHED, CONNECT], PY);
    expect([c.title, c.confidence]).toEqual([
      "A Python worker died without a Python error (crashed) — often killed for memory",
      0.5,
    ]);
    expect(c.nextChecks).toHaveLength(2);
    expect(c.nextChecks[0]).toContain("spark.python.worker.faulthandler.enabled=true");
  });
  it("a MemoryError outside a worker's traceback beside a connect-back: only the connect-back, 0.3", () => {
    const c = find(["MemoryError", CONNECT], PY);
    expect([c.title, c.confidence]).toEqual(["A Python worker could not connect back to its executor", 0.3]);
    expect(c.nextChecks[0]).toBe(TRACEBACK_CHECK);
    expect(c.nextChecks[1]).toMatch(/^No settings were given/);
  });
  it("a crash beside Kubernetes' OOMKilled is likelier memory: 0.7", () => {
    expect(find([CRASHED, "\t termination reason: OOMKilled"], PY).confidence).toBe(0.7);
    expect(find([CRASHED, "Container exited with a non-zero exit code 137"], PY).confidence).toBe(0.7);
  });
  it("numpy's _ArrayMemoryError (a MemoryError) in a worker's traceback is a MemoryError; the JVM's OutOfMemoryError is not", () => {
    for (const last of [
      "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data type float64",
      "numpy._core._exceptions._ArrayMemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data type float64",
      "MemoryError: Unable to allocate 1.2 GiB for an array",
    ]) {
      const c = find([...TRACE, last], PY);
      expect([c.title, c.confidence, c.evidence]).toEqual([
        "A Python worker raised MemoryError",
        0.9,
        [last],
      ]);
    }
    expect(all([...TRACE, "java.lang.OutOfMemoryError: Java heap space"], PY)).toEqual([]);
  });
});

describe("python-worker-oom: sizes", () => {
  const PY = "python-worker-oom";
  const MEMORY_ERROR = [
    "org.apache.spark.api.python.PythonException: Traceback (most recent call last):",
    '  File "/opt/spark/python/lib/pyspark.zip/pyspark/worker.py", line 1231, in main',
    "MemoryError",
  ];
  const CRASHED = ["org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)"];

  it("1500m over 3 cores: 500 MiB per worker; twice 1500 MiB is 3000, rounded up to 3g; 3 cores → 1", () => {
    const c = find(MEMORY_ERROR, PY, {
      conf: {
        "spark.executor.memory": "8g",
        "spark.executor.cores": "3",
        "spark.executor.pyspark.memory": "1500m",
      },
      ...YARN,
    });
    expect(c.title).toBe(
      "A Python worker raised MemoryError at its 500 MiB limit (spark.executor.pyspark.memory / cores)",
    );
    expect(c.figures).toEqual({ pysparkBytes: 1500 * MiB, perWorkerLimitBytes: 500 * MiB });
    expect(changes(c)).toEqual([["spark.executor.pyspark.memory", "1500m", "3g"]]);
    // 8192 + 819 + 1500 = 10511 → 11264 MiB (YARN's 1024-MiB steps) whatever the cores
    expect(c.alternatives?.map((a) => [a.title, changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [
        "Fewer Python workers per executor (spark.executor.cores 3 → 1): one worker runs per concurrent task",
        [["spark.executor.cores", "3", "1"]],
        11 * GiB,
        8 * GiB,
      ],
    ]);
  });
  it("without pyspark memory on one core: its own 1g is a 10 GiB container with the same 8 GiB heap", () => {
    const c = find(
      ["Out of memory: Killed process 4242 (python3) total-vm:9000000kB, anon-rss:8000000kB"],
      PY,
      { conf: { "spark.executor.memory": "8g", "spark.executor.cores": "1" }, ...YARN },
    );
    expect(c.alternatives?.map((a) => [changes(a), whys(a), a.containerBytes, a.heapBytes])).toEqual([
      [
        [["spark.executor.pyspark.memory", null, "1g"]],
        ["memory of the Python workers' own, counted in the container and capped per worker"],
        10 * GiB,
        8 * GiB,
      ],
    ]);
  });
  it("Kubernetes, the configuration says a JVM app (resource.type java): it stays one, so its own 2g is not added to the 4505 MiB pod", () => {
    const c = find(CRASHED, PY, {
      conf: {
        "spark.executor.memory": "4g",
        "spark.executor.cores": "2",
        "spark.kubernetes.resource.type": "java",
      },
      ...K8S,
      deployMode: "cluster",
    });
    // 4096 + max(384, 0.1 × 4096 = 409) = 4505 MiB: the JVM factor 0.1, not the non-JVM 0.4
    expect(c.figures).toMatchObject({
      heapBytes: 4 * GiB,
      overheadBytes: 409 * MiB,
      containerBytes: 4505 * MiB,
    });
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.executor.pyspark.memory", null, "2g"]], 4505 * MiB, 4 * GiB],
      [[["spark.executor.cores", "2", "1"]], 4505 * MiB, 4 * GiB],
    ]);
  });
  it("local mode has no executor to size: no change and no alternative, a check instead (never a relative value)", () => {
    const c = find(CRASHED, PY, { conf: { "spark.driver.memory": "8g" }, master: "local[4]" });
    expect([c.figures, changes(c), c.alternatives]).toEqual([{}, [], []]);
  });
});

describe("os-oom-kill: several kernel lines", () => {
  const OS = "os-oom-kill";
  const INVOKED =
    "[1.2] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0";

  it("'invoked oom-killer' then the kill line (dmesg's order): one cause, the size from the kill line", () => {
    const causes = all(
      [
        INVOKED,
        "[1.3] Out of memory: Killed process 4242 (java) total-vm:9000000kB, anon-rss:4194304kB, file-rss:0kB",
      ],
      OS,
    );
    expect(causes.map((c) => [c.title, c.figures, c.evidence.length])).toEqual([
      [
        "The kernel's OOM killer killed the process (4 GiB resident) — the node ran out of memory",
        { usedBytes: 4 * GiB },
        2,
      ],
    ]);
  });
  it("'invoked oom-killer' then a cgroup's kill: at the cgroup's limit, the relative advice and its check", () => {
    const c = find(
      [
        INVOKED,
        "[1.3] Memory cgroup out of memory: Killed process 4242 (java) total-vm:9000000kB, anon-rss:4194304kB",
      ],
      OS,
    );
    expect(c.title).toBe("The kernel's OOM killer killed the process (4 GiB resident) at its cgroup's limit");
    // from Spark's defaults on YARN (a 1 GiB heap): 4 GiB × 1.1 → 5 GiB in 1 GiB steps, 4g beside the heap
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "4g"]]);
    expect(c.alternatives?.map((a) => changes(a))).toEqual([
      [
        ["spark.executor.memory", null, "3g"],
        ["spark.executor.memoryOverhead", null, "4g"],
      ],
    ]);
    expect(c.nextChecks).toHaveLength(3);
    expect(c.nextChecks[2]).toMatch(/^No settings were given/);
  });
  it("a kernel line and a bare 137 of the same process: the kernel's (0.85), no exit code figure", () => {
    const c = find(
      [
        "Out of memory: Killed process 4242 (java) total-vm:100kB, anon-rss:4096kB",
        "Container killed on request. Exit code is 137",
      ],
      OS,
    );
    expect([c.confidence, c.figures, c.evidence.length]).toEqual([0.85, { usedBytes: 4 * MiB }, 2]);
  });
  it("'python3 invoked oom-killer' names the Python worker; 'ipython' is not one", () => {
    expect(
      find(
        [
          "[1.2] python3 invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
        ],
        OS,
      ).title,
    ).toBe("The kernel's OOM killer killed the Python worker — the node ran out of memory");
    expect(
      find(["Out of memory: Killed process 99 (ipython) total-vm:100kB, anon-rss:4096kB"], OS).process,
    ).toBe("unknown");
  });
  it("a 137 in a `yarn logs` container: the executor, the driver (cluster) or the Application Master (client)", () => {
    const title = (who: string) =>
      `The ${who} was killed with SIGKILL (exit code 137) without a YARN or Kubernetes memory message — most likely the kernel's OOM killer`;
    const exit = "Container killed on request. Exit code is 137";
    expect(find([CONTAINER_2, exit], OS).title).toBe(title("executor"));
    expect(find([CONTAINER_1, exit], OS, { deployMode: "cluster" }).title).toBe(title("driver"));
    const am = find([CONTAINER_1, exit], OS, { deployMode: "client" });
    expect([am.process, am.title]).toEqual(["am", title("Application Master")]);
  });
  it("an executor over its cgroup with a configuration: the model's overhead and the executor's alternatives", () => {
    const c = find(
      [
        CONTAINER_2,
        "Memory cgroup out of memory: Killed process 4242 (java) total-vm:100kB, anon-rss:9437184kB",
      ],
      OS,
      { conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" }, ...YARN },
    );
    expect([c.title, c.process]).toEqual([
      "The kernel's OOM killer killed the executor (9 GiB resident) at its cgroup's limit",
      "executor",
    ]);
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "2g"]]);
    expect(c.alternatives?.map((a) => changes(a)[0])).toEqual([
      ["spark.executor.cores", "4", "2"],
      ["spark.executor.memory", "8g", "6g"],
      ["spark.executor.memory", "8g", "9g"],
    ]);
    expect(c.nextChecks).toHaveLength(2);
  });
});

describe("os-oom-kill: exit code 137", () => {
  const OS = "os-oom-kill";
  it("each spelling: YARN's 'Exit code is 137', 'exited with code', 'exit code:', 'Exit status:', 'exit status'", () => {
    for (const line of [
      "Container killed on request. Exit code is 137",
      "Container exited with a non-zero exit code 137",
      "Command exited with code 137",
      "Process exit code: 137",
      "Exit status: 137",
      "exit status 137",
    ]) {
      const c = find([line], OS);
      expect([c.confidence, c.figures], line).toEqual([0.5, { exitCode: 137 }]);
    }
    for (const line of [
      "Exit code is 1370",
      "exit status 13",
      "Container exited with a non-zero exit code 143",
    ])
      expect(all([line], OS), line).toEqual([]);
  });
  it("explained elsewhere: YARN's virtual check, or a Kubernetes input (Spark's own 137 message)", () => {
    expect(
      all(
        [
          "Container killed by YARN for exceeding virtual memory limits. 4.3 GB of 4.2 GB virtual memory used.",
          "Container killed on request. Exit code is 137",
        ],
        OS,
      ),
    ).toEqual([]);
    expect(
      all(["The executor with id 3 exited with exit code 137(SIGKILL, possible container OOM)."], OS),
    ).toEqual([]);
  });
});

describe("k8s-oomkilled: pods", () => {
  const K = "k8s-oomkilled";
  const pod = (
    name: string,
    labels: Record<string, string>,
    limit: string | null,
    status: Record<string, unknown>,
  ): string =>
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, labels },
      spec: {
        containers: [
          {
            name: "spark-kubernetes-executor",
            resources: limit === null ? {} : { limits: { memory: limit }, requests: { memory: limit } },
          },
        ],
      },
      status,
    });
  const oomKilled = {
    phase: "Running",
    containerStatuses: [
      {
        name: "spark-kubernetes-executor",
        state: { running: {} },
        lastState: { terminated: { exitCode: 137, reason: "OOMKilled" } },
      },
    ],
  };

  it("kubectl get pod -o json, executor 4 with a 1408Mi limit: its id, the limit in the title and figures", () => {
    const c = find(
      [pod("spark-pi-abc-exec-4", { "spark-role": "executor", "spark-exec-id": "4" }, "1408Mi", oomKilled)],
      K,
    );
    expect([c.title, c.process, c.confidence]).toEqual([
      "Kubernetes killed executor 4's container at its memory limit (1.4 GiB) — memory outside the heap ran out, not the heap",
      "executor",
      0.95,
    ]);
    // without a configuration: heap 1024 (1024 + 384 = 1408), 1408 × 1.1 → 1549 → 1792 MiB; 1792 − 1024
    expect(c.figures).toEqual({
      estimatedHeapBytes: GiB,
      recommendedContainerBytes: 1792 * MiB,
      exitCode: 137,
      limitBytes: 1408 * MiB,
      executorId: "4",
    });
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "768m"]]);
    expect(c.codeChanges).toHaveLength(1);
    expect(c.codeChanges[0]).toContain("spark.executor.pyspark.memory");
    expect(c.nextChecks).toHaveLength(3);
    expect(c.nextChecks[0]).toContain("spark.kubernetes.executor.deleteOnTermination=false");
    expect(c.nextChecks[1]).toMatch(/^Without the configuration, the heap is estimated at 1 GiB/);
    expect(c.nextChecks[2]).toMatch(/^If each executor runs several tasks at once/);
  });
  it("an executor pod without its id label: 'an executor's'; the driver's pod by its role", () => {
    const exec = find([pod("spark-pi-abc-exec-3", {}, null, oomKilled)], K);
    // no limit in the pod: Spark's defaults on Kubernetes, a 1 GiB heap and 384 MiB overhead in 1408 MiB
    expect([exec.title, exec.figures]).toEqual([
      "Kubernetes killed an executor's container at its memory limit — memory outside the heap ran out, not the heap",
      {
        exitCode: 137,
        containerBytes: 1408 * MiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 1792 * MiB,
      },
    ]);
    const driver = find([pod("spark-pi-abc-driver", { "spark-role": "driver" }, "2Gi", oomKilled)], K);
    expect([driver.title, driver.process, driver.figures.limitBytes]).toEqual([
      "Kubernetes killed the driver's container at its memory limit (2 GiB) — memory outside the heap ran out, not the heap",
      "driver",
      2 * GiB,
    ]);
    expect(changes(driver)).toEqual([["spark.driver.memoryOverhead", null, "640m"]]);
  });
  it("an evicted executor pod: executor 5's, 0.6, its limit but no exit code", () => {
    const c = find(
      [
        pod("spark-pi-abc-exec-5", { "spark-role": "executor", "spark-exec-id": "5" }, "1408Mi", {
          phase: "Failed",
          reason: "Evicted",
          message:
            "The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. Container spark-kubernetes-executor was using 1300Mi, request is 1408Mi, has larger consumption of memory.",
        }),
      ],
      K,
    );
    expect([c.title, c.confidence, c.figures.exitCode, c.figures.limitBytes, c.figures.executorId]).toEqual([
      "Kubernetes evicted executor 5's pod: the node ran low on memory",
      0.6,
      undefined,
      1408 * MiB,
      "5",
    ]);
  });
  it("an eviction line beside an OOMKilled one of the same pod is the OOM kill", () => {
    const c = find(
      [
        "Pod spark-exec-3 status.reason=Evicted message: The node was low on resource: memory.",
        "termination reason: OOMKilled",
      ],
      K,
    );
    expect([c.confidence, c.figures.exitCode, c.evidence.length]).toEqual([0.95, 137, 2]);
  });
  it("each spelling of the reason: describe's 'Reason:', reason=, JSON, a bare word; not OOMKilledX", () => {
    for (const line of [
      "      Reason:       OOMKilled",
      "pod spark-exec-1 container spark-kubernetes-executor: lastState.terminated reason=OOMKilled exitCode=137",
      '{"reason": "OOMKilled", "exitCode": 137}',
      "Container spark-kubernetes-executor was OOMKilled",
    ]) {
      expect(find([line], K).confidence, line).toBe(0.95);
    }
    expect(all(["OOMKilledX"], K)).toEqual([]);
  });
  it("with a configuration the pod's advice has no check beyond keeping the pod", () => {
    const c = find(
      [
        "The executor with id 13 exited with exit code 137(SIGKILL, possible container OOM).",
        "\t termination reason: OOMKilled",
      ],
      K,
      { conf: { "spark.executor.memory": "8g" }, ...K8S },
    );
    expect([c.confidence, c.figures.executorId, c.evidence.length, c.nextChecks.length]).toEqual([
      0.95,
      "13",
      2,
      1,
    ]);
  });
});

describe("k8s-oomkilled: kubectl describe pod", () => {
  const K = "k8s-oomkilled";
  const DESCRIBE = [...DESCRIBE_OOMKILLED];
  it("an executor's pod by its name, no id: 'an executor's'", () => {
    const c = find(DESCRIBE, K);
    expect([c.title, c.process, c.figures]).toEqual([
      "Kubernetes killed an executor's container at its memory limit — memory outside the heap ran out, not the heap",
      "executor",
      {
        exitCode: 137,
        containerBytes: 1408 * MiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 1792 * MiB,
      },
    ]);
  });
  it("memory as the third limit (after cpu and ephemeral-storage) is the limit", () => {
    const c = find(
      [
        ...DESCRIBE,
        "    Limits:",
        "      cpu:                1",
        "      ephemeral-storage:  1Gi",
        "      memory:             2Gi",
        "    Requests:",
        "      cpu:     1",
      ],
      K,
    );
    expect(c.figures.limitBytes).toBe(2 * GiB);
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "640m"]]);
  });
  it("Limits with only cpu: no limit, although Requests names a memory", () => {
    const c = find(
      [
        ...DESCRIBE,
        "    Limits:",
        "      cpu:  1",
        "    Requests:",
        "      cpu:     1",
        "      memory:  1408Mi",
      ],
      K,
    );
    expect(c.figures).toEqual({
      exitCode: 137,
      containerBytes: 1408 * MiB,
      heapBytes: GiB,
      overheadBytes: 384 * MiB,
      recommendedContainerBytes: 1792 * MiB,
    });
  });
});

describe("native-memory: edges", () => {
  const N = "native-memory";
  const commit = (bytes: number) =>
    `OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00000006c0000000, ${bytes}, 0) failed; error='Cannot allocate memory' (errno=12)`;
  const AT_START = "The request is about the heap's size: the JVM could not commit its heap at start-up.";
  const DRIVER_8G = { conf: { "spark.driver.memory": "8g" }, ...YARN, deployMode: "cluster" };

  it("commit_memory's warning is strong evidence (0.85) although it also reads 'Cannot allocate memory'", () => {
    const c = find([commit(1024)], N);
    expect([c.confidence, c.figures]).toEqual([0.85, { requestedBytes: 1024 }]);
  });
  it("hs_err's report beside a weak ENOMEM of the same process: 0.85", () => {
    const c = find(
      [
        "# Native memory allocation (mmap) failed to map 8589934592 bytes for committing reserved memory.",
        'java.io.IOException: Cannot run program "bash": error=12, Cannot allocate memory',
      ],
      N,
    );
    expect([c.confidence, c.figures, c.evidence.length]).toEqual([0.85, { requestedBytes: 8 * GiB }, 2]);
  });
  it("the driver (container 1, cluster mode) is measured against its own 8g heap: 4 GiB is its commit, 2 GiB is not", () => {
    const at = find([CONTAINER_1, commit(4 * GiB)], N, DRIVER_8G);
    expect([at.process, at.title]).toEqual([
      "driver",
      "The operating system refused memory to the driver (4 GiB requested) — the node is over-committed",
    ]);
    expect(at.explanation).toContain(AT_START);
    expect(find([CONTAINER_1, commit(2 * GiB)], N, DRIVER_8G).explanation).not.toContain(AT_START);
    // the executor's default 1g heap: 2 GiB is more than half of it
    expect(find([CONTAINER_2, commit(2 * GiB)], N, DRIVER_8G).explanation).toContain(AT_START);
  });
  it("local mode has no executor heap to compare with", () => {
    const c = find([commit(4 * GiB)], N, { conf: { "spark.driver.memory": "8g" }, master: "local[4]" });
    expect(c.explanation).not.toContain(AT_START);
    expect(c.figures).toEqual({ requestedBytes: 4 * GiB });
  });
  it("the Application Master's (container 1, client mode) is named so; two processes are two causes", () => {
    const causes = all(
      [
        CONTAINER_1,
        commit(1024),
        CONTAINER_2,
        "# Native memory allocation (malloc) failed to allocate 32744 bytes for ChunkPool::allocate",
      ],
      N,
      { deployMode: "client" },
    );
    expect(causes.map((c) => [c.process, c.title, c.figures.requestedBytes])).toEqual([
      [
        "am",
        "The operating system refused memory to the Application Master (1 KiB requested) — the node is over-committed",
        1024,
      ],
      [
        "executor",
        "The operating system refused memory to the executor (32.0 KiB requested) — the node is over-committed",
        32744,
      ],
    ]);
  });
});

describe("direct-buffer-oom: edges", () => {
  const D = "direct-buffer-oom";
  const JDK8 = "java.lang.OutOfMemoryError: Direct buffer memory";
  it("3.0.0 reads spark.network.maxRemoteBlockSizeFetchToMem; one code change", () => {
    const c = find([JDK8], D, {
      conf: { "spark.executor.memory": "4g" },
      sparkVersion: "3.0.0",
      master: "yarn",
    });
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.network.maxRemoteBlockSizeFetchToMem", null, "64m"]], null, null],
      [[["spark.executor.memoryOverhead", null, "2g"]], 6 * GiB, 4 * GiB],
    ]);
    expect(c.codeChanges).toHaveLength(1);
    expect(c.nextChecks).toHaveLength(1);
    expect(c.nextChecks[0]).toContain("-XX:MaxDirectMemorySize");
  });
  it("without a configuration the overhead alternative is sized from Spark 2.4's defaults on YARN", () => {
    const c = find([JDK8], D, { sparkVersion: "2.4.8", master: "yarn" });
    expect(c.alternatives?.map((a) => [changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [[["spark.maxRemoteBlockSizeFetchToMem", null, "64m"]], null, null],
      [[["spark.executor.memoryOverhead", null, "2g"]], 3 * GiB, GiB],
    ]);
  });
  it("the Application Master's (client mode): named so, its own java options doubled, its overhead", () => {
    const c = find([CONTAINER_1, JDK8], D, {
      conf: { "spark.yarn.am.extraJavaOptions": "-XX:MaxDirectMemorySize=100m" },
      ...YARN,
      deployMode: "client",
    });
    expect([c.title, c.process]).toEqual(["Direct buffer memory of the Application Master ran out", "am"]);
    expect(changes(c)).toEqual([
      ["spark.yarn.am.extraJavaOptions", "-XX:MaxDirectMemorySize=100m", "-XX:MaxDirectMemorySize=200m"],
    ]);
    expect(c.nextChecks).toEqual([
      "spark.yarn.am.extraJavaOptions caps direct memory at 100 MiB; doubling it also needs that much more overhead (direct buffers are outside the heap but inside the container).",
    ]);
    expect(c.alternatives?.[1]?.changes.map((x) => x.key)).toEqual(["spark.yarn.am.memoryOverhead"]);
  });
});

describe("native-thread: edges", () => {
  const T = "native-thread";
  it("Java 8's and 11's texts in one executor: one cause, both lines, one code change and two checks", () => {
    const causes = all(
      [
        TASK,
        "java.lang.OutOfMemoryError: unable to create new native thread",
        "24/03/01 ERROR Executor: Exception in task 2.0 in stage 2.0 (TID 4)",
        "java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory or process/resource limits reached",
      ],
      T,
    );
    expect(
      causes.map((c) => [c.process, c.evidence.length, c.codeChanges.length, c.nextChecks.length]),
    ).toEqual([["executor", 2, 1, 2]]);
    expect(causes[0]?.nextChecks[0]).toContain("pids.max");
  });
  it("the driver's and the Application Master's are named; 'unable to create thread' is not this", () => {
    expect(
      find(['Exception in thread "main" java.lang.OutOfMemoryError: unable to create new native thread'], T)
        .title,
    ).toBe("The driver could not create a native thread — a thread limit or a thread leak, not the heap");
    expect(
      find([CONTAINER_1, "java.lang.OutOfMemoryError: unable to create new native thread"], T, {
        deployMode: "client",
      }).title,
    ).toBe(
      "The Application Master could not create a native thread — a thread limit or a thread leak, not the heap",
    );
    expect(all(["java.lang.OutOfMemoryError: unable to create thread"], T)).toEqual([]);
  });
});
