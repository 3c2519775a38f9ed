import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * python-worker-oom, whole: which of PythonRunner's, CPython's and the kernel's texts makes it how sure, the
 * title each gets, the per-worker limit (pyspark.memory / cores), and the changes with their container sizes
 * checked by the model as a Python application (YARN and Kubernetes, where the non-JVM factor is 0.4).
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const find = (lines: string[], opts?: DiagnoseOptions): Cause | undefined =>
  diagnose(lines.join("\n"), opts).causes.find((x) => x.id === "python-worker-oom");
const must = (lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = find(lines, opts);
  expect(c, lines[0]).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) =>
  c.changes.map(({ key, from, to, why }) => [key, from, to, why]);
const TRACE = [
  "24/03/01 ERROR Executor: Exception in task 0.0 in stage 3.0 (TID 12)",
  "org.apache.spark.api.python.PythonException: Traceback (most recent call last):",
  '  File "/opt/spark/python/lib/pyspark.zip/pyspark/worker.py", line 1231, in main',
];
const CRASHED = "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)";
const YARN = { sparkVersion: "3.5.1", master: "yarn" };
const OWN = "memory of the Python workers' own, counted in the container and capped per worker";
const FEWER = "one Python worker runs per concurrent task";
const MORE_ROOM = "more room outside the heap, where the container's memory ran out";
const ownMemoryTitle = (size: string) =>
  `Give the Python workers their own memory (spark.executor.pyspark.memory = 1 GiB per core${size}): counted in the container and capped per worker, so one greedy worker fails with MemoryError instead of getting the executor killed`;

describe("python-worker-oom", () => {
  it("MemoryError at a 2g / 4 cores limit: 512 MiB per worker, doubled to 4g, or half the workers", () => {
    const c = must([...TRACE, "MemoryError"], {
      conf: {
        "spark.executor.memory": "8g",
        "spark.executor.cores": "4",
        "spark.executor.pyspark.memory": "2g",
      },
      ...YARN,
    });
    expect([c.title, c.process, c.confidence]).toEqual([
      "A Python worker raised MemoryError at its 512 MiB limit (spark.executor.pyspark.memory / cores)",
      "python-worker",
      0.9,
    ]);
    expect(c.figures).toEqual({ pysparkBytes: 2 * GiB, perWorkerLimitBytes: 512 * MiB });
    expect(changes(c)).toEqual([
      ["spark.executor.pyspark.memory", "2g", "4g", "twice the memory each Python worker may use"],
    ]);
    // 8192 + 819 + 2048 = 11059 → 11264 MiB with 2 cores as with 4
    expect(c.alternatives?.map((a) => [a.title, changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [
        "Fewer Python workers per executor (spark.executor.cores 4 → 2): one worker runs per concurrent task",
        [["spark.executor.cores", "4", "2", FEWER]],
        11 * GiB,
        8 * GiB,
      ],
    ]);
    expect(c.nextChecks).toEqual(["The Python traceback's last frames show the allocation that failed."]);
  });
  it("MemoryError without a configuration: no limit in the title, sizes from Spark's defaults on YARN", () => {
    const c = must([...TRACE, "MemoryError: Unable to allocate 1.2 GiB for an array"]);
    expect([c.title, c.confidence, c.figures]).toEqual([
      "A Python worker raised MemoryError",
      0.9,
      {
        containerBytes: 2 * GiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 3 * GiB,
      },
    ]);
    // 2 GiB × 1.1 → 3 GiB: 2g beside the 1 GiB heap; 1 GiB of Python memory for the one default core
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "2g", MORE_ROOM]]);
    expect(c.alternatives?.map((a) => [a.title, changes(a), a.containerBytes, a.heapBytes])).toEqual([
      [ownMemoryTitle(": 1g"), [["spark.executor.pyspark.memory", null, "1g", OWN]], 3 * GiB, GiB],
    ]);
    expect(c.nextChecks.at(-1)).toMatch(/^No settings were given/);
  });
  it("a MemoryError outside a Python worker's traceback is not a worker's", () => {
    expect(find(["MemoryError"])).toBeUndefined();
    expect(find([...TRACE, "ValueError: invalid literal for int() with base 10: 'x'"])).toBeUndefined();
  });
  it("the kernel killed a python process: SIGKILL, 0.9; one core, so no fewer-workers alternative", () => {
    const c = must(
      ["[12345.678] Out of memory: Killed process 4242 (python3) total-vm:9000000kB, anon-rss:8000000kB"],
      {
        conf: { "spark.executor.memory": "8g", "spark.executor.cores": "1" },
        ...YARN,
      },
    );
    expect([c.title, c.confidence]).toEqual(["A Python worker was killed for memory (SIGKILL)", 0.9]);
    expect(c.figures).toEqual({
      containerBytes: 9 * GiB,
      heapBytes: 8 * GiB,
      overheadBytes: 819 * MiB,
      recommendedContainerBytes: 10 * GiB,
    });
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "2g", MORE_ROOM]]);
    expect(c.alternatives?.map((a) => [a.title, changes(a), a.containerBytes])).toEqual([
      [ownMemoryTitle(": 1g"), [["spark.executor.pyspark.memory", null, "1g", OWN]], 10 * GiB],
    ]);
  });
  it("a crash beside a container kill is likelier memory (0.7) than a crash alone (0.5); both alternatives", () => {
    const conf = { conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" }, ...YARN };
    const killed = must(
      [
        CRASHED,
        "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used.",
      ],
      conf,
    );
    expect([killed.title, killed.confidence]).toEqual([
      "A Python worker died without a Python error (crashed) — often killed for memory",
      0.7,
    ]);
    // 8192 + 819 + 4096 = 13107 → 13312 MiB with 1 GiB per core of Python memory
    expect(killed.alternatives?.map((a) => [changes(a), a.containerBytes])).toEqual([
      [[["spark.executor.pyspark.memory", null, "4g", OWN]], 13 * GiB],
      [[["spark.executor.cores", "4", "2", FEWER]], 9 * GiB],
    ]);
    expect(killed.nextChecks[0]).toMatch(/faulthandler/);
    expect(must([CRASHED], conf).confidence).toBe(0.5);
    expect(must([CRASHED, "exit code 137"]).confidence).toBe(0.7);
  });
  it("a worker that never connected back: the weakest sign (0.3)", () => {
    const c = must(["org.apache.spark.SparkException: Python worker failed to connect back."]);
    expect([c.title, c.confidence]).toEqual(["A Python worker could not connect back to its executor", 0.3]);
    expect(c.nextChecks[0]).toMatch(/^The Python traceback's last frames/);
  });
  it("Kubernetes: the 0.4 non-JVM factor gives 1638 MiB of overhead for 4g; 2 GiB of Python memory makes a 7782 MiB pod", () => {
    const c = must([CRASHED], {
      conf: { "spark.executor.memory": "4g", "spark.executor.cores": "2" },
      sparkVersion: "3.5.1",
      master: "k8s://https://k:443",
      deployMode: "cluster",
    });
    expect(c.figures).toMatchObject({
      heapBytes: 4 * GiB,
      overheadBytes: 1638 * MiB,
      containerBytes: 5734 * MiB,
    });
    expect(c.alternatives?.map((a) => [changes(a)[0]?.slice(0, 3), a.containerBytes])).toEqual([
      [["spark.executor.pyspark.memory", null, "2g"], 7782 * MiB],
      [["spark.executor.cores", "2", "1"], 5734 * MiB],
    ]);
  });
});
