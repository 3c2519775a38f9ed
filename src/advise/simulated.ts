import type { Layout } from "../model/types.js";
import { type LogSimulation, type LogTimeline, simulateLog } from "../simulate/index.js";

/** What the log's tasks and cached blocks get through one layout (simulate --from-log), summed over stages. */
export interface SimulatedRun {
  /**
   * Tasks that would spill or be refused part of their logged peak execution memory, the memory they would
   * spill (simulate's estimate: the pages held when one is refused), and what they would never be granted.
   */
  shortTasks: number;
  memorySpilledBytes: number;
  shortfallBytes: number;
  /** Tasks left waiting for their 1/2N of the execution pool. */
  waitingTasks: number;
  /** Cached bytes that would be in memory at their put, of those the log cached. */
  cachedBytes: number;
  evictedBytes: number;
}

export interface SimulationCheck {
  current: SimulatedRun;
  advised: SimulatedRun;
}

function totals(s: LogSimulation): SimulatedRun {
  const sum = (f: (x: LogSimulation["stages"][number]) => number) => s.stages.reduce((n, x) => n + f(x), 0);
  return {
    shortTasks: sum((x) => x.predicted.shortTasks),
    memorySpilledBytes: sum((x) => x.predicted.memorySpilledBytes),
    shortfallBytes: sum((x) => x.predicted.shortfallBytes),
    waitingTasks: sum((x) => x.predicted.waitingTasks),
    cachedBytes: s.cache.predictedInMemoryBytes,
    evictedBytes: s.cache.evictedBytes,
  };
}

/**
 * The advice checked by the simulator before it is proposed: the log replayed through the layout it ran with
 * and through the advised one. Notes when the advised layout would leave more tasks short of memory, or cache
 * less, than the current one.
 */
export function checkBySimulation(
  current: Layout,
  advised: Layout,
  timeline: LogTimeline,
): { check: SimulationCheck; notes: string[] } {
  const check = {
    current: totals(simulateLog(current, timeline)),
    advised: totals(simulateLog(advised, timeline)),
  };
  const notes: string[] = [];
  const c = check.current;
  const a = check.advised;
  if (a.shortTasks + a.waitingTasks > c.shortTasks + c.waitingTasks)
    notes.push(
      `checked by simulate: with the advised settings ${a.shortTasks + a.waitingTasks} of the log's tasks would get less execution memory than they used, against ${c.shortTasks + c.waitingTasks} with the log's: they would spill more`,
    );
  if (a.cachedBytes < c.cachedBytes)
    notes.push(
      `checked by simulate: with the advised settings ${c.cachedBytes - a.cachedBytes} fewer bytes of the log's cached blocks would fit in memory`,
    );
  return { check, notes };
}
