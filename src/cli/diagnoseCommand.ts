import { basename } from "node:path";
import { isBinary, modelledVersion, SparkmemError, valueSet } from "../conf/index.js";
import { diagnose } from "../diagnose/index.js";
import { type Codec, createDecoder, ROLLING_DIR_PREFIX, resolveCodec } from "../eventlog/index.js";
import { type Finding, lint } from "../lint/index.js";
import { renderDiagnoseText } from "../report/index.js";
import { resolveInputs } from "./eventLogFiles.js";
import { type ConfFlags, gatherConf, lintInputOf } from "./gatherConf.js";
import { pathKind } from "./pathKind.js";
import { readBytes } from "./readText.js";
import { terminalText } from "./terminalText.js";
import { lintOnLine, ownLineFindings } from "./versionLine.js";

export interface DiagnoseCliOptions extends ConfFlags {
  config: string[];
  json?: boolean;
  format: string;
}

const MiB = 1024 * 1024;
/** diagnose holds its whole input as one string: at most this much text, decoded or not (a bomb stops here). */
const MAX_TEXT = 256 * MiB;

function tooLarge(where: string): SparkmemError {
  return new SparkmemError(where, `holds more than ${MAX_TEXT / MiB} MiB of text`, {
    expected: `a text diagnose reads whole (at most ${MAX_TEXT / MiB} MiB: the end of a long log, tail -c 100m, has its errors); sparkmem analyze reads event logs of any size`,
  });
}

/** The input text: a file or a rolling log directory (event logs in any codec decompressed), or standard input. */
export async function readInput(path: string | undefined): Promise<string> {
  if (path === undefined || path === "-") {
    if (process.stdin.isTTY)
      throw new SparkmemError("diagnose", "has no input", {
        expected:
          "a file with the error or log, or the text on standard input (sparkmem diagnose - < err.txt)",
      });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of process.stdin) {
      size += (c as Buffer).length;
      if (size > MAX_TEXT) throw tooLarge("stdin");
      chunks.push(c as Buffer);
    }
    return checkedText(Buffer.concat(chunks).toString("utf8"), "stdin");
  }
  // a rolling eventlog_v2_ directory: its events files in Spark's order, as one text; any other directory
  // holds many applications (diagnosing the first alone would be a silent answer about part of it)
  const directory = pathKind(path) === "directory";
  if (directory && !basename(path.replace(/\/+$/, "")).startsWith(ROLLING_DIR_PREFIX))
    throw new SparkmemError(path, "is a directory", {
      expected:
        "a log or error text, or a rolling eventlog_v2_ directory (sparkmem analyze reads a directory of logs)",
    });
  const files = directory ? (resolveInputs([path])[0]?.files ?? []) : [path];
  const parts: Uint8Array[] = [];
  let size = 0;
  const take = (pieces: Iterable<Uint8Array>) => {
    for (const p of pieces) {
      size += p.length;
      if (size > MAX_TEXT) throw tooLarge(path);
      parts.push(p);
    }
  };
  for (const file of files) {
    const bytes = readBytes(file, "a readable log or error text", MAX_TEXT, () => tooLarge(file));
    const codec = logCodec(file, bytes);
    if (codec === "none") {
      take([bytes]);
      continue;
    }
    const d = await createDecoder(codec);
    take(d.push(bytes));
    take(d.end());
  }
  return checkedText(Buffer.concat(parts).toString("utf8"), path);
}

/** Nothing to diagnose in an empty input or in binary data (random bytes, zeros): one line says which. */
function checkedText(text: string, where: string): string {
  if (text.trim() === "")
    throw new SparkmemError(where, "is empty", { expected: "the error or log text to diagnose" });
  if (isBinary(text))
    throw new SparkmemError(where, "holds binary data, not a log or error text", {
      expected: "the error or log text to diagnose, or an event log in one of Spark's codecs",
    });
  return text;
}

/** The codec of an event log in Spark's codecs (by name or magic); "none" for any other file: text as it is. */
function logCodec(path: string, bytes: Buffer): Codec {
  try {
    return resolveCodec(basename(path), bytes.subarray(0, 16)).codec;
  } catch {
    return "none"; // plain text that is not JSON lines: a pasted error or a log
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
  // lint knows the modelled lines only: a version outside them is checked as the line diagnose reads it as;
  // text that names no version is checked as the newest line (diagnose's notes say so)
  const readable = modelledVersion(input.sparkVersion ?? null).version !== null;
  const { sparkVersion: _, ...rest } = input;
  const line = lintOnLine(readable ? input : rest);
  const findings: Finding[] | null = withConfig ? ownLineFindings(lint(line.input), line) : null;
  if (format === "json")
    process.stdout.write(`${JSON.stringify({ ...result, findings: findings ?? [] }, null, 2)}\n`);
  else process.stdout.write(terminalText(renderDiagnoseText(result, findings, format === "markdown")));
  return 0;
}
