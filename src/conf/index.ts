/** The configuration layer's entry: parsing settings as Spark does, with where each came from; merging sources with spark-submit's precedence; the one Change. The CLI and the page import conf only from here. */
export { bytesToString } from "./bytesToString.js";
export { specForAlternative } from "./catalog.js";
export { type Change, changeOf } from "./change.js";
export { SparkmemError } from "./errors.js";
export { appTypeOf, oneOf, wholeNumber } from "./flagValues.js";
export { confFileSource, parsePlainText } from "./gather.js";
export { keyAsOf } from "./keyAsOf.js";
export { type MergedConf, mergeLayers } from "./merge.js";
export { type ModelledVersion, modelledVersion } from "./modelledVersion.js";
export { own } from "./own.js";
export { parseConfText } from "./sources/byKind.js";
export type { SourcedConf } from "./sources/sourced.js";
export { parseSparkSubmitArgs, submitSource } from "./sources/sparkSubmit.js";
export { SUBMIT_FLAGS, type SubmitFlagName } from "./sources/submitFlags.js";
export { type ConfTextKind, confTextKind, isBinary, KIND_WORDS, readAs } from "./sources/textKind.js";
export {
  type ConfEntry,
  confFromEntries,
  parseBytesValue,
  readString,
  type SparkConf,
  valueSet,
} from "./sparkConf.js";
export { SPARK_RELEASES, SUPPORTED_LINES } from "./version.js";
