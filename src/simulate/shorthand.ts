import { bytesToString } from "../conf/bytesToString.js";
import { SparkmemError } from "../conf/errors.js";
import { parseBytesValue } from "../conf/sparkConf.js";
import type { StorageLevelName } from "./memoryStore.js";
import type { Scenario, SimEvent } from "./scenario.js";
import { MAX_BLOCKS } from "./scenarioInput.js";

/** The common question as flags: cache this much, then run this many tasks that each want this much. */
export interface Shorthand {
  cacheBytes: number;
  cacheLevel: StorageLevelName;
  /** The size of one cached partition (default 128 MiB, spark.sql.files.maxPartitionBytes). */
  blockBytes: number;
  tasks: number;
  taskMemoryBytes: number;
}

export const DEFAULT_BLOCK_BYTES = 128 * 1024 * 1024;

/**
 * `--cache 8g --tasks 10 --task-memory 2g`: one RDD cached as equal blocks of at most `blockBytes`, then
 * tasks 1…N each asking for `taskMemoryBytes` in turn, none releasing (all running at once).
 */
export function shorthandScenario(s: Shorthand): Scenario {
  const events: SimEvent[] = [];
  if (s.cacheBytes > 0) {
    const blocks = Math.ceil(s.cacheBytes / s.blockBytes);
    events.push({
      cache: { id: "rdd_1", blocks, blockBytes: Math.ceil(s.cacheBytes / blocks), level: s.cacheLevel },
    });
  }
  if (s.taskMemoryBytes > 0)
    for (let task = 1; task <= s.tasks; task++) events.push({ task, acquire: s.taskMemoryBytes });
  return { process: "executor", events };
}

/** The shorthand as typed, by the CLI's flags or the page's fields: undefined is the default (none, or 0). */
export interface ShorthandText {
  cache?: string;
  level?: string;
  block?: string;
  tasks?: string;
  taskMemory?: string;
}

/** What errors call each value (a flag, a field's label), and the cache in a sentence. */
export interface ShorthandNames {
  cache: string;
  level: string;
  block: string;
  tasks: string;
  taskMemory: string;
  theCache: string;
}

const LEVELS = ["MEMORY_ONLY", "MEMORY_AND_DISK", "OFF_HEAP"];

/** A size as typed: Spark's ("2g", "128m"), or a bare number of MiB as in spark.executor.memory=4096. */
function sizeOf(name: string, v: string | undefined): number {
  if (v === undefined) return 0;
  const n = /^\s*\d+\s*$/.test(v) ? Number(v) * 2 ** 20 : parseBytesValue(v, "BYTE", name);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new SparkmemError(name, `"${v}" is not a size`, {
      expected: "a size such as 2g (a bare number is MiB)",
    });
  return n;
}

/**
 * The shorthand's text to its sizes, each checked, the cache cut into at most MAX_BLOCKS blocks: one reading
 * for `sparkmem simulate --cache … --tasks …` and the page's Simulate fields. Throws SparkmemError naming the value.
 */
export function shorthandOfText(t: ShorthandText, names: ShorthandNames): Shorthand {
  const level = (t.level ?? "MEMORY_ONLY").toUpperCase();
  if (!LEVELS.includes(level))
    throw new SparkmemError(names.level, `"${t.level}" is not a storage level`, {
      expected: "MEMORY_ONLY, MEMORY_AND_DISK or OFF_HEAP",
    });
  const taskMemoryBytes = sizeOf(names.taskMemory, t.taskMemory);
  const blockBytes = t.block === undefined ? DEFAULT_BLOCK_BYTES : sizeOf(names.block, t.block);
  if (blockBytes < 1)
    throw new SparkmemError(names.block, "must be above 0", { expected: "a size such as 128m" });
  const cacheBytes = sizeOf(names.cache, t.cache);
  const blocks = Math.ceil(cacheBytes / blockBytes);
  if (blocks > MAX_BLOCKS)
    throw new SparkmemError(names.block, `cuts ${names.theCache} into ${blocks} blocks`, {
      expected: `at most ${MAX_BLOCKS} blocks: a block size of at least ${bytesToString(Math.ceil(cacheBytes / MAX_BLOCKS))}`,
    });
  const tasks = t.tasks === undefined ? 1 : Number(t.tasks);
  if (
    t.tasks !== undefined &&
    (!/^\d+$/.test(t.tasks.trim()) || !Number.isSafeInteger(tasks) || tasks < 1 || tasks > 100_000)
  )
    throw new SparkmemError(names.tasks, `"${t.tasks}" is not a number of tasks`, {
      expected: "a whole number from 1 to 100000",
    });
  return { cacheBytes, cacheLevel: level as StorageLevelName, blockBytes, tasks, taskMemoryBytes };
}
