import { parentPort, workerData } from "node:worker_threads";
import { analyze as analyzeSources } from "../analyze/index.js";
import { SparkmemError } from "../conf/index.js";
import { sourcesOf } from "./eventLogFiles.js";

/** One application per worker thread: the files of a log, read and summarised off the main thread. */
interface Job {
  files: string[];
  warnings: string[];
}

const job = workerData as Job;
analyzeSources(sourcesOf({ label: job.files.join(" "), ...job }), job.warnings).then(
  (report) => parentPort?.postMessage({ report }),
  (e: unknown) =>
    parentPort?.postMessage({
      error:
        e instanceof SparkmemError ? { where: e.where, problem: e.problem, expected: e.expected } : String(e),
    }),
);
