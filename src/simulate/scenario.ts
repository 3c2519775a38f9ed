import { bytesToString } from "../conf/bytesToString.js";
import type { StorageLevelName } from "./memoryStore.js";

/** One cached RDD: `blocks` partitions of `blockBytes` each (from partition `first`, default 0), put in turn. */
export interface CacheEvent {
  cache: { id: string; blocks: number; blockBytes: number; level: StorageLevelName; first?: number };
}
export interface AcquireEvent {
  task: number;
  acquire: number;
  consumer?: string;
}
export interface ReleaseEvent {
  task: number;
  release: number;
  consumer?: string;
}
export interface EndEvent {
  task: number;
  end: true;
}
export interface UnpersistEvent {
  unpersist: string;
}
/** A read of a cached RDD's blocks: each becomes the most recently used (MemoryStore's access order). */
export interface ReadEvent {
  read: string;
}

export type SimEvent = CacheEvent | AcquireEvent | ReleaseEvent | EndEvent | UnpersistEvent | ReadEvent;

export interface Scenario {
  process: "executor" | "driver";
  events: SimEvent[];
}

/** The consumer an event names, or the task's default one (one spillable operator per task). */
export const DEFAULT_CONSUMER = "task";

export function describeEvent(e: SimEvent): string {
  if ("cache" in e)
    return `cache ${e.cache.id}: ${e.cache.blocks} × ${bytesToString(e.cache.blockBytes)} ${e.cache.level}`;
  if ("unpersist" in e) return `unpersist ${e.unpersist}`;
  if ("read" in e) return `read ${e.read}`;
  if ("acquire" in e)
    return `task ${e.task} acquires ${bytesToString(e.acquire)} (${e.consumer ?? DEFAULT_CONSUMER})`;
  if ("release" in e)
    return `task ${e.task} releases ${bytesToString(e.release)} (${e.consumer ?? DEFAULT_CONSUMER})`;
  return `task ${e.task} ends`;
}
