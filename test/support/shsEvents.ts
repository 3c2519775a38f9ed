import type { ApplicationSummary, ExecutorSummary } from "../../src/analyze/types.js";
import { replay } from "./fixtures.js";

/**
 * Spark event lines written by hand for test/analyzeShs*.test.ts and test/diagnoseEventLogFailures.test.ts, in JsonProtocol's field names (4.x shape
 * unless told), replayed as `analyze` reads them.
 */
export type Event = Record<string, unknown>;
export const T = 1_700_000_000_000;

export function app(id: string, events: Event[], version = "4.3.0"): string {
  return [
    { Event: "SparkListenerLogStart", "Spark Version": version },
    { Event: "SparkListenerApplicationStart", "App Name": id, "App ID": id, Timestamp: T, User: "u" },
    ...events,
    { Event: "SparkListenerApplicationEnd", Timestamp: T + 10_000 },
  ]
    .map((e) => JSON.stringify(e))
    .join("\n");
}

export function executor(
  id: string,
  o: { cores?: number; profile?: number; blockManager?: boolean } = {},
): Event[] {
  const host = `10.0.0.${id}`;
  const info = { Host: host, "Total Cores": o.cores ?? 4, "Log Urls": {}, Attributes: {}, Resources: {} };
  return [
    {
      Event: "SparkListenerExecutorAdded",
      Timestamp: T + 1,
      "Executor ID": id,
      "Executor Info": { ...info, "Resource Profile Id": o.profile ?? 0 },
    },
    ...(o.blockManager === false
      ? []
      : [
          {
            Event: "SparkListenerBlockManagerAdded",
            "Block Manager ID": { "Executor ID": id, Host: host, Port: 40_000 },
            "Maximum Memory": 1000,
            Timestamp: T + 2,
            "Maximum Onheap Memory": 1000,
            "Maximum Offheap Memory": 0,
          },
        ]),
  ];
}

const stageInfo = (stage: number, tasks: number, times: Event = {}): Event => ({
  "Stage ID": stage,
  "Stage Attempt ID": 0,
  "Stage Name": `stage ${stage}`,
  "Number of Tasks": tasks,
  "RDD Info": [],
  "Parent IDs": [],
  Details: "",
  Accumulables: [],
  "Resource Profile Id": 0,
  ...times,
});

/** Job 0 with one stage 0 of `tasks` tasks, submitted, its `body` run, completed. */
export function job(tasks: number, body: Event[]): Event[] {
  const submitted = { "Submission Time": T + 10 };
  return [
    {
      Event: "SparkListenerJobStart",
      "Job ID": 0,
      "Submission Time": T + 5,
      "Stage Infos": [stageInfo(0, tasks)],
      "Stage IDs": [0],
      Properties: {},
    },
    { Event: "SparkListenerStageSubmitted", "Stage Info": stageInfo(0, tasks, submitted), Properties: {} },
    ...body,
    {
      Event: "SparkListenerStageCompleted",
      "Stage Info": stageInfo(0, tasks, { ...submitted, "Completion Time": T + 5000 }),
    },
    {
      Event: "SparkListenerJobEnd",
      "Job ID": 0,
      "Completion Time": T + 5001,
      "Job Result": { Result: "JobSucceeded" },
    },
  ];
}

export interface Task {
  id: number;
  executor: string;
  launch: number;
  finish: number;
  stage?: number;
}
const taskInfo = (t: Task, finish: number, failed = false): Event => ({
  "Task ID": t.id,
  Index: t.id,
  Attempt: 0,
  "Partition ID": t.id,
  "Launch Time": T + t.launch,
  "Executor ID": t.executor,
  Host: `10.0.0.${t.executor}`,
  Locality: "PROCESS_LOCAL",
  Speculative: false,
  "Getting Result Time": 0,
  "Finish Time": finish,
  Failed: failed,
  Killed: false,
  Accumulables: [],
});

/** JsonProtocol.taskMetricsToJson's fields (4.x; `peak` absent writes a 2.x log's shape). */
export function metrics(peak?: number): Event {
  return {
    "Executor Deserialize Time": 1,
    "Executor Deserialize CPU Time": 1,
    "Executor Run Time": 100,
    "Executor CPU Time": 1000,
    ...(peak === undefined ? {} : { "Peak Execution Memory": peak }),
    "Result Size": 1000,
    "JVM GC Time": 5,
    "Result Serialization Time": 0,
    "Memory Bytes Spilled": 0,
    "Disk Bytes Spilled": 0,
    "Shuffle Read Metrics": {
      "Remote Blocks Fetched": 0,
      "Local Blocks Fetched": 0,
      "Fetch Wait Time": 0,
      "Remote Bytes Read": 0,
      "Remote Bytes Read To Disk": 0,
      "Local Bytes Read": 0,
      "Total Records Read": 0,
    },
    "Shuffle Write Metrics": {
      "Shuffle Bytes Written": 10,
      "Shuffle Write Time": 1,
      "Shuffle Records Written": 1,
    },
    "Input Metrics": { "Bytes Read": 0, "Records Read": 0 },
    "Output Metrics": { "Bytes Written": 0, "Records Written": 0 },
    "Updated Blocks": [],
  };
}

export const taskStart = (t: Task): Event => ({
  Event: "SparkListenerTaskStart",
  "Stage ID": t.stage ?? 0,
  "Stage Attempt ID": 0,
  "Task Info": taskInfo(t, 0),
});

/** TaskStart and TaskEnd; a Success gets 4.x metrics unless `extra` says otherwise. */
export function task(t: Task, reason: Event = { Reason: "Success" }, extra: Event = {}): Event[] {
  const ok = reason.Reason === "Success";
  return [taskStart(t), taskEnd(t, reason, { ...(ok ? { "Task Metrics": metrics(0) } : {}), ...extra })];
}

export function taskEnd(t: Task, reason: Event, extra: Event = {}): Event {
  const failed = reason.Reason !== "Success" && reason.Reason !== "Resubmitted";
  return {
    Event: "SparkListenerTaskEnd",
    "Stage ID": t.stage ?? 0,
    "Stage Attempt ID": 0,
    "Task Type": "ShuffleMapTask",
    "Task End Reason": reason,
    "Task Info": taskInfo(t, T + t.finish, failed),
    ...extra,
  };
}

export const exception = (cls: string, description: string): Event => ({
  Reason: "ExceptionFailure",
  "Class Name": cls,
  Description: description,
  "Stack Trace": [],
  "Full Stack Trace": `${cls}: ${description}`,
  "Accumulator Updates": [],
});

export const analyze = (id: string, events: Event[], version?: string) => replay(app(id, events, version));
export const byId = (a: ApplicationSummary, id: string): ExecutorSummary => {
  const e = a.executors.find((x) => x.id === id);
  if (!e) throw new Error(`no executor ${id}`);
  return e;
};
export const counts = (e: ExecutorSummary) => {
  const { activeTasks, completedTasks, failedTasks, totalTasks, totalDuration } = e;
  return { activeTasks, completedTasks, failedTasks, totalTasks, totalDuration };
};
