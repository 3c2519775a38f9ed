import { type JsonObject, num, obj, str } from "./json.js";
import { shsDate } from "./shsTime.js";
import type { JobSummary } from "./types.js";

/** Jobs from JobStart / JobEnd, named and dated as the History Server's JobData (AppStatusListener.onJobStart). */
export class JobTracker {
  private readonly jobs = new Map<number, JobSummary & { submissionTimeMs: number | null }>();

  onJobStart(e: JsonObject): void {
    const jobId = num(e, "Job ID");
    if (jobId === null) return;
    const infos = (Array.isArray(e["Stage Infos"]) ? e["Stage Infos"] : []) as JsonObject[];
    // the job is named after its last stage (by stage id)
    const last = [...infos].sort((a, b) => (num(a, "Stage ID") ?? 0) - (num(b, "Stage ID") ?? 0)).pop();
    const ids = Array.isArray(e["Stage IDs"])
      ? (e["Stage IDs"] as number[])
      : infos.map((i) => num(i, "Stage ID") ?? 0);
    const submitted = num(e, "Submission Time");
    this.jobs.set(jobId, {
      jobId,
      name: str(last ?? null, "Stage Name") ?? "",
      status: "RUNNING",
      submissionTime: submitted !== null && submitted > 0 ? shsDate(submitted) : null,
      completionTime: null,
      stageIds: [...ids].sort((a, b) => a - b),
      durationMs: null,
      submissionTimeMs: submitted !== null && submitted > 0 ? submitted : null,
    });
  }

  onJobEnd(e: JsonObject): void {
    const job = this.jobs.get(num(e, "Job ID") ?? -1);
    if (!job) return;
    job.status = str(obj(e, "Job Result"), "Result") === "JobSucceeded" ? "SUCCEEDED" : "FAILED";
    const done = num(e, "Completion Time");
    if (done !== null && done > 0) {
      job.completionTime = shsDate(done);
      if (job.submissionTimeMs !== null) job.durationMs = done - job.submissionTimeMs;
    }
  }

  /** Newest first, as the History Server lists them. */
  summaries(): JobSummary[] {
    return [...this.jobs.values()]
      .sort((a, b) => b.jobId - a.jobId)
      .map(({ submissionTimeMs: _, ...j }) => j);
  }
}
