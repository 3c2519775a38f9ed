import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAUSES, type CauseId, DETECTORS, diagnose } from "../src/diagnose/index.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const ALL_IDS: CauseId[] = [
  "yarn-pmem-kill",
  "yarn-vmem-kill",
  "k8s-oomkilled",
  "os-oom-kill",
  "heap-oom",
  "gc-overhead",
  "max-result-size",
  "broadcast-too-large",
  "direct-buffer-oom",
  "metaspace-oom",
  "native-thread",
  "native-memory",
  "python-worker-oom",
  "unable-to-acquire-memory",
  "invalid-memory-settings",
  "container-above-max",
  "executor-lost-fetch-failed",
  "disk-full-spill",
  "kryo-buffer-overflow",
  "block-over-2gb",
  "heartbeat-timeout",
  "rpc-message-too-large",
  "unknown",
];

const PMEM =
  "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.";

function event(o: Record<string, unknown>): string {
  return JSON.stringify(o);
}
const TASK_INFO = {
  "Task ID": 1,
  Index: 0,
  Attempt: 0,
  "Launch Time": 3,
  "Executor ID": "7",
  Host: "n1",
  Locality: "PROCESS_LOCAL",
  Speculative: false,
  "Getting Result Time": 0,
  "Finish Time": 4,
  Failed: true,
  Killed: false,
  Accumulables: [],
};
/** A Spark event log (JsonProtocol's field names) whose executor 7 was killed by YARN. */
const EVENT_LOG = [
  event({ Event: "SparkListenerLogStart", "Spark Version": "3.5.1" }),
  event({
    Event: "SparkListenerEnvironmentUpdate",
    "JVM Information": { "Java Version": "17.0.10 (Eclipse Adoptium)" },
    "Spark Properties": {
      "spark.master": "yarn",
      "spark.executor.memory": "8g",
      "spark.executor.cores": "4",
    },
    "Hadoop Properties": { "yarn.scheduler.minimum-allocation-mb": "1024" },
    "System Properties": {},
    "Classpath Entries": {},
  }),
  event({
    Event: "SparkListenerExecutorAdded",
    Timestamp: 2,
    "Executor ID": "7",
    "Executor Info": { Host: "n1", "Total Cores": 4, "Log Urls": {} },
  }),
  event({
    Event: "SparkListenerStageSubmitted",
    "Stage Info": {
      "Stage ID": 1,
      "Stage Attempt ID": 0,
      "Stage Name": "s",
      "Number of Tasks": 1,
      "RDD Info": [],
      "Parent IDs": [],
      Details: "",
      Accumulables: [],
    },
  }),
  event({
    Event: "SparkListenerTaskStart",
    "Stage ID": 1,
    "Stage Attempt ID": 0,
    "Task Info": { ...TASK_INFO, Failed: false },
  }),
  event({
    Event: "SparkListenerTaskEnd",
    "Stage ID": 1,
    "Stage Attempt ID": 0,
    "Task Type": "ResultTask",
    "Task End Reason": {
      Reason: "ExecutorLostFailure",
      "Executor ID": "7",
      "Exit Caused By App": true,
      "Loss Reason": PMEM,
    },
    "Task Info": TASK_INFO,
  }),
  event({ Event: "SparkListenerExecutorRemoved", Timestamp: 5, "Executor ID": "7", "Removed Reason": PMEM }),
].join("\n");

