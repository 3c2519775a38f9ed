import { SparkmemError } from "../conf/errors.js";
import { ApplicationAccumulator } from "./applicationAccumulator.js";
import { type Environment, modelConf } from "./environment.js";
import type { EventObserver } from "./eventObserver.js";
import { collectFailures, type Failure } from "./failures.js";
import { type ExpectedLayout, expectedLayout, type MemoryView, memoryView } from "./memoryView.js";
import { type FileRead, feedFile, type LogSource } from "./readLog.js";
import type { ApplicationInfo, ExecutorSummary, JobSummary, StageSummary } from "./types.js";

/** `sparkmem analyze --json` for one application (README documents every field). */
export interface AnalyzeReport {
  application: ApplicationInfo;
  executors: ExecutorSummary[];
  stages: StageSummary[];
  jobs: JobSummary[];
  failures: Failure[];
  /** The settings the log carries, as the History Server's /environment names them. */
  environment: Environment;
  /** Allocated (explain on the log's settings) against used; `unavailable` says why not. */
  memory:
    | (Omit<MemoryView, "layout" | "profiles" | "notes"> & { expected: ExpectedLayout })
    | { unavailable: string };
  input: { files: FileRead[] };
  warnings: string[];
}

/** Reads one application's files in order (a rolling log's events_N files) and summarises it. */
export async function analyzeSources(
  sources: LogSource[],
  warnings: string[] = [],
  onBytes?: (compressedBytes: number) => void,
  observer?: EventObserver,
): Promise<AnalyzeReport> {
  const acc = new ApplicationAccumulator(observer);
  const files: FileRead[] = [];
  for (const s of sources) {
    const read = await feedFile(s, acc, onBytes);
    files.push(read);
    if (read.error) {
      warnings.push(
        `${read.name}: ${read.error}; the events before it are kept, the rest of the file is not read`,
      );
      break; // a rolling log's later files would skip the missing events
    }
  }
  if (acc.events === 0) {
    const first = files[0];
    throw new SparkmemError(sources.map((s) => s.name).join(", "), "holds no Spark event", {
      expected: `a Spark event log (JSON lines with an "Event" field)${first?.error ? `; ${first.error}` : first?.lines === 0 ? "; the file is empty" : ""}`,
    });
  }
  const summary = acc.finish();
  for (const f of files) {
    if (f.note) warnings.push(f.note);
    if (f.truncated)
      warnings.push(`${f.name}: the log ends inside an event (an in-progress or cut log); read up to there`);
  }
  const memory = memoryView(
    summary.application.sparkVersion,
    modelConf(summary.environment),
    summary.executors,
    summary.application.endTimeMs,
    summary.application.javaVersion,
    summary.executorProfiles,
  );
  return {
    application: summary.application,
    executors: summary.executors,
    stages: summary.stages,
    jobs: summary.jobs,
    environment: summary.environment,
    failures: collectFailures(summary.executors, summary.stages),
    memory:
      "unavailable" in memory
        ? memory
        : {
            expected: expectedLayout(memory),
            executors: memory.executors,
            wasteGibHours: memory.wasteGibHours,
          },
    input: { files },
    warnings: [...warnings, ...summary.warnings],
  };
}
