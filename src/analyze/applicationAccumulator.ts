import { atLeast } from "../conf/version.js";
import { driverAsShown } from "./driverAsShown.js";
import { type Environment, emptyEnvironment, environmentOf } from "./environment.js";
import { eventNameOf } from "./eventName.js";
import type { EventObserver } from "./eventObserver.js";
import { metricValuesOf, updatePeaks } from "./executorMetrics.js";
import { JobTracker } from "./jobTracker.js";
import { type JsonObject, num, obj, str } from "./json.js";
import { taskStartExecutorId, withoutAccumulables } from "./lineTrim.js";
import { LiveExecutor } from "./liveExecutor.js";
import { ResourceProfiles } from "./resourceProfiles.js";
import { StageTracker } from "./stageTracker.js";
import { TaskConcurrency } from "./taskConcurrency.js";
import { readTaskEnd, type TaskEnd } from "./taskEnd.js";
import type { ApplicationInfo, ApplicationSummary } from "./types.js";

/** The events this analysis reads; every other line is skipped before JSON.parse. */
export const WANTED_EVENTS: ReadonlySet<string> = new Set([
  "SparkListenerLogStart",
  "SparkListenerApplicationStart",
  "SparkListenerApplicationEnd",
  "SparkListenerEnvironmentUpdate",
  "SparkListenerResourceProfileAdded",
  "SparkListenerExecutorAdded",
  "SparkListenerExecutorRemoved",
  "SparkListenerBlockManagerAdded",
  "SparkListenerTaskStart",
  "SparkListenerTaskEnd",
  "SparkListenerStageExecutorMetrics",
  "SparkListenerExecutorMetricsUpdate",
  "SparkListenerJobStart",
  "SparkListenerJobEnd",
  "SparkListenerStageSubmitted",
  "SparkListenerStageCompleted",
]);

/**
 * Replays one application's event lines the way the History Server's AppStatusListener does
 * (core/src/main/scala/org/apache/spark/status/AppStatusListener.scala) for the figures we report.
 * Stateful by nature: lines arrive in order, possibly from several rolling files.
 */
export class ApplicationAccumulator {
  private readonly app: ApplicationInfo = {
    id: null,
    name: null,
    attemptId: null,
    sparkVersion: null,
    sparkUser: null,
    startTimeMs: null,
    endTimeMs: null,
    completed: false,
    master: null,
    deployMode: null,
    javaVersion: null,
    peakRunningTasks: 0,
  };
  private readonly concurrency = new TaskConcurrency();
  private environment: Environment = emptyEnvironment();
  private readonly profiles = new ResourceProfiles();
  /** Executors alive now (AppStatusListener.liveExecutors). */
  private readonly live = new Map<string, LiveExecutor>();
  /** Every executor ever seen, in order of appearance. */
  private readonly all: LiveExecutor[] = [];
  private readonly stages = new StageTracker();
  private readonly jobs = new JobTracker();
  private readonly warnings: string[] = [];
  private badLines = 0;
  /** Lines that carried an "Event" field: zero means the input is not a Spark event log. */
  events = 0;
  constructor(private readonly observer?: EventObserver) {}
  /** Whether a line with this event name must be parsed (for the analysis or the observer). */
  wants(name: string): boolean {
    return WANTED_EVENTS.has(name) || (this.observer?.events.has(name) ?? false);
  }

  /** Feed one line (1-based number for messages). Returns false when the line is not JSON. */
  pushLine(line: string, lineNo: number): boolean {
    const name = eventNameOf(line);
    if (name === null) {
      if (line.trim() === "") return true;
      this.note(`line ${lineNo}: not a Spark event (no "Event" field)`);
      return false;
    }
    this.events++;
    if (!this.wants(name)) return true;
    if (name === "SparkListenerTaskStart") {
      this.taskStarted(taskStartExecutorId(line));
      return true;
    }
    let e: JsonObject;
    try {
      e = JSON.parse(name === "SparkListenerTaskEnd" ? withoutAccumulables(line) : line) as JsonObject;
    } catch {
      this.note(`line ${lineNo}: ${name} is not valid JSON`);
      return false;
    }
    this.onEvent(name, e);
    return true;
  }

  private note(w: string): void {
    this.badLines++;
    if (this.warnings.length < 20) this.warnings.push(w);
  }

