import { changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { adviseHeapGrowth } from "../advice/heap.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import type { Change } from "../types.js";

const FETCH: MessagePattern = {
  re: /Missing an output location for shuffle (\d+)|FetchFailedException|\bFetchFailed[(:]/,
  source:
    'apache/spark core/src/main/scala/org/apache/spark/shuffle/FetchFailedException.scala; MapOutputTracker.scala ("Missing an output location for shuffle N"); TaskEndReason.scala (FetchFailed)',
};
// TaskEndReason.ExecutorLostFailure.toErrorString, TaskSchedulerImpl "Lost executor N on host: reason",
// ExecutorPodsLifecycleManager "The executor with id N exited …", YarnAllocator "Container marked as failed"
const LOSS: MessagePattern = {
  re: /ExecutorLostFailure \(executor (\S+) exited[^)]*\)(?: Reason: (.*))?|Lost executor (\S+) on ([^:]+): (.*)|ExecutorLostFailure: (.*)|The executor with id (\d+) exited/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/TaskEndReason.scala (ExecutorLostFailure); scheduler/TaskSchedulerImpl.scala (Lost executor)",
};

export const executorLostFetchFailed: Detector = {
  id: "executor-lost-fetch-failed",
  title: "Shuffle fetches failed because an executor was lost",
  explanation:
    "A reduce task could not fetch map output: the executor that wrote it (and served it, without an external shuffle service) is gone. FetchFailed and 'Missing an output location for shuffle' are the symptom; the root cause is why that executor died earlier — usually a memory kill, long GC pauses (lost heartbeats), or a lost node.",
  docs: "Spark docs configuration.md (spark.shuffle.service.enabled, spark.dynamicAllocation.shuffleTracking.enabled); FetchFailedException.scala, MapOutputTracker.scala",
  patterns: [FETCH, LOSS],
  specificity: 4,
  detect(input, ctx) {
    const fetch = scan(input, [FETCH]);
    if (fetch.length === 0) return [];
    const losses = scan(input, [LOSS]).filter((h) => !FETCH.re.test(input.lines[h.i] as string));
    // the first loss: one before the first fetch when there is one (losses are in line order)
    const loss = losses[0] ?? null;
    // the text's id, else the section's (an event log's failure, "ExecutorLostFailure: <reason>", names none)
    const executorId = loss
      ? (loss.m[1] ?? loss.m[3] ?? loss.m[7] ?? input.sections[loss.i]?.executorId ?? null)
      : null;
    const reason = loss ? (loss.m[2] ?? loss.m[5] ?? loss.m[6] ?? null) : null;
    const figures: Record<string, number | string> = {};
    if (executorId) figures.executorId = executorId;
    if (reason) figures.lossReason = reason.trim();
    for (const h of fetch) {
      const s = /Missing an output location for shuffle (\d+)|shuffleId=(\d+)/.exec(
        input.lines[h.i] as string,
      );
      if (s) {
        figures.shuffleId = Number(s[1] ?? s[2]);
        break;
      }
    }
    const changes: Change[] = [];
    const c = ctx.conf;
    if (
      valueSet(c, "spark.dynamicAllocation.enabled") === "true" &&
      valueSet(c, "spark.shuffle.service.enabled") !== "true"
    )
      changes.push(
        ...changesOf(
          c,
          "spark.dynamicAllocation.shuffleTracking.enabled",
          "true",
          "dynamic allocation keeps executors whose shuffle output is still needed",
        ),
      );
    // what the thread's fix usually is when the loss's own reason is not in the input: a larger executor
    // (the loss is most often a memory kill or a GC stall); the next checks say to find the reason first
    // (a container kill in the reason is its own cause, with its own advice: the overhead)
    const memoryLoss = reason === null || /OutOfMemory|heap|GC overhead|heartbeat/i.test(reason);
    if (changes.length === 0 && memoryLoss) changes.push(...adviseHeapGrowth(ctx, "executor").changes);
    return [
      baseCause(executorLostFetchFailed, {
        title: loss
          ? `Shuffle fetches failed after ${executorId ? `executor ${executorId}` : "an executor"} was lost${reason ? `: ${reason.trim().slice(0, 120)}` : ""} — the loss is the root cause`
          : "Shuffle fetches failed: an executor holding map output is gone (its loss is not in the input)",
        explanation: executorLostFetchFailed.explanation,
        process: "executor",
        confidence: loss ? 0.6 : 0.4,
        evidence: evidenceOf(input, [...(loss ? [loss.i] : []), ...fetch.map((h) => h.i)]),
        figures,
        changes,
        nextChecks: [
          loss
            ? `Find why ${executorId ? `executor ${executorId}` : "the executor"} died: its own stderr (yarn logs -applicationId <app> -containerId <container>, or kubectl logs of its pod) and the driver's 'Lost executor' line; paste them here — a memory kill there is the cause to fix.`
            : // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
              "Find the earlier 'Lost executor' / 'ExecutorLostFailure' lines in the driver's log and paste them: the executor's loss is the cause to fix.",
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Losses from lost heartbeats point at long GC pauses (spark.executor.heartbeatInterval, the GC time per executor in `sparkmem analyze`); losses of whole nodes at spot reclaims or decommissioning.",
        ],
      }),
    ];
  },
};
