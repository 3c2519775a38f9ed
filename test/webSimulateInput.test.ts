import { describe, expect, it } from "vitest";
import { SparkmemError } from "../src/conf/errors.js";
import { shorthandScenario } from "../src/simulate/shorthand.js";
import {
  DEFAULT_FIELDS,
  encodedLength,
  fromSim,
  MAX_URL_JSON,
  parseScenario,
  scenarioText,
  shorthandOf,
  toSim,
} from "../web/src/simulateInput.js";
import { fromHash, presetState, toHash } from "../web/src/state.js";

/** The Simulate view's pure parts (web/src/simulateInput.ts) and its scenario in the URL fragment (state.ts). */

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const oneLine = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof SparkmemError) return e.oneLine();
    throw e;
  }
  throw new Error("no error");
};

describe("the Simulate view's scenario in the URL", () => {
  it("the fields and an edited JSON go into sim.* parameters and come back", () => {
    const fields = { ...DEFAULT_FIELDS, cache: "8g", level: "MEMORY_AND_DISK" as const, tasks: "4" };
    const json = '{"events": [{"task": 1, "acquire": "1g"}]}';
    expect(fromSim(toSim(fields, null))).toEqual({ fields, json: null });
    expect(fromSim(toSim(fields, json))).toEqual({ fields, json });
    expect(Object.keys(toSim(fields, json))).toEqual([
      "sim.cache",
      "sim.level",
      "sim.block",
      "sim.tasks",
      "sim.taskMemory",
      "sim.process",
      "sim.json",
    ]);
  });

  it("missing or unknown values are the defaults; a JSON longer than 8 kB encoded stays out", () => {
    expect(fromSim(undefined)).toEqual({ fields: DEFAULT_FIELDS, json: null });
    expect(fromSim({ "sim.level": "DISK_ONLY", "sim.process": "am", "sim.tasks": "3" }).fields).toEqual({
      ...DEFAULT_FIELDS,
      tasks: "3",
    });
    const long = JSON.stringify({ events: Array.from({ length: 300 }, () => ({ task: 1, acquire: "1m" })) });
    expect(long.length).toBeLessThan(MAX_URL_JSON);
    expect(encodedLength(long)).toBeGreaterThan(MAX_URL_JSON);
    expect(toSim(DEFAULT_FIELDS, long)["sim.json"]).toBeUndefined();
    expect(toSim(DEFAULT_FIELDS, long.slice(0, 1000))["sim.json"]).toBe(long.slice(0, 1000));
  });

  it("the page state carries sim.* through the fragment, after the settings", () => {
    const s = {
      ...presetState("seed"),
      view: "simulate" as const,
      sim: toSim(DEFAULT_FIELDS, '{"a": "b c&d"}'),
    };
    const hash = toHash(s);
    // after the settings, the JSON encoded as any parameter
    expect(hash.slice(hash.indexOf("&sim."))).toBe(
      "&sim.cache=2g&sim.level=MEMORY_ONLY&sim.block=128m&sim.tasks=1&sim.taskMemory=1g&sim.process=executor&sim.json=%7B%22a%22%3A+%22b+c%26d%22%7D",
    );
    expect(hash).toContain("&spark.memory.storageFraction=0.5&sim.cache=");
    expect(fromHash(`#${hash}`)).toEqual(s);
    // no scenario: no sim (links made before the view open as they did)
    expect(fromHash("#v=3.5.9&master=yarn")).not.toHaveProperty("sim");
    expect(fromHash("")).toEqual(presetState("seed"));
    // a view and a scenario only: the default preset's settings, as a view alone
    expect(fromHash("#view=simulate&sim.cache=4g")).toEqual({
      ...presetState("seed"),
      view: "simulate",
      sim: { "sim.cache": "4g" },
    });
  });
});

describe("the Simulate view's shorthand and JSON", () => {
  it("the fields are the CLI's shorthand (a bare number is MiB), with the process chosen", () => {
    expect(shorthandOf(DEFAULT_FIELDS)).toEqual(
      shorthandScenario({
        cacheBytes: 2 * GiB,
        cacheLevel: "MEMORY_ONLY",
        blockBytes: 128 * MiB,
        tasks: 1,
        taskMemoryBytes: GiB,
      }),
    );
    const s = shorthandOf({ ...DEFAULT_FIELDS, cache: "300", block: "", tasks: "", process: "driver" });
    expect(s.process).toBe("driver");
    expect(s.events).toEqual([
      { cache: { id: "rdd_1", blocks: 3, blockBytes: 100 * MiB, level: "MEMORY_ONLY" } },
      { task: 1, acquire: GiB },
    ]);
    expect(shorthandOf({ ...DEFAULT_FIELDS, cache: "", taskMemory: "0" }).events).toEqual([]);
  });

  it("bad fields are one line naming the field", () => {
    expect(oneLine(() => shorthandOf({ ...DEFAULT_FIELDS, cache: "lots" }))).toMatch(
      /^Cache size: "lots" is not a size; expected /,
    );
    expect(oneLine(() => shorthandOf({ ...DEFAULT_FIELDS, tasks: "1.5" }))).toBe(
      'Tasks: "1.5" is not a number of tasks; expected a whole number from 1 to 100000',
    );
    expect(oneLine(() => shorthandOf({ ...DEFAULT_FIELDS, cache: "100g", block: "1m" }))).toMatch(
      /^Block size: cuts the cache into 102400 blocks; expected at most 20000 blocks/,
    );
  });

  it("the JSON shown reads back as the same scenario; bad JSON is one line", () => {
    const s = shorthandOf({ ...DEFAULT_FIELDS, tasks: "3" });
    const text = scenarioText(s);
    expect(text.split("\n")).toHaveLength(9);
    expect(parseScenario(text)).toEqual(s);
    expect(oneLine(() => parseScenario("{"))).toMatch(/^scenario JSON: is not valid JSON \(.*\); expected /);
    expect(oneLine(() => parseScenario('{"events": [{"task": 1}]}'))).toMatch(
      /^scenario\.events\[0\]: names no action/,
    );
  });
});