describe("inputs", () => {
  it("an event log: the removal and task-failure reasons are the evidence, its settings feed the model", () => {
    const c = diagnose(EVENT_LOG).causes[0];
    expect(c?.id).toBe("yarn-pmem-kill");
    expect(c?.evidence).toEqual([PMEM, `ExecutorLostFailure: ${PMEM}`]);
    expect(c?.figures.containerBytes).toBe(9 * GiB);
    expect(c?.figures.heapBytes).toBe(8 * GiB);
    // 9.4 × 1.1 = 10.34 GiB → 11 GiB; 11264 − 8192 = 3072
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memoryOverhead", from: null, to: "3g" }]);
    expect(c?.alternatives?.[0]?.changes).toMatchObject([
      { key: "spark.executor.cores", from: "4", to: "2" },
    ]);
  });

  it("an event log's task failure (ExceptionFailure) is an executor's", () => {
    const oom = event({
      Event: "SparkListenerTaskEnd",
      "Stage ID": 1,
      "Stage Attempt ID": 0,
      "Task Type": "ResultTask",
      "Task End Reason": {
        Reason: "ExceptionFailure",
        "Class Name": "java.lang.OutOfMemoryError",
        Description: "Java heap space",
      },
      "Task Info": { ...TASK_INFO, "Task ID": 2 },
    });
    const lines = EVENT_LOG.split("\n");
    const c = diagnose([...lines.slice(0, 5), oom].join("\n")).causes[0];
    expect(c?.id).toBe("heap-oom");
    expect(c?.process).toBe("executor");
    expect(c?.evidence).toEqual(["java.lang.OutOfMemoryError: Java heap space"]);
    expect(c?.changes).toMatchObject([{ key: "spark.executor.memory", from: "8g", to: "12g" }]);
  });

  it("pod JSON (kubectl get pod -o json): lastState.terminated, the limit from the spec", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "spark-pi-1a2b-exec-4", labels: { "spark-role": "executor", "spark-exec-id": "4" } },
      spec: {
        containers: [
          {
            name: "spark-kubernetes-executor",
            resources: { limits: { memory: "1408Mi" }, requests: { cpu: "1", memory: "1408Mi" } },
          },
        ],
      },
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "spark-kubernetes-executor",
            restartCount: 1,
            lastState: { terminated: { exitCode: 137, reason: "OOMKilled" } },
            state: { running: {} },
          },
        ],
      },
    };
    const c = diagnose(JSON.stringify(pod, null, 2)).causes[0];
    expect(c?.id).toBe("k8s-oomkilled");
    expect(c?.process).toBe("executor");
    expect(c?.figures.executorId).toBe("4");
    expect(c?.figures.limitBytes).toBe(1408 * MiB);
    expect(c?.evidence).toEqual([
      "pod spark-pi-1a2b-exec-4 container spark-kubernetes-executor: lastState.terminated reason=OOMKilled exitCode=137",
    ]);
  });

  it("`yarn logs`: the container header says executor (000002) or driver (000001, cluster mode)", () => {
    const block = (n: string) =>
      [
        `Container: container_e12_1330511445220_0529_01_${n} on n1_45454`,
        "LogAggregationType: AGGREGATED",
        "====================================================================",
        "LogType:stderr",
        "LogContents:",
        "java.lang.OutOfMemoryError: Java heap space",
        "\tat java.util.Arrays.copyOf(Arrays.java:3236)",
        "",
      ].join("\n");
    const r = diagnose(block("000002") + block("000001"));
    expect(r.causes.map((c) => `${c.id}/${c.process}`).sort()).toEqual([
      "heap-oom/driver",
      "heap-oom/executor",
    ]);
  });

  it("a configuration the model refuses only loses the figures; the message's figures remain", () => {
    const c = diagnose(PMEM, { conf: { "spark.executor.memory": "lots" }, master: "yarn" }).causes[0];
    expect(c?.id).toBe("yarn-pmem-kill");
    expect(c?.figures.limitBytes).toBe(9 * GiB);
    expect(c?.nextChecks.join("\n")).toMatch(/could not be modelled/);
  });

  it("ranked by confidence, one cause per (id, process), evidence merged", () => {
    const text = [PMEM, PMEM.replace("9.4", "9.2"), "Container killed on request. Exit code is 143"].join(
      "\n",
    );
    const r = diagnose(text).causes;
    expect(r.map((c) => c.id)).toEqual(["yarn-pmem-kill"]);
    expect(r[0]?.evidence).toHaveLength(2);
    // the larger usage is the one that sizes the overhead
    expect(r[0]?.figures.usedBytes).toBe(Math.round(9.4 * GiB));
  });
});

