import type { AnalyzeReport } from "../../src/analyze/index.js";

/** The page → the Analyze worker: the files to read (File objects are cloned by reference, not copied). */
export interface ToWorker {
  files: File[];
}

/** The Analyze worker → the page. `done` and `total` are bytes of the files as given (compressed). */
export type FromWorker =
  | { type: "start"; total: number; apps: string[][] }
  | { type: "progress"; done: number }
  | { type: "app"; index: number; names: string[]; report: AnalyzeReport }
  | { type: "app-error"; index: number; names: string[]; message: string }
  | { type: "done"; done: number }
  | { type: "fatal"; message: string };
