export type { DeployMode, StartupError, Warning } from "./context.js";
export type { Derivation, Derivations } from "./derivation.js";
export { EXAMPLES } from "./examples.js";
export { type ExplainInput, explain, explainInputFrom, toConf } from "./explain.js";
export {
  type ContainerRole,
  type ContainerSize,
  containerOf,
  type Fit,
  type FitOptions,
  heapKeyOf,
  heapsForContainer,
  largestHeapThatFits,
  largestOverheadThatFits,
  layoutWith,
  overheadKeyOf,
  smallestHeapWhere,
  withSettings,
} from "./inverse.js";
export { chooseGc, type GcName, runtimeMaxMemory } from "./jvm.js";
export type { AmLayout, ExecutorLayout, Layout, PodResources, ProcessLayout } from "./types.js";
export { type YarnScheduler, yarnGrantMiB, yarnScheduler } from "./yarnScheduler.js";
