import { createReadStream, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type AnalyzeReport, analyzeSources } from "../../src/analyze/report.js";
import type { StageSummary } from "../../src/analyze/types.js";
import type { HistoryServer } from "../../tools/eventlog/historyServer.js";

/** The ExecutorSummary fields we report with the History Server's names and meaning. */
export const EXECUTOR_FIELDS = [
  "id",
  "hostPort",
  "isActive",
  "totalCores",
  "maxTasks",
  "maxMemory",
  "memoryMetrics",
  "addTime",
  "removeTime",
  "removeReason",
  "activeTasks",
  "failedTasks",
  "completedTasks",
  "totalTasks",
  "totalDuration",
  "totalGCTime",
  "totalInputBytes",
  "totalShuffleRead",
  "totalShuffleWrite",
  "resourceProfileId",
  "peakMemoryMetrics",
] as const;

/** The StageData fields we report with the History Server's names and meaning. */
export const STAGE_FIELDS = [
  "stageId",
  "attemptId",
  "status",
  "numTasks",
  "numCompleteTasks",
  "numFailedTasks",
  "numKilledTasks",
  "executorRunTime",
  "executorCpuTime",
  "jvmGcTime",
  "memoryBytesSpilled",
  "diskBytesSpilled",
  "peakExecutionMemory",
  "inputBytes",
  "outputBytes",
  "shuffleReadBytes",
  "shuffleWriteBytes",
  "submissionTime",
  "completionTime",
  "failureReason",
  "peakExecutorMetrics",
] as const;

/**
 * We zero-fill every metric name the newest Spark knows, as a 4.x History Server does; an older History
 * Server prints only its own names (no ConcurrentGC* before 4.0), so compare on its names and require ours
 * to be 0 for the rest.
 */
export function onTheirNames(
  ours: Record<string, unknown>,
  theirs: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...ours };
  for (const key of ["peakMemoryMetrics", "peakExecutorMetrics"]) {
    const o = ours[key] as Record<string, number> | null;
    const t = theirs[key] as Record<string, number> | null | undefined;
    if (!o || !t) continue;
    for (const name of Object.keys(o)) if (!(name in t)) expect(o[name], name).toBe(0);
    out[key] = Object.fromEntries(Object.keys(t).map((n) => [n, o[n]]));
  }
  return out;
}

/** Our analysis of every log in a directory Spark wrote (single files and eventlog_v2_ directories), by app id. */
export async function analyzeLogDir(dir: string): Promise<Map<string, AnalyzeReport>> {
  const ours = new Map<string, AnalyzeReport>();
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    const files = entry.startsWith("eventlog_v2_")
      ? readdirSync(full)
          .filter((f) => f.startsWith("events_"))
          .map((f) => join(full, f))
      : [full];
    const report = await analyzeSources(
      files.map((f) => ({ name: f.split("/").pop() as string, chunks: createReadStream(f) })),
    );
    ours.set(report.application.id as string, report);
  }
  return ours;
}

/** Our task quantiles equal /taskSummary's at 0.25, 0.5 and 0.75, for every stage with a completed task. */
export async function expectTaskSummaries(
  shs: HistoryServer,
  appId: string,
  stages: StageSummary[],
): Promise<void> {
  for (const s of stages.filter((x) => x.numCompleteTasks > 0)) {
    const q = (await shs.get(
      `/applications/${appId}/stages/${s.stageId}/${s.attemptId}/taskSummary?quantiles=0.25,0.5,0.75`,
    )) as Record<string, number[]>;
    expect(s.taskDurationMs?.slice(1, 4), `stage ${s.stageId} duration`).toEqual(q.duration);
    expect(s.taskGcTimeMs?.slice(1, 4), `stage ${s.stageId} GC`).toEqual(q.jvmGcTime);
    expect(s.taskPeakExecutionMemoryBytes?.slice(1, 4), `stage ${s.stageId} peak`).toEqual(
      q.peakExecutionMemory,
    );
  }
}
