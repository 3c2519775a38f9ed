import type { JsonObject } from "./json.js";
import type { TaskEnd } from "./taskEnd.js";

/**
 * Another reader of the same pass (simulate's timeline): the task ends, and the parsed events it names beyond
 * those this analysis reads, in log order.
 */
export interface EventObserver {
  /** Events to parse for it that the analysis itself skips. */
  readonly events: ReadonlySet<string>;
  onEvent(name: string, e: JsonObject): void;
  onTaskEnd(t: TaskEnd): void;
}
