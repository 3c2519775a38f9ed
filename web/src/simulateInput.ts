import {
  parseScenarioJson,
  type Scenario,
  type StorageLevelName,
  scenarioOf,
  shorthandOfText,
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

/** The fields as errors name them. */
const LABELS = {
  cache: "Cache size",
  level: "Cache level",
  block: "Block size",
  tasks: "Tasks",
  taskMemory: "Task memory",
  theCache: "the cache",
};

/** A blank field is its default: the shorthand's own (no cache, 1 task, no task memory, 128 MiB blocks). */
const given = (v: string) => v.trim() || undefined;

/** The shorthand fields → a scenario, read and checked as `sparkmem simulate --cache --tasks …` reads its flags. */
export function shorthandOf(f: SimFields): Scenario {
  const s = shorthandScenario(
    shorthandOfText(
      {
        cache: given(f.cache),
        level: f.level,
        block: given(f.block),
        tasks: given(f.tasks),
        taskMemory: given(f.taskMemory),
      },
      LABELS,
    ),
  );
  return { ...s, process: f.process };
}

/** A scenario as the JSON the textarea shows: one event a line. */
export function scenarioText(s: Scenario): string {
  const events = s.events.map((e) => `    ${JSON.stringify(e)}`).join(",\n");
  return `{\n  "process": ${JSON.stringify(s.process)},\n  "events": [\n${events}\n  ]\n}`;
}

/** The textarea's JSON → a scenario, checked by the CLI's own reader (`--scenario FILE`). */
export function parseScenario(text: string): Scenario {
  return scenarioOf(parseScenarioJson(text, "scenario JSON"), "scenario");
}
