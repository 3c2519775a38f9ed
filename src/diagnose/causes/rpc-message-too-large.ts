import { changesOf } from "../../conf/change.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { human, MiB } from "../sizes.js";

// TaskSetManager.resourceOffer / CoarseGrainedSchedulerBackend.launchTasks: "Serialized task 35:4 was
// 250906987 bytes, which exceeds max allowed: spark.rpc.message.maxSize (134217728 bytes). Consider increasing
// spark.rpc.message.maxSize or using broadcast variables for large values."
const SERIALIZED: MessagePattern = {
  re: /Serialized task [\d.:]+ was (\d+) bytes, which exceeds max allowed: spark\.(?:rpc\.message|akka\.frameSize)\.maxSize \((\d+) bytes\)|Serialized task [\d.:]+ was (\d+) bytes, which exceeds max allowed: spark\.akka\.frameSize \((\d+) bytes\)/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/scheduler/cluster/CoarseGrainedSchedulerBackend.scala (launchTasks); TaskSetManager.scala",
};

/** RpcUtils: spark.rpc.message.maxSize is in MiB and must stay below 2048 (Int.MaxValue bytes). */
const MAX_MIB = 2047;

export const rpcMessageTooLarge: Detector = {
  id: "rpc-message-too-large",
  title: "A serialized task is larger than spark.rpc.message.maxSize",
  explanation:
    "The driver sends each task to its executor in one RPC message, limited by spark.rpc.message.maxSize (128 MiB by default, below 2048). A task that carries a large object in its closure — a local collection parallelized, a big lookup table captured by a function — exceeds it. A larger limit lets it through; a broadcast variable ships the object once per executor instead of once per task.",
  docs: "Spark docs configuration.md (spark.rpc.message.maxSize); rdd-programming-guide.md (Broadcast Variables); CoarseGrainedSchedulerBackend.scala",
  patterns: [SERIALIZED],
  specificity: 10,
  detect(input, ctx) {
    const hits = scan(input, [SERIALIZED]);
    if (hits.length === 0) return [];
    const sizes = hits.map((h) => [Number(h.m[1] ?? h.m[3]), Number(h.m[2] ?? h.m[4])] as const);
    const task = Math.max(...sizes.map(([t]) => t));
    const limit = sizes[0]?.[1] ?? 128 * MiB;
    // the largest task with a quarter more room, in whole MiB, below Spark's cap
    const toMiB = Math.min(MAX_MIB, Math.ceil((task * 1.25) / MiB));
    const atCap = Math.ceil(task / MiB) > MAX_MIB;
    return [
      baseCause(rpcMessageTooLarge, {
        title: `A task of ${human(task)} is above spark.rpc.message.maxSize (${human(limit)})`,
        explanation: rpcMessageTooLarge.explanation,
        process: "driver",
        confidence: 0.95,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures: { requestedBytes: task, limitBytes: limit },
        changes: atCap
          ? []
          : changesOf(
              ctx.conf,
              "spark.rpc.message.maxSize",
              String(toMiB),
              "room for the largest serialized task (MiB)",
            ),
        codeChanges: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Broadcast the large value (sc.broadcast / spark.sparkContext.broadcast) instead of capturing it in a function, and read files on the executors instead of parallelizing a local collection.",
        ],
        nextChecks: atCap
          ? [
              "The task is above the 2047 MiB the setting allows: the closure must get smaller (a broadcast variable).",
            ]
          : [],
      }),
    ];
  },
};
