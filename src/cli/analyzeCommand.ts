import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type AnalyzeReport, analyze as analyzeSources } from "../analyze/index.js";
import { SparkmemError } from "../conf/index.js";
import { renderAnalyzeText } from "../report/index.js";
import { type AppInput, resolveInputs, sourcesOf } from "./eventLogFiles.js";
import { terminalLine, terminalText } from "./terminalText.js";

/** A report was printed, but a file is corrupt: what follows the bad block or line is missing. */
export const PARTIAL_EXIT = 3;

export interface AnalyzeOptions {
  json?: boolean;
  format: string;
}

/**
 * sparkmem analyze PATH…: 0 on success, 2 on bad input (named, one line), 3 when a report is partial because
 * a file is corrupt (the report is printed; input.files[].error says where).
 */
export async function runAnalyze(paths: string[], opts: AnalyzeOptions): Promise<number> {
  const format = opts.json ? "json" : opts.format;
  if (!["text", "json", "markdown"].includes(format))
    throw new SparkmemError("--format", `"${format}" is not a format`, {
      expected: "text, json or markdown",
    });
  if (paths.length === 0)
    throw new SparkmemError("PATH", "is missing", { expected: "an event log, a directory of logs, or -" });
  const apps = resolveInputs(paths);
  const reports =
    apps.length > 1 && !apps.some((a) => a.files.includes("-"))
      ? await inWorkers(apps)
      : [
          await analyzeSources(
            sourcesOf(apps[0] as AppInput),
            (apps[0] as AppInput).warnings,
            progress(apps[0] as AppInput),
          ),
        ];
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
  if (format === "json") {
    const body = reports.length === 1 ? reports[0] : { applications: reports };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else
    process.stdout.write(
      terminalText(reports.map((r) => renderAnalyzeText(r, format === "markdown")).join("\n")),
    );
  return reports.some((r) => r.input.files.some((f) => f.error !== null)) ? PARTIAL_EXIT : 0;
}

type WorkerAnswer =
  | { report: AnalyzeReport }
  | { error: { where: string; problem: string; expected?: string } | string };

/**
 * Several applications: a pool of worker threads, as many as there are cores, each reading one
 * application at a time; results in input order. An application found by listing a directory that
 * fails (a README, a log of no events) is skipped with a note on stderr; any other failure is the run's.
 */
async function inWorkers(apps: AppInput[]): Promise<AnalyzeReport[]> {
  const url = new URL("./analyzeWorker.js", import.meta.url);
  const results: (AnalyzeReport | null)[] = new Array(apps.length).fill(null);
  const skipped: SparkmemError[] = [];
  let next = 0;
  const run = async (): Promise<void> => {
    const w = new Worker(url);
    try {
      while (next < apps.length) {
        const i = next++;
        const app = apps[i] as AppInput;
        const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
          w.once("message", resolve);
          w.once("error", reject);
          w.postMessage({ files: app.files, warnings: app.warnings, archive: app.archive });
        });
        w.removeAllListeners("error");
        if ("report" in answer) {
          results[i] = answer.report;
          continue;
        }
        if (typeof answer.error === "string") throw new Error(answer.error);
        const e = new SparkmemError(answer.error.where, answer.error.problem, {
          expected: answer.error.expected,
        });
        if (!app.listed) throw e;
        skipped.push(e);
        process.stderr.write(`sparkmem: skipped ${terminalLine(`${app.label}: ${e.problem}`)}\n`);
      }
    } finally {
      await w.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), apps.length) }, run));
  const reports = results.filter((r): r is AnalyzeReport => r !== null);
  if (reports.length === 0 && skipped[0]) throw skipped[0];
  return reports;
}

/** A progress bar on stderr for large inputs, only when stderr is a terminal. */
function progress(app: AppInput): ((n: number) => void) | undefined {
  if (!process.stderr.isTTY || app.files.includes("-")) return undefined;
  const total = app.files.reduce((a, f) => a + statSync(f).size, 0);
  if (total < 64 * 1024 ** 2) return undefined;
  let done = 0;
  let shown = -1;
  return (n) => {
    done += n;
    const pct = Math.floor((done / total) * 100);
    if (pct === shown) return;
    shown = pct;
    const bar = "█".repeat(Math.floor(pct / 4)).padEnd(25, "░");
    process.stderr.write(`\r${bar} ${pct}% of ${(total / 1024 ** 2).toFixed(0)} MiB`);
  };
}
