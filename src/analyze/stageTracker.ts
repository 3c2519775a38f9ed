import type { MetricValues } from "./executorMetrics.js";
import { type JsonObject, num, obj } from "./json.js";
import { LiveStage } from "./liveStage.js";
import type { TaskEnd } from "./taskEnd.js";
import type { StageSummary } from "./types.js";

/** Stage attempts through JobStart, StageSubmitted, TaskEnd, StageCompleted and JobEnd (AppStatusListener). */
export class StageTracker {
  private readonly stages = new Map<string, LiveStage>();
  private readonly jobStages = new Map<number, number[]>();

  private stage(stageId: number, attemptId: number): LiveStage {
    const key = `${stageId}:${attemptId}`;
    let s = this.stages.get(key);
    if (!s) {
      s = new LiveStage(stageId, attemptId);
      this.stages.set(key, s);
    }
    return s;
  }

  private fromInfo(info: JsonObject | null): LiveStage | null {
    const id = num(info, "Stage ID");
    if (info === null || id === null) return null;
    const s = this.stage(id, num(info, "Stage Attempt ID") ?? 0);
    s.updateInfo(info);
    return s;
  }

  onJobStart(e: JsonObject): void {
    const infos = e["Stage Infos"];
    const ids: number[] = [];
    if (Array.isArray(infos))
      for (const i of infos) {
        const s = this.fromInfo(i as JsonObject);
        if (s) ids.push(s.stageId);
      }
    const job = num(e, "Job ID");
    if (job !== null) this.jobStages.set(job, ids);
  }

  onStageSubmitted(e: JsonObject): void {
    const s = this.fromInfo(obj(e, "Stage Info"));
    if (s) s.status = "ACTIVE";
  }

  onStageCompleted(e: JsonObject): void {
    const info = obj(e, "Stage Info");
    // a stage no JobStart or StageSubmitted made is not there to complete (onStageCompleted)
    if (!this.existing(num(info, "Stage ID"), num(info, "Stage Attempt ID"))) return;
    const s = this.fromInfo(info);
    if (!s) return;
    // old logs may lack a submission time for stages that ran (SPARK-20205)
    s.status =
      s.failureReason !== null ? "FAILED" : num(info, "Submission Time") !== null ? "COMPLETE" : "SKIPPED";
  }

  /** Stages of a finished job that never ran were skipped. */
  onJobEnd(e: JsonObject): void {
    const ids = this.jobStages.get(num(e, "Job ID") ?? -1) ?? [];
    for (const s of this.stages.values())
      if (ids.includes(s.stageId) && s.status === "PENDING") s.status = "SKIPPED";
  }

  /**
   * Only a stage a JobStart or StageSubmitted made counts a task: AppStatusListener.onTaskEnd updates
   * `liveStages.get((stageId, attemptId))` when present and ignores the stage otherwise (a task end of a
   * stage never submitted makes no stage); the executor still counts the task.
   */
  onTaskEnd(t: TaskEnd): void {
    this.existing(t.stageId, t.stageAttemptId)?.onTaskEnd(t);
  }

  /** updateStageLevelPeakExecutorMetrics: likewise only for a stage that is there. */
  onStageExecutorMetrics(e: JsonObject, metrics: MetricValues | null): void {
    this.existing(num(e, "Stage ID"), num(e, "Stage Attempt ID"))?.onStageExecutorMetrics(metrics);
  }

  private existing(stageId: number | null, attemptId: number | null): LiveStage | undefined {
    return stageId === null ? undefined : this.stages.get(`${stageId}:${attemptId ?? 0}`);
  }

  /**
   * A logged ExecutorMetricsUpdate entry (the driver's, since 3.2): it raises the peaks of a stage
   * only while that stage is live, as AppStatusListener.updateStageLevelPeakExecutorMetrics does;
   * entries for finished stages (or stage -1) change nothing.
   */
  onExecutorMetricsUpdate(u: JsonObject, metrics: MetricValues | null): void {
    const s = this.existing(num(u, "Stage ID"), num(u, "Stage Attempt ID"));
    if (s && (s.status === "ACTIVE" || s.status === "PENDING")) s.onStageExecutorMetrics(metrics);
  }

  /** Newest first, as the History Server lists them. */
  summaries(): StageSummary[] {
    return [...this.stages.values()]
      .sort((a, b) => b.stageId - a.stageId || b.attemptId - a.attemptId)
      .map((s) => s.toSummary());
  }
}
