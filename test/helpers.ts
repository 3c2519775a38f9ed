import { type ExplainInput, explain } from "../src/model/explain.js";
import type { ExecutorLayout, Layout } from "../src/model/types.js";

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** explain() with a machine fixed, so results never depend on where the tests run. */
export function layoutOf(input: ExplainInput): Layout {
  return explain({ hostCores: 8, hostMemoryBytes: 32 * GiB, ...input });
}

export function executorOf(input: ExplainInput): ExecutorLayout {
  const e = layoutOf(input).executor;
  if (!e) throw new Error("no executor in this layout");
  return e;
}
