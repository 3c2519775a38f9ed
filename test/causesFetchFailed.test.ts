import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * executor-lost-fetch-failed, whole: the fetch failure (FetchFailed, FetchFailedException, "Missing an output
 * location") tied to the executor loss that explains it (YarnScheduler's "Lost executor", ExecutorLostFailure
 * with or without an id, Kubernetes' "The executor with id N exited"), and shuffle tracking for dynamic
 * allocation without a shuffle service.
 */
const find = (lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === "executor-lost-fetch-failed");
  expect(c, lines.join(" | ")).toBeDefined();
  return c as Cause;
};
const FETCH =
  "24/03/01 WARN TaskSetManager: Lost task 0.0 in stage 4.0 (TID 9) (n2 executor 5): FetchFailed(BlockManagerId(3, n1, 7337, None), shuffleId=2, mapIndex=0, mapId=1, reduceId=0, message=";
const MISSING =
  "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 7 partition 3";
const CONNECT = "org.apache.spark.shuffle.FetchFailedException: Failed to connect to /10.0.0.5:7337";
const TRACKING = [
  "spark.dynamicAllocation.shuffleTracking.enabled",
  null,
  "true",
  "dynamic allocation keeps executors whose shuffle output is still needed",
];

describe("executor-lost-fetch-failed", () => {
  it("YarnScheduler's loss of executor 3 before the fetch: the reason, the shuffle id, 0.6", () => {
    const c = find([
      "24/03/01 ERROR YarnScheduler: Lost executor 3 on n1: Container killed by YARN for exceeding physical memory limits.",
      FETCH,
    ]);
    expect([c.title, c.process, c.confidence]).toEqual([
      "Shuffle fetches failed after executor 3 was lost: Container killed by YARN for exceeding physical memory limits. — the loss is the root cause",
      "executor",
      0.6,
    ]);
    expect(c.figures).toEqual({
      executorId: "3",
      lossReason: "Container killed by YARN for exceeding physical memory limits.",
      shuffleId: 2,
    });
    expect([c.changes, c.evidence.length]).toEqual([[], 2]);
    expect(c.nextChecks[0]).toMatch(/^Find why executor 3 died: /);
  });
  it("ExecutorLostFailure's reason and 'Missing an output location': shuffle tracking under dynamic allocation", () => {
    const lines = [
      "ExecutorLostFailure (executor 4 exited caused by one of the running tasks) Reason: Executor heartbeat timed out after 125000 ms",
      MISSING,
    ];
    const c = find(lines, { conf: { "spark.dynamicAllocation.enabled": "true" } });
    expect(c.figures).toEqual({
      executorId: "4",
      lossReason: "Executor heartbeat timed out after 125000 ms",
      shuffleId: 7,
    });
    expect(c.changes.map(({ key, from, to, why }) => [key, from, to, why])).toEqual([TRACKING]);
    // with a shuffle service the output outlives its executor; without dynamic allocation nothing is released
    const service = { "spark.dynamicAllocation.enabled": "true", "spark.shuffle.service.enabled": "true" };
    expect(find(lines, { conf: service }).changes).toEqual([]);
    expect(find(lines, { conf: { "spark.dynamicAllocation.enabled": "false" } }).changes).toEqual([]);
  });
  it("Kubernetes' 'The executor with id 13 exited' has an id but no reason", () => {
    const c = find([
      "The executor with id 13 exited with exit code 137(SIGKILL, possible container OOM).",
      CONNECT,
    ]);
    expect([c.title, c.figures]).toEqual([
      "Shuffle fetches failed after executor 13 was lost — the loss is the root cause",
      { executorId: "13" },
    ]);
  });
  it("a loss without an id says 'an executor', not 'executor ?'", () => {
    const c = find([
      "ExecutorLostFailure: Slave lost",
      "FetchFailed(null, shuffleId=1, mapIndex=-1, mapId=-1, reduceId=2, message=",
    ]);
    expect(c.title).toBe(
      "Shuffle fetches failed after an executor was lost: Slave lost — the loss is the root cause",
    );
    expect(c.figures).toEqual({ lossReason: "Slave lost", shuffleId: 1 });
    expect(c.nextChecks[0]).toMatch(/^Find why the executor died: /);
  });
  it("no loss in the input: 0.4, and the check asks for it", () => {
    const c = find([CONNECT]);
    expect([c.title, c.confidence, c.figures, c.evidence.length]).toEqual([
      "Shuffle fetches failed: an executor holding map output is gone (its loss is not in the input)",
      0.4,
      {},
      1,
    ]);
    expect(c.nextChecks[0]).toMatch(/^Find the earlier 'Lost executor'/);
  });
  it("a loss before the first fetch is preferred to one after it; a later one still counts when it is the only one", () => {
    const c = find([
      "Lost executor 2 on n1: Remote RPC client disassociated.",
      CONNECT,
      "Lost executor 9 on n3: Container marked as failed.",
    ]);
    expect(c.figures.executorId).toBe("2");
    expect(
      find([CONNECT, "Lost executor 9 on n3: Remote RPC client disassociated."]).figures.executorId,
    ).toBe("9");
  });
  it("a loss alone, without a failed fetch, is not this cause", () => {
    expect(
      diagnose("Lost executor 2 on n1: Remote RPC client disassociated.").causes.map((c) => c.id),
    ).not.toContain("executor-lost-fetch-failed");
  });
});
