export type { Detector, MessagePattern } from "./detector.js";
export { diagnose } from "./diagnose.js";
export { CAUSES, DETECTORS } from "./registry.js";
export type {
  Alternative,
  Cause,
  CauseId,
  Change,
  DiagnoseOptions,
  DiagnoseResult,
  Process,
} from "./types.js";
