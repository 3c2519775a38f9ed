import { SparkmemError } from "../conf/index.js";
import { explain } from "../model/index.js";
import { renderSimulateText } from "../report/index.js";
import {
  parseScenarioJson,
  type Scenario,
  scenarioOf,
  shorthandOfText,
  shorthandScenario,
  simulate,
} from "../simulate/index.js";
import { buildInput, type ExplainOptions } from "./explainCommand.js";
import { MAX_TEXT_BYTES, readText } from "./readText.js";
import { runSimulateLog } from "./simulateLog.js";
import { terminalText } from "./terminalText.js";
import { explainOnLine } from "./versionLine.js";

export interface SimulateOptions extends ExplainOptions {
  scenario?: string;
  fromLog?: string[];
  process?: string;
  cache?: string;
  cacheLevel?: string;
  blockSize?: string;
  tasks?: string;
  taskMemory?: string;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new SparkmemError("--scenario -", "has no input", {
      expected: "the scenario's JSON on standard input",
    });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    size += (c as Buffer).length;
    if (size > MAX_TEXT_BYTES)
      throw new SparkmemError("stdin", `holds more than ${MAX_TEXT_BYTES / 2 ** 20} MiB`, {
        expected: "a scenario of at most 100000 events",
      });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The shorthand flags, as errors name them. */
const FLAGS = {
  cache: "--cache",
  level: "--cache-level",
  block: "--block-size",
  tasks: "--tasks",
  taskMemory: "--task-memory",
  theCache: "--cache",
};

/** The scenario: --scenario FILE|-, or the shorthand flags (--cache, --tasks, --task-memory). */
export async function scenarioFrom(o: SimulateOptions): Promise<Scenario> {
  const shorthand = [o.cache, o.tasks, o.taskMemory].some((x) => x !== undefined);
  if (o.scenario !== undefined) {
    if (shorthand)
      throw new SparkmemError("--scenario", "and --cache/--tasks/--task-memory are two scenarios", {
        expected: "one of them",
      });
    const where = o.scenario === "-" ? "stdin" : o.scenario;
    const text = o.scenario === "-" ? await readStdin() : readText(o.scenario, "a scenario JSON file");
    return scenarioOf(parseScenarioJson(text, where), where);
  }
  if (!shorthand)
    throw new SparkmemError("simulate", "has no scenario", {
      expected:
        "--scenario FILE (or - for standard input), or --cache SIZE and/or --tasks N --task-memory SIZE",
    });
  const sizes = shorthandOfText(
    { cache: o.cache, level: o.cacheLevel, block: o.blockSize, tasks: o.tasks, taskMemory: o.taskMemory },
    FLAGS,
  );
  if (o.tasks !== undefined && sizes.taskMemoryBytes === 0)
    throw new SparkmemError("--tasks", "needs --task-memory", {
      expected: "--task-memory SIZE, what each task asks for",
    });
  const scenario = shorthandScenario(sizes);
  return scenarioOf(scenario, "the shorthand flags");
}

/** Runs simulate; the exit code is 2 for bad input or settings Spark would refuse. */
export async function runSimulate(submit: string[], o: SimulateOptions): Promise<number> {
  const format = o.json ? "json" : o.format;
  if (!["text", "json"].includes(format))
    throw new SparkmemError("--format", `"${format}" is not a format`, { expected: "text or json" });
  if (o.fromLog !== undefined && o.fromLog.length > 0) {
    if (o.scenario !== undefined || [o.cache, o.tasks, o.taskMemory].some((x) => x !== undefined))
      throw new SparkmemError("--from-log", "builds the scenario from the log", {
        expected: "no --scenario, --cache, --tasks or --task-memory with it",
      });
    return runSimulateLog(o.fromLog, o, format as "text" | "json");
  }
  const scenario = await scenarioFrom(o);
  if (o.process !== undefined) {
    if (o.process !== "executor" && o.process !== "driver")
      throw new SparkmemError("--process", `"${o.process}" is not a process`, {
        expected: "executor or driver",
      });
    scenario.process = o.process;
  }
  const { input, note } = explainOnLine(buildInput(submit, o));
  const layout = explain(input);
  if (note) layout.warnings.unshift({ code: "version-laid-out-as", message: note });
  const first = layout.errors[0];
  if (first) {
    process.stderr.write(
      `sparkmem: ${first.key ?? first.process}: Spark would refuse these settings: ${first.message.replace(/\n/g, " ")}\n`,
    );
    return 2;
  }
  const result = simulate(layout, scenario);
  if (format === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(terminalText(renderSimulateText(result)));
  return 0;
}