  private onEvent(name: string, e: JsonObject): void {
    if (this.observer?.events.has(name)) this.observer.onEvent(name, e);
    switch (name) {
      case "SparkListenerLogStart":
        this.app.sparkVersion = str(e, "Spark Version");
        return;
      case "SparkListenerApplicationStart":
        this.app.name = str(e, "App Name");
        this.app.id = str(e, "App ID");
        this.app.attemptId = str(e, "App Attempt ID");
        this.app.sparkUser = str(e, "User");
        this.app.startTimeMs = num(e, "Timestamp");
        return;
      case "SparkListenerApplicationEnd": {
        this.app.endTimeMs = num(e, "Timestamp");
        this.app.completed = true;
        return;
      }
      case "SparkListenerEnvironmentUpdate": {
        // SparkContext re-posts it after addJar/addFile; the last one wins, as in the History Server
        this.environment = environmentOf(e);
        const props = this.environment.sparkProperties;
        this.app.master = props["spark.master"] ?? null;
        this.app.deployMode = props["spark.submit.deployMode"] ?? null;
        this.app.javaVersion = str(obj(e, "JVM Information"), "Java Version");
        this.profiles.setDefault(props["spark.task.cpus"]);
        return;
      }
      case "SparkListenerResourceProfileAdded":
        this.profiles.add(e);
        return;
      case "SparkListenerExecutorAdded": {
        const id = str(e, "Executor ID");
        if (id === null) return;
        const info = obj(e, "Executor Info");
        const x = this.executor(id, num(e, "Timestamp"));
        x.host = str(info, "Host");
        x.isActive = true;
        x.totalCores = num(info, "Total Cores") ?? 0;
        x.resourceProfileId = num(info, "Resource Profile Id") ?? 0;
        x.maxTasks = this.profiles.maxTasks(x.resourceProfileId, x.totalCores);
        return;
      }
      case "SparkListenerExecutorRemoved": {
        const id = str(e, "Executor ID");
        const x = id === null ? undefined : this.live.get(id);
        if (!x || id === null) return;
        this.live.delete(id);
        this.concurrency.removed(x.activeTasks, x.maxTasks);
        x.isActive = false;
        x.removeTimeMs = num(e, "Timestamp");
        x.removeReason = str(e, "Removed Reason");
        return;
      }
      case "SparkListenerBlockManagerAdded": {
        // the driver has no ExecutorAdded: its BlockManager makes it an "executor" in the UI
        const bm = obj(e, "Block Manager ID");
        const id = str(bm, "Executor ID");
        if (id === null) return;
        const x = this.executor(id, num(e, "Timestamp"));
        x.hostPort = `${str(bm, "Host")}:${num(bm, "Port")}`;
        const onHeap = num(e, "Maximum Onheap Memory");
        if (onHeap !== null) {
          x.totalOnHeap = onHeap;
          x.totalOffHeap = num(e, "Maximum Offheap Memory") ?? 0;
        }
        x.isActive = true;
        x.maxMemory = num(e, "Maximum Memory") ?? 0;
        return;
      }

      case "SparkListenerTaskEnd":
        this.taskEnded(readTaskEnd(e));
        return;
      case "SparkListenerExecutorMetricsUpdate": {
        // since 3.2 the driver's own updates are logged (with logStageExecutorMetrics); replay
        // folds them into the executor's and the stage's peaks (onExecutorMetricsUpdate)
        const x = this.live.get(str(e, "Executor ID") ?? "");
        const updates = e["Executor Metrics Updated"];
        if (!Array.isArray(updates)) return;
        for (const u of updates as JsonObject[]) {
          const metrics = metricValuesOf(u?.["Executor Metrics"]);
          this.stages.onExecutorMetricsUpdate(u, metrics);
          if (!x) continue;
          updatePeaks(x.peaks, metrics);
          x.peaksSet = true;
        }
        return;
      }
      case "SparkListenerJobStart":
        this.stages.onJobStart(e);
        this.jobs.onJobStart(e);
        return;
      case "SparkListenerJobEnd":
        this.stages.onJobEnd(e);
        this.jobs.onJobEnd(e);
        return;
      case "SparkListenerStageSubmitted":
        this.stages.onStageSubmitted(e);
        return;
      case "SparkListenerStageCompleted":
        this.stages.onStageCompleted(e);
        return;
      case "SparkListenerStageExecutorMetrics": {
        const x = this.byId(str(e, "Executor ID"));
        const metrics = metricValuesOf(e["Executor Metrics"]);
        this.stages.onStageExecutorMetrics(e, metrics);
        if (!x) return;
        updatePeaks(x.peaks, metrics);
        x.peaksSet = true;
        return;
      }
    }
  }

