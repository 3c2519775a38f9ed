export { sparkSize } from "./clusterConf.js";
export { emrInstanceType, emrInstanceTypes, similarInstanceTypes } from "./emrInstances.js";
export { emrHeapMiB, emrMaximizeSettings, emrOverheadMiB } from "./emrMaximize.js";
export { clusterOf, size } from "./size.js";
export {
  emrConfiguration,
  type SnippetContext,
  sparkApplicationYaml,
  sparkDefaultsLines,
  sparkSubmitFlags,
} from "./snippets.js";
export type * from "./types.js";
export { WORKLOADS, type WorkloadName, type WorkloadProfile } from "./workload.js";
