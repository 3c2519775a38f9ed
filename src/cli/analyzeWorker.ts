import { parentPort } from "node:worker_threads";
import { analyze as analyzeSources } from "../analyze/index.js";
import { SparkmemError } from "../conf/index.js";
import { sourcesOf } from "./eventLogFiles.js";
import type { ZipEntry } from "./zipArchive.js";

/**
 * A pooled worker thread: it reads one application per message (the files of a log, off the main thread)
 * and answers each before taking the next, so a directory of 2,000 logs starts a few threads, not 2,000.
 */
export interface Job {
  files: string[];
  warnings: string[];
  archive?: { path: string; entries: ZipEntry[] };
}

parentPort?.on("message", (job: Job) => {
  const { archive, ...rest } = job;
  analyzeSources(
    sourcesOf({ label: job.files.join(" "), ...rest, ...(archive ? { archive } : {}) }),
    job.warnings,
  ).then(
    (report) => parentPort?.postMessage({ report }),
    (e: unknown) =>
      parentPort?.postMessage({
        error:
          e instanceof SparkmemError
            ? { where: e.where, problem: e.problem, expected: e.expected }
            : String(e),
      }),
  );
});