describe("the vocabulary", () => {
  it("CAUSES documents every cause id once, each with an explanation and a source reference", () => {
    expect(CAUSES.map((c) => c.id)).toEqual(ALL_IDS);
    for (const c of CAUSES) {
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.explanation.length).toBeGreaterThan(60);
      expect(c.docs.length).toBeGreaterThan(10);
    }
  });
  it("every recognised message format names the source it was taken from", () => {
    for (const d of DETECTORS) {
      expect(d.patterns.length).toBeGreaterThan(0);
      for (const p of d.patterns) expect(p.source).toMatch(/\S{6,}/);
    }
  });
});

// fragments of real messages, shuffled into arbitrary inputs
const FRAGMENTS = [
  PMEM,
  "Container killed on request. Exit code is 143",
  "ExecutorLostFailure (executor 7 exited caused by one of the running tasks) Reason: ",
  'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
  "\tat org.apache.spark.sql.Dataset.collect(Dataset.scala:3402)",
  "The executor with id 13 exited with exit code 137(SIGKILL, possible container OOM).",
  "\t termination reason: OOMKilled",
  "Total size of serialized results of 3 tasks (1.1 GiB) is bigger than spark.driver.maxResultSize (1024.0 MiB)",
  "org.apache.spark.shuffle.MetadataFetchFailedException: Missing an output location for shuffle 1",
  "Required executor memory (4096), overhead (409 MB), and PySpark memory (0 MB) is above the max threshold (2048 MB) of this cluster!",
  "System memory 1 must be at least 471859200.",
  "java.io.IOException: No space left on device",
  "MemoryError",
  "Name:         x-driver",
  "Container: container_1_0001_01_000001 on h_1",
  '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}',
  "{",
  "24/03/01 10:00:00 INFO SparkContext: Running Spark version 3.5.1",
  "",
];

describe("never throws, never claims without evidence", () => {
  it("empty input and an ordinary INFO log give no causes", () => {
    expect(diagnose("").causes).toEqual([]);
    const info = [
      "24/03/01 10:00:00 INFO SparkContext: Running Spark version 3.5.1",
      "24/03/01 10:00:01 INFO ResourceUtils: No custom resources configured for spark.driver.",
      "24/03/01 10:00:02 INFO MemoryStore: MemoryStore started with capacity 434.4 MiB",
      "24/03/01 10:00:05 INFO DAGScheduler: Job 0 finished: count at <console>:24, took 1.2 s",
    ].join("\n");
    expect(diagnose(info).causes).toEqual([]);
  });

  it("any text: no exception, ranked causes from the vocabulary, integer bytes, verbatim evidence", () => {
    const line = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 80 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, withConf) => {
        const text = lines.join("\n");
        const r = diagnose(
          text,
          withConf
            ? { conf: { "spark.executor.memory": "8g", "spark.executor.cores": "4" }, master: "yarn" }
            : {},
        );
        for (let k = 1; k < r.causes.length; k++)
          expect((r.causes[k - 1]?.confidence ?? 0) >= (r.causes[k]?.confidence ?? 0)).toBe(true);
        for (const c of r.causes) {
          expect(ALL_IDS).toContain(c.id);
          expect(c.confidence).toBeGreaterThanOrEqual(0);
          expect(c.confidence).toBeLessThanOrEqual(1);
          expect(c.evidence.length).toBeGreaterThan(0);
          if (!text.includes("{"))
            for (const e of c.evidence) expect(text.split("\n").map((l) => l.trimEnd())).toContain(e); // verbatim, less trailing blanks
          for (const [k, v] of Object.entries(c.figures))
            if (k.endsWith("Bytes")) expect(Number.isInteger(v)).toBe(true);
          for (const ch of c.changes) expect(ch.key).toMatch(/^[\w.-]+$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("random strings never throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        expect(() => diagnose(s)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
