import { availableParallelism, totalmem } from "node:os";
import {
  mergeLayers,
  own,
  parseBytesValue,
  type SourcedConf,
  SparkmemError,
  wholeNumber,
} from "../conf/index.js";
import {
  EXAMPLES,
  type ExplainInput,
  explain,
  explainInputFrom,
  type GcName,
  toConf,
} from "../model/index.js";
import { renderMarkdown, renderTerminal } from "../report/index.js";
import { type ConfFlags, commandLayers } from "./gatherConf.js";
import { terminalText } from "./terminalText.js";
import { explainOnLine } from "./versionLine.js";

export interface ExplainOptions extends ConfFlags {
  javaVersion?: string;
  gc?: string;
  hostCores?: string;
  hostMemory?: string;
  example?: string;
  json?: boolean;
  format: string;
  why?: boolean;
  color: boolean;
}

/** --example NAME as the lowest layer: its settings, and its version, master, deploy mode and app type. */
function exampleLayer(name: string): SourcedConf {
  const ex = own(EXAMPLES, name);
  if (!ex)
    throw new SparkmemError("--example", `no example named "${name}"`, {
      expected: Object.keys(EXAMPLES).join(", "),
    });
  const { conf, sparkVersion, master, deployMode, appType } = ex.input;
  const facts: SourcedConf["facts"] = {};
  if (sparkVersion !== undefined) facts.sparkVersion = sparkVersion;
  if (master !== undefined) facts.master = master;
  if (deployMode !== undefined) facts.deployMode = deployMode;
  if (appType !== undefined) facts.appType = appType;
  // entries as a plain map's (no origin to name), so the output is the example's whatever layer it is in
  return { entries: [...toConf(conf).entries.values()], facts };
}

/**
 * Options → ExplainInput. Precedence, lowest first: the example, --conf-file, the pasted command, then this
 * command's own options (src/conf/merge.ts).
 */
export function buildInput(submit: string[], o: ExplainOptions): ExplainInput {
  const example = o.example !== undefined ? own(EXAMPLES, o.example) : undefined;
  const layers = commandLayers(submit, o);
  if (o.example !== undefined) layers.unshift(exampleLayer(o.example));
  const input = explainInputFrom(mergeLayers(layers));
  const jv = o.javaVersion !== undefined ? wholeNumber("--java-version", o.javaVersion, 17) : undefined;
  if (jv !== undefined) input.javaVersion = jv;
  else if (example?.input.javaVersion !== undefined) input.javaVersion = example.input.javaVersion;
  if (o.gc !== undefined) {
    const gc = own<GcName>({ g1: "G1", parallel: "Parallel", serial: "Serial" }, o.gc.toLowerCase());
    if (!gc)
      throw new SparkmemError("--gc", `"${o.gc}" is not a modelled collector`, {
        expected: "G1, Parallel or Serial",
      });
    input.gc = gc;
  } else if (example?.input.gc !== undefined) input.gc = example.input.gc;
  input.hostCores =
    o.hostCores !== undefined
      ? wholeNumber("--host-cores", o.hostCores, 17)
      : (example?.input.hostCores ?? availableParallelism());
  input.hostMemoryBytes =
    o.hostMemory !== undefined
      ? parseBytesValue(o.hostMemory, "BYTE", "--host-memory")
      : (example?.input.hostMemoryBytes ?? totalmem());
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
  // a version outside the modelled lines is laid out as the nearest one, with a warning that says so
  const { input, note } = explainOnLine(buildInput(submit, o));
  const layout = explain(input);
  if (note) layout.warnings.unshift({ code: "version-laid-out-as", message: note });
  if (format === "json") process.stdout.write(`${JSON.stringify(layout, null, 2)}\n`);
  else if (format === "markdown") process.stdout.write(terminalText(renderMarkdown(layout)));
  else {
    if (o.example !== undefined) process.stdout.write(`${own(EXAMPLES, o.example)?.title}\n\n`);
    const color = o.color && process.stdout.isTTY === true && !process.env.NO_COLOR;
    const width = Math.max(40, Math.min(100, (process.stdout.columns ?? 100) - 8));
    process.stdout.write(terminalText(renderTerminal(layout, { color, width, why: o.why === true }), color));
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
