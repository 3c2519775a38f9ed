import type { StorageLevelName } from "./memoryStore.js";
import type { Scenario, SimEvent } from "./scenario.js";

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
