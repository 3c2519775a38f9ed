export { type AdviseOptions, advise } from "./advise.js";
export type { NextNodes } from "./nodes.js";
export { checkBySimulation, type SimulatedRun, type SimulationCheck } from "./simulated.js";
export type {
  AdviceChange,
  AdvisedProcess,
  AdviseEffect,
  AdviseReport,
  CountEvidence,
  Evidence,
  Goal,
  ProcessEffect,
} from "./types.js";
export { evidenceBytes, GOALS } from "./types.js";
