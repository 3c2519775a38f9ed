/**
 * sparkmem's public API: what the CLI, the page and library users call. Every function is pure and runs
 * in Node and in a browser (file, process and network I/O stay with the caller).
 */

// Features
export * from "./advise/index.js";
export * from "./analyze/index.js";
export { byteStringAs, memoryStringToMb, parseJvmMemorySize, sizeSetting } from "./conf/byteString.js";
// Configuration: parsing settings as Spark does, with where each came from
export { bytesToString } from "./conf/bytesToString.js";
export { CATALOG, type KeySpec, specOf } from "./conf/catalog.js";
export { SparkmemError } from "./conf/errors.js";
export { type ConfSources, type GatheredConf, parseConfFile, parseSparkConf } from "./conf/gather.js";
export { parseMaster } from "./conf/master.js";
export { type AppType, parseSparkSubmitArgs, splitShellWords } from "./conf/sources/sparkSubmit.js";
export type { ConfEntry, Origin, SparkConf } from "./conf/sparkConf.js";
export { LATEST_VERSION, SPARK_RELEASES, SUPPORTED_LINES } from "./conf/version.js";
export * from "./diagnose/index.js";
export * from "./lint/index.js";
// The model: the layout, and its inverse
export * from "./model/index.js";
export * from "./simulate/index.js";
export * from "./size/index.js";
