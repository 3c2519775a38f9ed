import { describe, expect, it } from "vitest";
import { diagnose } from "../src/diagnose/index.js";
import { app, executor, job, task } from "./support/shsEvents.js";

/** diagnose on an event log: a failed task's executor comes from the event, not only from the text. */
describe("diagnose reads the executor of an event log's failures", () => {
  it("shuffle fetches failed after executor 3 was lost (its reason text names no executor)", () => {
    const lost = {
      Reason: "ExecutorLostFailure",
      "Executor ID": "3",
      "Exit Caused By App": true,
      "Loss Reason": "Container killed by YARN for exceeding physical memory limits.",
    };
    const fetch = {
      Reason: "FetchFailed",
      "Block Manager Address": { "Executor ID": "3", Host: "10.0.0.3", Port: 7337 },
      "Shuffle ID": 0,
      "Map ID": 1,
      "Map Index": 1,
      "Reduce ID": 0,
      Message: "org.apache.spark.shuffle.FetchFailedException: Failed to connect to 10.0.0.3:7337",
    };
    const log = app("app-lost", [
      ...executor("3"),
      ...executor("4"),
      ...job(2, [
        ...task({ id: 0, executor: "3", launch: 100, finish: 200 }, lost),
        ...task({ id: 1, executor: "4", launch: 300, finish: 400 }, fetch),
      ]),
    ]);
    const cause = diagnose(log).causes.find((c) => c.id === "executor-lost-fetch-failed");
    expect(cause?.title).toBe(
      "Shuffle fetches failed after executor 3 was lost: Container killed by YARN for exceeding physical memory limits. — the loss is the root cause",
    );
  });
});
