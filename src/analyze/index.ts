export { type Environment, environmentSource, modelConf } from "./environment.js";
export type { EventObserver } from "./eventObserver.js";
export type { Failure, FailureKind } from "./failures.js";
export { type LogLayoutInput, logLayoutInput } from "./logLayout.js";
export type { ExecutorMemoryUse, ExpectedLayout, ExpectedProcess } from "./memoryView.js";
export type { Decoded, FileRead, LogSource } from "./readLog.js";
export { type AnalyzeReport, analyzeSources as analyze } from "./report.js";
export type { TaskEnd } from "./taskEnd.js";
export type { ApplicationInfo, ExecutorSummary, JobSummary, Quantiles, StageSummary } from "./types.js";
