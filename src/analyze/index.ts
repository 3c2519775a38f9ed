export { type Environment, environmentSource } from "./environment.js";
export type { Failure, FailureKind } from "./failures.js";
export type { ExecutorMemoryUse, ExpectedLayout, ExpectedProcess } from "./memoryView.js";
export type { Decoded, FileRead, LogSource } from "./readLog.js";
export { type AnalyzeReport, analyzeSources as analyze } from "./report.js";
export type { ApplicationInfo, ExecutorSummary, JobSummary, Quantiles, StageSummary } from "./types.js";
