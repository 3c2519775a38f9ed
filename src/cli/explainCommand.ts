import { availableParallelism, totalmem } from "node:os";
import { SparkmemError } from "../conf/errors.js";
import { parseSparkConf } from "../conf/gather.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import { mergeConfs, parseBytesValue } from "../conf/sparkConf.js";
import { EXAMPLES } from "../model/examples.js";
import { type ExplainInput, explain, toConf } from "../model/explain.js";
import type { GcName } from "../model/jvm.js";
import { renderMarkdown } from "../report/markdown.js";
import { renderTerminal } from "../report/terminal.js";
import { readText as readFile } from "./readText.js";

export interface ExplainOptions {
  sparkVersion?: string;
  javaVersion?: string;
  gc?: string;
  confFile: string[];
  conf: string[];
  propertiesFile?: string;
  master?: string;
  deployMode?: string;
  driverMemory?: string;
  driverCores?: string;
  executorMemory?: string;
  executorCores?: string;
  numExecutors?: string;
  totalExecutorCores?: string;
  appType?: string;
  hostCores?: string;
  hostMemory?: string;
  example?: string;
  json?: boolean;
  format: string;
  why?: boolean;
  color: boolean;
}

const readText = (path: string) => readFile(path, "a readable spark-defaults.conf or JSON file");

function wholeNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()))
    throw new SparkmemError(flag, `"${v}" is not a whole number`, { expected: "a whole number such as 17" });
  return Number(v);
}

const FLAG_ARGS: [keyof ExplainOptions, string][] = [
  ["driverMemory", "--driver-memory"],
  ["driverCores", "--driver-cores"],
  ["executorMemory", "--executor-memory"],
  ["executorCores", "--executor-cores"],
  ["numExecutors", "--num-executors"],
  ["totalExecutorCores", "--total-executor-cores"],
];

/** Options → ExplainInput: the example first, then files, the pasted command, then flags. */
export function buildInput(submit: string[], o: ExplainOptions): ExplainInput {
  let base: ExplainInput = {};
  if (o.example !== undefined) {
    const ex = EXAMPLES[o.example];
    if (!ex)
      throw new SparkmemError("--example", `no example named "${o.example}"`, {
        expected: Object.keys(EXAMPLES).join(", "),
      });
    base = ex.input;
  }
  const baseConf = toConf(base.conf);
  const fromTail = parseSparkConf({ submitArgs: submit, readFile: readText });
  const ours: string[] = [];
  for (const [k, flag] of FLAG_ARGS) if (o[k] !== undefined) ours.push(flag, String(o[k]));
  for (const c of o.conf) ours.push("--conf", c);
  if (o.propertiesFile) ours.push("--properties-file", o.propertiesFile);
  const fromFiles = parseSparkConf({ files: o.confFile.map((f) => ({ name: f, text: readText(f) })) });
  const fromFlags = parseSparkConf({ submitArgs: ours, readFile: readText });
  // precedence, lowest first: example, --conf-file, the pasted command, this command's own flags
  const input: ExplainInput = {
    ...base,
    conf: mergeConfs(baseConf, fromFiles.conf, fromTail.conf, fromFlags.conf),
  };
  if (o.master) input.master = o.master;
  if (o.deployMode) input.deployMode = o.deployMode;
  if (o.sparkVersion) input.sparkVersion = o.sparkVersion;
  const appType = o.appType ?? fromTail.appType;
  if (appType !== undefined) {
    if (!["jvm", "python", "r"].includes(appType))
      throw new SparkmemError("--app-type", `"${appType}" is not an app type`, {
        expected: "jvm, python or r",
      });
    input.appType = appType as AppType;
  }
  const jv = wholeNumber("--java-version", o.javaVersion);
  if (jv !== undefined) input.javaVersion = jv;
  if (o.gc !== undefined) {
    const gc = ({ g1: "G1", parallel: "Parallel", serial: "Serial" } as Record<string, GcName>)[
      o.gc.toLowerCase()
    ];
    if (!gc)
      throw new SparkmemError("--gc", `"${o.gc}" is not a modelled collector`, {
        expected: "G1, Parallel or Serial",
      });
    input.gc = gc;
  }
  input.hostCores = wholeNumber("--host-cores", o.hostCores) ?? base.hostCores ?? availableParallelism();
  input.hostMemoryBytes =
    o.hostMemory !== undefined
      ? parseBytesValue(o.hostMemory, "BYTE", "--host-memory")
      : (base.hostMemoryBytes ?? totalmem());
  return input;
}

/** Runs explain; returns the exit code (0 ok, 2 bad input or settings Spark would refuse). */
export async function runExplain(submit: string[], o: ExplainOptions): Promise<number> {
  const format = o.json ? "json" : o.format;
  if (!["text", "markdown", "json"].includes(format)) {
    throw new SparkmemError("--format", `"${format}" is not a format`, {
      expected: "text, markdown or json",
    });
  }
  const layout = explain(buildInput(submit, o));
  if (format === "json") process.stdout.write(`${JSON.stringify(layout, null, 2)}\n`);
  else if (format === "markdown") process.stdout.write(renderMarkdown(layout));
  else {
    if (o.example !== undefined) process.stdout.write(`${EXAMPLES[o.example]?.title}\n\n`);
    const color = o.color && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const width = Math.max(40, Math.min(100, (process.stdout.columns ?? 100) - 8));
    process.stdout.write(renderTerminal(layout, { color, width, why: o.why === true }));
  }
  const first = layout.errors[0];
  if (first) {
    process.stderr.write(
      `sparkmem: ${first.key ?? first.process}: Spark would refuse these settings: ${first.message.replace(/\n/g, " ")}\n`,
    );
    return 2;
  }
  return 0;
}
