export { type AdviseOptions, advise } from "./advise.js";
export type {
  AdviceChange,
  AdvisedProcess,
  AdviseEffect,
  AdviseReport,
  Evidence,
  Goal,
  ProcessEffect,
} from "./types.js";
export { GOALS } from "./types.js";