  /** A line holding an event this analysis does not read (the byte-level reader's fast skip). */
  skippedEvent(): void {
    this.events++;
  }

  /** A task end read by scanTaskEnd, without JSON.parse. */
  scannedTaskEnd(t: TaskEnd): void {
    this.events++;
    this.taskEnded(t);
  }

  /** A task start whose executor id was read without JSON.parse. */
  scannedTaskStart(executorId: string): void {
    this.events++;
    this.taskStarted(executorId);
  }

  private taskEnded(t: TaskEnd): void {
    this.observer?.onTaskEnd(t);
    this.onTaskEnd(t);
    this.stages.onTaskEnd(t);
  }

  private taskStarted(executorId: string | null): void {
    const x = this.live.get(executorId ?? "");
    if (!x) return;
    x.activeTasks++;
    this.concurrency.changed(x.activeTasks - 1, x.activeTasks, x.maxTasks);
    x.totalTasks++;
  }

  /** AppStatusListener.onTaskEnd, the executor's part. */
  private onTaskEnd(t: TaskEnd): void {
    const x = this.live.get(t.executorId ?? "");
    if (!x) return;
    if (t.outcome === "succeeded") x.completedTasks++;
    else if (t.outcome !== "killed") x.failedTasks++;
    // A resubmission (no TaskStart) counts as failed but ends no running task (SPARK-41187, 3.4+), and
    // its first run's metrics stand for it. Its first run's duration is added again up to 4.2 (the
    // bytecode of 3.5.9, 4.0.1, 4.1.0 and 4.2.0 adds it; 4.3.0's does not): as the log's own version
    // shows it, the newest when the log does not say.
    if (t.outcome !== "resubmitted") {
      x.activeTasks--;
      this.concurrency.changed(x.activeTasks + 1, x.activeTasks, x.maxTasks);
    }
    if (t.outcome !== "resubmitted" || this.resubmittedAddsDuration()) x.totalDuration += t.durationMs;
    if (t.outcome !== "resubmitted" && t.hasMetrics) {
      x.totalGCTime += t.gcTimeMs;
      x.totalInputBytes += t.inputBytes;
      x.totalShuffleRead += t.shuffleReadBytes;
      x.totalShuffleWrite += t.shuffleWriteBytes;
    }
    // a task end without metrics still counts as an (all-zero) update, as in the History Server
    updatePeaks(x.peaks, t.executorMetrics);
    x.peaksSet = true;
  }

  /** Spark before 4.3 adds a resubmitted task's duration to its executor's totalDuration again. */
  private resubmittedAddsDuration(): boolean {
    // any version a log names (1.x too), so not parseSparkVersion, which knows only the modelled lines
    const m = /^(\d+)\.(\d+)/.exec(this.app.sparkVersion ?? "");
    return m !== null && !atLeast({ major: Number(m[1]), minor: Number(m[2]), patch: 0, text: m[0] }, "4.3");
  }

  /** AppStatusListener.getOrCreateExecutor: a live one, or a new one from this event's time. */
  private executor(id: string, timeMs: number | null): LiveExecutor {
    let x = this.live.get(id);
    if (!x) {
      x = new LiveExecutor(id, timeMs);
      this.live.set(id, x);
      const old = this.all.findIndex((o) => o.id === id);
      if (old >= 0) this.all.splice(old, 1); // a re-registered executor replaces the old entry
      this.all.push(x);
    }
    return x;
  }

  private byId(id: string | null): LiveExecutor | undefined {
    if (id === null) return undefined;
    return this.live.get(id) ?? this.all.find((x) => x.id === id);
  }

  finish(): ApplicationSummary {
    const warnings = [...this.warnings];
    if (this.badLines > this.warnings.length)
      warnings.push(`… ${this.badLines - this.warnings.length} more unreadable lines`);
    if (!this.app.completed)
      warnings.push("no SparkListenerApplicationEnd: the application is incomplete or the log is cut");
    return {
      application: { ...this.app, peakRunningTasks: this.concurrency.peak },
      environment: this.environment,
      executors: this.all.map((x) => driverAsShown(x.toSummary(), this.app)),
      stages: this.stages.summaries(),
      jobs: this.jobs.summaries(),
      executorProfiles: this.profiles.executorProfiles(),
      warnings,
    };
  }
}
