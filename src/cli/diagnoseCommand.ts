import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { SparkmemError, valueSet } from "../conf/index.js";
import { diagnose } from "../diagnose/index.js";
import { createDecoder, resolveCodec } from "../eventlog/index.js";
import { type Finding, lint } from "../lint/index.js";
import { renderDiagnoseText } from "../report/index.js";
import { type ConfFlags, gatherConf, lintInputOf } from "./gatherConf.js";
import { terminalText } from "./terminalText.js";

export interface DiagnoseCliOptions extends ConfFlags {
  config: string[];
  json?: boolean;
  format: string;
}

const MiB = 1024 * 1024;
/** diagnose holds its whole input as one string: a compressed file is decoded up to this (a bomb stops here). */
const MAX_DECODED = 256 * MiB;

/** The input text: a file (an event log in any codec is decompressed), or standard input. */
async function readInput(path: string | undefined): Promise<string> {
  if (path === undefined || path === "-") {
    if (process.stdin.isTTY)
      throw new SparkmemError("diagnose", "has no input", {
        expected:
          "a file with the error or log, or the text on standard input (sparkmem diagnose - < err.txt)",
      });
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SparkmemError(path, `cannot read the file (${(e as NodeJS.ErrnoException).code})`, {
      expected: "a readable log or error text",
    });
  }
  if (!isCompressedLog(path, bytes)) return bytes.toString("utf8");
  const { codec } = resolveCodec(basename(path), bytes.subarray(0, 16));
  const d = await createDecoder(codec);
  const parts: Uint8Array[] = [];
  let size = 0;
  const take = (pieces: Iterable<Uint8Array>) => {
    for (const p of pieces) {
      size += p.length;
      if (size > MAX_DECODED)
        throw new SparkmemError(path, `decompresses to more than ${MAX_DECODED / MiB} MiB`, {
          expected: `a text diagnose reads whole (at most ${MAX_DECODED / MiB} MiB); sparkmem analyze reads event logs of any size`,
        });
      parts.push(p);
    }
  };
  take(d.push(bytes));
  take(d.end());
  return Buffer.concat(parts).toString("utf8");
}

/** An event log in one of Spark's codecs (by name or magic); any other file is text as it is. */
function isCompressedLog(path: string, bytes: Buffer): boolean {
  try {
    return resolveCodec(basename(path), bytes.subarray(0, 16)).codec !== "none";
  } catch {
    return false; // plain text that is not JSON lines: a pasted error or a log
  }
}

/** Runs diagnose: causes best first, and lint's findings for the configuration when one is given. */
export async function runDiagnose(
  file: string | undefined,
  submit: string[],
  o: DiagnoseCliOptions,
): Promise<number> {
  const format = o.json ? "json" : o.format;
  if (!["text", "json", "markdown"].includes(format))
    throw new SparkmemError("--format", `"${format}" is not a format`, {
      expected: "text, json or markdown",
    });
  const text = await readInput(file);
  const merged = await gatherConf(o.config, submit, o);
  const input = lintInputOf(merged);
  const withConfig = o.config.length + o.confFile.length + submit.length > 0 || merged.entries.length > 0;
  const conf = merged.conf;
  const master = input.master ?? valueSet(conf, "spark.master");
  const deployMode = input.deployMode ?? valueSet(conf, "spark.submit.deployMode");
  const result = diagnose(text, {
    ...(withConfig ? { conf } : {}),
    ...(input.sparkVersion ? { sparkVersion: input.sparkVersion } : {}),
    ...(master ? { master } : {}),
    ...(deployMode ? { deployMode: deployMode === "cluster" ? "cluster" : "client" } : {}),
  });
  const findings: Finding[] | null = withConfig ? lint(input) : null;
  if (format === "json")
    process.stdout.write(`${JSON.stringify({ ...result, findings: findings ?? [] }, null, 2)}\n`);
  else process.stdout.write(terminalText(renderDiagnoseText(result, findings, format === "markdown")));
  return 0;
}
