import { bytesToString, parseBytesValue, SparkmemError } from "../conf/index.js";
import { explain } from "../model/index.js";
import { renderSimulateText } from "../report/index.js";
import {
  DEFAULT_BLOCK_BYTES,
  MAX_BLOCKS,
  type Scenario,
  type StorageLevelName,
  scenarioOf,
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

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SparkmemError(where, `is not valid JSON (${(e as Error).message})`, {
      expected: '{ "process": "executor", "events": [ … ] }',
    });
  }
}

function whole(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 100_000)
    throw new SparkmemError(flag, `"${v}" is not a number of tasks`, {
      expected: "a whole number from 1 to 100000",
    });
  return n;
}

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
    return scenarioOf(parseJson(text, where), where);
  }
  if (!shorthand)
    throw new SparkmemError("simulate", "has no scenario", {
      expected:
        "--scenario FILE (or - for standard input), or --cache SIZE and/or --tasks N --task-memory SIZE",
    });
  const level = (o.cacheLevel ?? "MEMORY_ONLY").toUpperCase();
  if (!["MEMORY_ONLY", "MEMORY_AND_DISK", "OFF_HEAP"].includes(level))
    throw new SparkmemError("--cache-level", `"${o.cacheLevel}" is not a storage level`, {
      expected: "MEMORY_ONLY, MEMORY_AND_DISK or OFF_HEAP",
    });
  // a plain number is MiB, as in Spark's memory settings (spark.executor.memory=4096)
  const size = (flag: string, v: string | undefined) => {
    if (v === undefined) return 0;
    const n = /^\s*\d+\s*$/.test(v) ? Number(v) * 2 ** 20 : parseBytesValue(v, "BYTE", flag);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new SparkmemError(flag, `"${v}" is not a size`, {
        expected: "a size such as 2g (a bare number is MiB)",
      });
    return n;
  };
  const taskMemoryBytes = size("--task-memory", o.taskMemory);
  if (o.tasks !== undefined && taskMemoryBytes === 0)
    throw new SparkmemError("--tasks", "needs --task-memory", {
      expected: "--task-memory SIZE, what each task asks for",
    });
  const blockBytes = o.blockSize === undefined ? DEFAULT_BLOCK_BYTES : size("--block-size", o.blockSize);
  if (blockBytes < 1)
    throw new SparkmemError("--block-size", "must be above 0", { expected: "a size such as 128m" });
  const cacheBytes = size("--cache", o.cache);
  if (Math.ceil(cacheBytes / blockBytes) > MAX_BLOCKS)
    throw new SparkmemError(
      "--block-size",
      `cuts --cache into ${Math.ceil(cacheBytes / blockBytes)} blocks`,
      {
        expected: `at most ${MAX_BLOCKS} blocks: a block size of at least ${bytesToString(Math.ceil(cacheBytes / MAX_BLOCKS))}`,
      },
    );
  const scenario = shorthandScenario({
    cacheBytes,
    cacheLevel: level as StorageLevelName,
    blockBytes,
    tasks: whole("--tasks", o.tasks, 1),
    taskMemoryBytes,
  });
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
