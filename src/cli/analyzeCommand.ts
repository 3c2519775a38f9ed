import { type AnalyzeReport, analyzeSources } from "../analyze/report.js";
import { SparkmemError } from "../conf/errors.js";
import { renderAnalyzeText } from "../report/analyzeText.js";
import { resolveInputs } from "./eventLogFiles.js";

export interface AnalyzeOptions {
  json?: boolean;
  format: string;
}

/** sparkmem analyze PATH…: 0 on success, 2 on bad input (named, one line). */
export async function runAnalyze(paths: string[], opts: AnalyzeOptions): Promise<number> {
  const format = opts.json ? "json" : opts.format;
  if (!["text", "json", "markdown"].includes(format))
    throw new SparkmemError("--format", `"${format}" is not a format`, {
      expected: "text, json or markdown",
    });
  if (paths.length === 0)
    throw new SparkmemError("PATH", "is missing", { expected: "an event log, a directory of logs, or -" });
  const reports: AnalyzeReport[] = [];
  for (const app of resolveInputs(paths)) reports.push(await analyzeSources(app.sources, app.warnings));
  if (format === "json") {
    const body = reports.length === 1 ? reports[0] : { applications: reports };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else process.stdout.write(reports.map((r) => renderAnalyzeText(r, format === "markdown")).join("\n"));
  return 0;
}
