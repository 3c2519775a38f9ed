import { SparkmemError } from "../conf/errors.js";
import { parseBytesValue } from "../conf/sparkConf.js";
import type { StorageLevelName } from "./memoryStore.js";
import type { Scenario, SimEvent } from "./scenario.js";

/** Bounds that keep a simulation's time and memory small whatever the input: eviction scans the blocks in memory, so 20,000 blocks cost about 2 s at worst (blocks of the RDD being cached skipped on every put). */
export const MAX_EVENTS = 100_000;
export const MAX_BLOCKS = 20_000;
const LEVELS: readonly StorageLevelName[] = ["MEMORY_ONLY", "MEMORY_AND_DISK", "OFF_HEAP"];

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

/** Bytes as a whole number, or a size Spark reads ("128m", "8g": binary units, as spark.*.memory). */
function bytes(v: unknown, where: string, min: number): number {
  const n = typeof v === "string" ? parseBytesValue(v, "BYTE", where) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min)
    throw new SparkmemError(where, `${JSON.stringify(v)} is not a size`, {
      expected: `a whole number of bytes${min > 0 ? " above 0" : ""} or a size such as "128m"`,
    });
  return n;
}

function whole(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    throw new SparkmemError(where, `${JSON.stringify(v)} is not allowed`, {
      expected: `a whole number from ${min} to ${max}`,
    });
  return v;
}

const RDD = /^rdd_\d{1,9}$/;
function rddId(v: unknown, where: string): string {
  if (typeof v !== "string" || !RDD.test(v))
    throw new SparkmemError(where, `${JSON.stringify(v)} is not an RDD id`, {
      expected: 'an RDD id such as "rdd_1" (its blocks are rdd_1_0, rdd_1_1, …)',
    });
  return v;
}

function only(o: Json, keys: string[], where: string): void {
  const extra = Object.keys(o).find((k) => !keys.includes(k));
  if (extra !== undefined)
    throw new SparkmemError(`${where}.${extra}`, "is not a field of this event", {
      expected: `only ${keys.join(", ")}`,
    });
}

function eventOf(e: unknown, where: string): SimEvent {
  if (!isObject(e))
    throw new SparkmemError(where, "is not an event", {
      expected: 'an object such as {"task": 1, "acquire": 1073741824}',
    });
  if ("cache" in e) {
    only(e, ["cache"], where);
    const c = e.cache;
    if (!isObject(c))
      throw new SparkmemError(`${where}.cache`, "is not an object", {
        expected: "{ id, blocks, blockBytes, level }",
      });
    only(c, ["id", "blocks", "blockBytes", "level", "first"], `${where}.cache`);
    const level = c.level ?? "MEMORY_ONLY";
    if (!LEVELS.includes(level as StorageLevelName))
      throw new SparkmemError(`${where}.cache.level`, `${JSON.stringify(level)} is not a storage level`, {
        expected: LEVELS.join(", "),
      });
    return {
      cache: {
        id: rddId(c.id, `${where}.cache.id`),
        blocks: whole(c.blocks, `${where}.cache.blocks`, 1, MAX_BLOCKS),
        blockBytes: bytes(c.blockBytes, `${where}.cache.blockBytes`, 1),
        level: level as StorageLevelName,
        ...(c.first === undefined ? {} : { first: whole(c.first, `${where}.cache.first`, 0, 2 ** 31 - 1) }),
      },
    };
  }
  if ("unpersist" in e) {
    only(e, ["unpersist"], where);
    return { unpersist: rddId(e.unpersist, `${where}.unpersist`) };
  }
  if ("read" in e) {
    only(e, ["read"], where);
    return { read: rddId(e.read, `${where}.read`) };
  }
  const task = whole(e.task, `${where}.task`, 0, 2 ** 31 - 1);
  const consumer = e.consumer;
  if (consumer !== undefined && (typeof consumer !== "string" || consumer === "" || consumer.length > 64))
    throw new SparkmemError(`${where}.consumer`, `${JSON.stringify(consumer)} is not a consumer name`, {
      expected: 'a name of up to 64 characters, e.g. "sort"',
    });
  const named = consumer === undefined ? {} : { consumer };
  if ("acquire" in e) {
    only(e, ["task", "acquire", "consumer"], where);
    return { task, acquire: bytes(e.acquire, `${where}.acquire`, 1), ...named };
  }
  if ("release" in e) {
    only(e, ["task", "release", "consumer"], where);
    return { task, release: bytes(e.release, `${where}.release`, 1), ...named };
  }
  if ("end" in e) {
    only(e, ["task", "end"], where);
    if (e.end !== true) throw new SparkmemError(`${where}.end`, "must be true", { expected: "true" });
    return { task, end: true };
  }
  throw new SparkmemError(where, "names no action", {
    expected: "one of cache, unpersist, read, or a task with acquire, release or end",
  });
}

/** A scenario as JSON gives it (`--scenario FILE|-`), checked field by field with the path of what is wrong. */
export function scenarioOf(json: unknown, where = "scenario"): Scenario {
  if (!isObject(json))
    throw new SparkmemError(where, "is not a JSON object", {
      expected: '{ "process": "executor", "events": [ … ] }',
    });
  only(json, ["process", "events"], where);
  const process = json.process ?? "executor";
  if (process !== "executor" && process !== "driver")
    throw new SparkmemError(`${where}.process`, `${JSON.stringify(process)} is not a process`, {
      expected: "executor or driver",
    });
  if (!Array.isArray(json.events))
    throw new SparkmemError(`${where}.events`, "is not a list of events", { expected: "an array" });
  if (json.events.length > MAX_EVENTS)
    throw new SparkmemError(`${where}.events`, `has ${json.events.length} events`, {
      expected: `at most ${MAX_EVENTS}`,
    });
  const events = json.events.map((e, i) => eventOf(e, `${where}.events[${i}]`));
  const blocks = events.reduce((n, e) => n + ("cache" in e ? e.cache.blocks : 0), 0);
  if (blocks > MAX_BLOCKS)
    throw new SparkmemError(`${where}.events`, `caches ${blocks} blocks in all`, {
      expected: `at most ${MAX_BLOCKS} (larger blocks for the same bytes)`,
    });
  return { process, events };
}

/** A scenario's text as JSON (a file's, stdin's, the page's box): not JSON is one line naming `where`. */
export function parseScenarioJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SparkmemError(where, `is not valid JSON (${(e as Error).message})`, {
      expected: '{ "process": "executor", "events": [ … ] }',
    });
  }
}
