import { bytesToString, parseBytesValue, SparkmemError } from "../../src/conf/index.js";
import {
  DEFAULT_BLOCK_BYTES,
  MAX_BLOCKS,
  type Scenario,
  type StorageLevelName,
  scenarioOf,
  shorthandScenario,
} from "../../src/simulate/index.js";

/**
 * The Simulate view's input, pure (no DOM): the shorthand fields (as `sparkmem simulate --cache --tasks
 * --task-memory` reads its flags), the scenario JSON, and both as the URL's `sim.*` parameters.
 */

export const LEVELS: readonly StorageLevelName[] = ["MEMORY_ONLY", "MEMORY_AND_DISK", "OFF_HEAP"];
export type Process = Scenario["process"];

/** The form as typed: sizes are text ("2g"; a bare number is MiB), as in the other views. */
export interface SimFields {
  cache: string;
  level: StorageLevelName;
  block: string;
  tasks: string;
  taskMemory: string;
  process: Process;
}

/** What the view opens on: issue 16's worked example (2 GiB cached, then a task that wants 1 GiB). */
export const DEFAULT_FIELDS: SimFields = {
  cache: "2g",
  level: "MEMORY_ONLY",
  block: "128m",
  tasks: "1",
  taskMemory: "1g",
  process: "executor",
};

/** The longest scenario JSON a link carries, URL-encoded: a longer one stays in the page only. */
export const MAX_URL_JSON = 8192;

/** The fields' URL parameters, in the order written; the JSON is `sim.json`. */
const PARAMS = [
  ["sim.cache", "cache"],
  ["sim.level", "level"],
  ["sim.block", "block"],
  ["sim.tasks", "tasks"],
  ["sim.taskMemory", "taskMemory"],
  ["sim.process", "process"],
] as const;
const JSON_PARAM = "sim.json";

/** The length of the JSON as a URL parameter, encoded as the fragment encodes it. */
export const encodedLength = (json: string) => new URLSearchParams([[JSON_PARAM, json]]).toString().length;

/**
 * The view's input as the state's `sim` parameters: the fields always (a link opens on what was shown), the
 * edited JSON (null: not edited) only when it is at most MAX_URL_JSON long encoded.
 */
export function toSim(f: SimFields, json: string | null): Record<string, string> {
  const sim: Record<string, string> = {};
  for (const [param, field] of PARAMS) sim[param] = f[field];
  if (json !== null && encodedLength(json) <= MAX_URL_JSON) sim[JSON_PARAM] = json;
  return sim;
}

/** The state's `sim` parameters → the fields (defaults for those missing or unknown) and the edited JSON. */
export function fromSim(sim: Record<string, string> | undefined): { fields: SimFields; json: string | null } {
  const fields = { ...DEFAULT_FIELDS };
  for (const [param, field] of PARAMS) {
    const v = sim?.[param];
    if (v === undefined) continue;
    if (field === "level") {
      if (LEVELS.includes(v as StorageLevelName)) fields.level = v as StorageLevelName;
    } else if (field === "process") {
      if (v === "executor" || v === "driver") fields.process = v;
    } else fields[field] = v;
  }
  return { fields, json: sim?.[JSON_PARAM] ?? null };
}

/** A size field: Spark's sizes ("2g", "128m"), a bare number MiB (spark.executor.memory=4096), empty 0. */
function size(label: string, v: string): number {
  const t = v.trim();
  if (!t) return 0;
  const n = /^\d+$/.test(t) ? Number(t) * 2 ** 20 : parseBytesValue(t, "BYTE", label);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new SparkmemError(label, `"${v}" is not a size`, {
      expected: "a size such as 2g (a bare number is MiB)",
    });
  return n;
}

/** The shorthand fields → a scenario, checked as the CLI checks --cache, --block-size, --tasks, --task-memory. */
export function shorthandOf(f: SimFields): Scenario {
  const tasksText = f.tasks.trim() || "1";
  const tasks = Number(tasksText);
  if (!/^\d+$/.test(tasksText) || tasks < 1 || tasks > 100_000)
    throw new SparkmemError("Tasks", `"${f.tasks}" is not a number of tasks`, {
      expected: "a whole number from 1 to 100000",
    });
  const blockBytes = f.block.trim() ? size("Block size", f.block) : DEFAULT_BLOCK_BYTES;
  if (blockBytes < 1)
    throw new SparkmemError("Block size", "must be above 0", { expected: "a size such as 128m" });
  const cacheBytes = size("Cache size", f.cache);
  const blocks = Math.ceil(cacheBytes / blockBytes);
  if (blocks > MAX_BLOCKS)
    throw new SparkmemError("Block size", `cuts the cache into ${blocks} blocks`, {
      expected: `at most ${MAX_BLOCKS} blocks: a block size of at least ${bytesToString(Math.ceil(cacheBytes / MAX_BLOCKS))}`,
    });
  const taskMemoryBytes = size("Task memory", f.taskMemory);
  const s = shorthandScenario({ cacheBytes, cacheLevel: f.level, blockBytes, tasks, taskMemoryBytes });
  return { ...s, process: f.process };
}

/** A scenario as the JSON the textarea shows: one event a line. */
export function scenarioText(s: Scenario): string {
  const events = s.events.map((e) => `    ${JSON.stringify(e)}`).join(",\n");
  return `{\n  "process": ${JSON.stringify(s.process)},\n  "events": [\n${events}\n  ]\n}`;
}

/** The textarea's JSON → a scenario, checked by the CLI's own reader (`--scenario FILE`). */
export function parseScenario(text: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SparkmemError("scenario JSON", `is not valid JSON (${(e as Error).message})`, {
      expected: '{ "process": "executor", "events": [ … ] }',
    });
  }
  return scenarioOf(json, "scenario");
}
