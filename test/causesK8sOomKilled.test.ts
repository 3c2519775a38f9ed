import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * k8s-oomkilled, whole: the driver's "The executor with id N exited with exit code 137" with and without the
 * OOMKilled reason, the reason in its other spellings (JSON, reason=), an eviction for node memory; whose pod
 * the title names, how sure each is, and the model's pod sizes.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const find = (lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === "k8s-oomkilled");
  expect(c, lines.join(" | ")).toBeDefined();
  return c as Cause;
};
const EXIT_137 = "The executor with id 13 exited with exit code 137(SIGKILL, possible container OOM).";
const NO_REASON = "The input shows exit code 137 without 'OOMKilled'";

describe("k8s-oomkilled", () => {
  it("exit code 137 without the reason: executor 13, 0.75, the explanation says what else sends SIGKILL", () => {
    const c = find(
      ["23/01/26 05:37:07 ERROR TaskSchedulerImpl: Lost executor 13 on 100.86.155.194:", EXIT_137],
      {
        conf: { "spark.executor.memory": "8g" },
        sparkVersion: "3.3.1",
        master: "k8s://https://k:443",
      },
    );
    expect([c.title, c.process, c.confidence]).toEqual([
      "Kubernetes killed executor 13's container at its memory limit — memory outside the heap ran out, not the heap",
      "executor",
      0.75,
    ]);
    expect(c.figures).toEqual({
      containerBytes: 9011 * MiB,
      heapBytes: 8 * GiB,
      overheadBytes: 819 * MiB,
      recommendedContainerBytes: 9984 * MiB,
      exitCode: 137,
      executorId: "13",
    });
    expect(c.explanation).toContain(NO_REASON);
    expect(c.changes.map(({ key, to }) => [key, to])).toEqual([["spark.executor.memoryOverhead", "1792m"]]);
    expect(c.alternatives?.map((a) => a.changes.map(({ key, to }) => [key, to]))).toEqual([
      [
        // the same 9011 MiB pod (Kubernetes does not round): 7168 + 1843
        ["spark.executor.memory", "7g"],
        ["spark.executor.memoryOverhead", "1843m"],
      ],
      [
        ["spark.executor.memory", "9g"],
        ["spark.executor.memoryOverhead", "1792m"],
      ],
    ]);
  });
  it("with OOMKilled in the statuses: 0.95 and no doubt in the explanation", () => {
    const c = find([EXIT_137, "\t termination reason: OOMKilled"]);
    expect([c.confidence, c.figures.executorId]).toEqual([0.95, "13"]);
    expect(c.explanation).not.toContain(NO_REASON);
  });
  it("the reason alone, as the API's JSON: a pod the input does not name", () => {
    const c = find(['{"lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled"}}}']);
    expect([c.title, c.process, c.confidence, c.figures]).toEqual([
      "Kubernetes killed a container at its memory limit — memory outside the heap ran out, not the heap",
      "unknown",
      0.95,
      // no limit in the input: an executor pod from Spark's defaults, 1 GiB heap + 384 MiB
      {
        exitCode: 137,
        containerBytes: 1408 * MiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 1792 * MiB,
      },
    ]);
  });
  it("the driver's: its overhead key", () => {
    const c = find(['Exception in thread "main" pod terminated reason=OOMKilled']);
    expect([c.title, c.process]).toEqual([
      "Kubernetes killed the driver's container at its memory limit — memory outside the heap ran out, not the heap",
      "driver",
    ]);
    // the default 1408 MiB pod × 1.1 → 1792 MiB (256 MiB steps): 768m beside the 1 GiB heap
    expect(c.changes.map(({ key, to }) => [key, to])).toEqual([["spark.driver.memoryOverhead", "768m"]]);
  });
  it("an eviction for node memory: 0.6, no exit code, the node's fault", () => {
    const c = find([
      "Pod spark-exec-3 status.reason=Evicted message: The node was low on resource: memory. Container spark-kubernetes-executor was using 9000Mi",
    ]);
    expect([c.title, c.confidence, c.figures]).toEqual([
      "Kubernetes evicted a pod: the node ran low on memory",
      0.6,
      {
        containerBytes: 1408 * MiB,
        heapBytes: GiB,
        overheadBytes: 384 * MiB,
        recommendedContainerBytes: 1792 * MiB,
      },
    ]);
    expect(c.explanation).toMatch(/^The kubelet evicted the pod/);
  });
  it("kubectl describe's Limits section gives the limit in the title", () => {
    const c = find([
      "Last State:     Terminated",
      "  Reason:       OOMKilled",
      "    Limits:",
      "      memory:  1408Mi",
    ]);
    expect(c.title).toBe(
      "Kubernetes killed a container at its memory limit (1.4 GiB) — memory outside the heap ran out, not the heap",
    );
    expect(c.figures.limitBytes).toBe(1408 * MiB);
  });
});
