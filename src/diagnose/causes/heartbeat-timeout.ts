import { changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import type { Change } from "../types.js";

// HeartbeatReceiver.expireDeadHosts: "Executor heartbeat timed out after N ms"; TransportChannelHandler:
// "Connection to X has been quiet for N ms while there are outstanding requests. Assuming connection is dead;
// please adjust spark.network.timeout if this is wrong."; RpcTimeout: "Futures timed out after [10 seconds].
// This timeout is controlled by spark.executor.heartbeatInterval"
const HEARTBEAT: MessagePattern = {
  re: /Executor heartbeat timed out after (\d+) ms/,
  source: "apache/spark core/src/main/scala/org/apache/spark/HeartbeatReceiver.scala (expireDeadHosts)",
};
const QUIET: MessagePattern = {
  re: /has been quiet for (\d+) ms while there are outstanding requests/,
  source:
    "apache/spark common/network-common/src/main/java/org/apache/spark/network/server/TransportChannelHandler.java",
};
const RPC: MessagePattern = {
  re: /This timeout is controlled by (spark\.[\w.]+)/,
  source: "apache/spark core/src/main/scala/org/apache/spark/rpc/RpcTimeout.scala",
};

/** Spark's defaults: spark.network.timeout 120s, spark.executor.heartbeatInterval 10s (configuration.md). */
const TIMEOUT = "600s";
const INTERVAL = "60s";

export const heartbeatTimeout: Detector = {
  id: "heartbeat-timeout",
  title: "An executor stopped answering: heartbeat or network timeout (usually long GC pauses)",
  explanation:
    "The driver drops an executor whose heartbeat has not arrived within spark.network.timeout (120s by default), and a connection with no traffic for that long is closed. A JVM stuck in garbage collection of a nearly full heap sends nothing: the timeout is the symptom, a heap too small for what its tasks hold is the usual cause; a saturated network or a lost node are the others.",
  docs: "Spark docs configuration.md (spark.network.timeout, spark.executor.heartbeatInterval); tuning.md (Garbage Collection Tuning); HeartbeatReceiver.scala",
  patterns: [HEARTBEAT, QUIET, RPC],
  specificity: 5,
  detect(input, ctx) {
    const hits = scan(input, [HEARTBEAT, QUIET, RPC]);
    if (hits.length === 0) return [];
    const ms = hits
      .map((h) => HEARTBEAT.re.exec(input.lines[h.i] as string) ?? QUIET.re.exec(input.lines[h.i] as string))
      .find((m) => m !== null);
    const figures: Record<string, number | string> = ms ? { silentMs: Number(ms[1]) } : {};
    // the timeout longer than the pause, the heartbeat well inside it (Spark requires interval < timeout)
    const changes: Change[] = [
      ...changesOf(
        ctx.conf,
        "spark.network.timeout",
        TIMEOUT,
        "room for a long GC pause before the executor is dropped",
      ),
      ...changesOf(
        ctx.conf,
        "spark.executor.heartbeatInterval",
        valueSet(ctx.conf, "spark.executor.heartbeatInterval") ?? INTERVAL,
        "heartbeats well inside the timeout",
      ),
    ];
    return [
      baseCause(heartbeatTimeout, {
        title: `An executor went silent${ms ? ` for ${Math.round(Number(ms[1]) / 1000)} s` : ""}: its heartbeat or connection timed out`,
        explanation: heartbeatTimeout.explanation,
        process: "executor",
        confidence: hits.some((h) => HEARTBEAT.re.test(input.lines[h.i] as string)) ? 0.8 : 0.6,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures,
        changes,
        nextChecks: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Look at the GC time of the lost executor (Spark UI's Executors tab, or `sparkmem analyze <event log>`): a large share means the heap is too small for its tasks — more executor memory or fewer cores per executor removes the pauses; a longer timeout only tolerates them.",
        ],
      }),
    ];
  },
};
