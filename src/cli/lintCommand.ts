import { SparkmemError } from "../conf/index.js";
import { exitCodeOf, lint, RULES } from "../lint/index.js";
import { renderLintMarkdown, renderLintText, renderSarif } from "../report/index.js";
import { type ConfFlags, gatherConf, lintInputOf } from "./gatherConf.js";
import { terminalText } from "./terminalText.js";
import { lintOnLine, ownLineFindings } from "./versionLine.js";

export interface LintOptions extends ConfFlags {
  json?: boolean;
  format: string;
}

const FORMATS = ["text", "json", "markdown", "sarif"];

/** Runs lint; the exit code is 1 when an error-level finding exists (for CI pipelines). */
export async function runLint(
  files: string[],
  submit: string[],
  o: LintOptions,
  version: string,
): Promise<number> {
  const format = o.json ? "json" : o.format;
  if (!FORMATS.includes(format))
    throw new SparkmemError("--format", `"${format}" is not a format`, { expected: FORMATS.join(", ") });
  const merged = await gatherConf(files, submit, o);
  if (files.length === 0 && submit.length === 0 && o.confFile.length === 0 && merged.entries.length === 0)
    throw new SparkmemError("lint", "has nothing to check", {
      expected:
        "configuration files (spark-defaults.conf, EMR JSON, SparkApplication YAML, .py, .ipynb, event logs), --conf key=value, or a spark-submit command after --",
    });
  // a version outside the modelled lines is checked as the line it is laid out as, and the output says so
  const line = lintOnLine(lintInputOf(merged));
  const findings = ownLineFindings(lint(line.input), line);
  const notes = line.mapped?.note ? [line.mapped.note] : [];
  if (notes.length > 0 && format !== "json" && format !== "sarif")
    process.stdout.write(terminalText(`${notes.map((n) => `note: ${n}`).join("\n")}\n\n`));
  const out =
    format === "json"
      ? `${JSON.stringify({ findings, notes }, null, 2)}\n`
      : format === "sarif"
        ? renderSarif(findings, RULES, version)
        : format === "markdown"
          ? renderLintMarkdown(findings)
          : renderLintText(findings);
  process.stdout.write(format === "json" || format === "sarif" ? out : terminalText(out));
  return exitCodeOf(findings);
}
