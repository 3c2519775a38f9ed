import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { buildContext, type ExplainInput, toConf } from "./explain.js";
import { withSettings } from "./inverse.js";
import { computeLayout } from "./layout.js";
import type { Layout } from "./types.js";
import { yarnScheduler } from "./yarnScheduler.js";

/**
 * What a change to the settings breaks, by the model: start-up errors the application did not have (per
 * process), and YARN containers newly beyond a NodeManager's memory (yarn.nodemanager.resource.memory-mb,
 * when given; a container already beyond it may stay, but not grow). Every change sparkmem proposes passes
 * this before it is shown.
 */
export function introducedProblems(before: Layout, after: Layout, nodeMemoryMiB: number | null): string[] {
  const id = (e: { code: string; process: string }) => `${e.code} (${e.process})`;
  const had = new Set(before.errors.map(id));
  const out = after.errors.filter((e) => !had.has(id(e))).map(id);
  if (after.clusterManager === "yarn" && nodeMemoryMiB !== null) {
    for (const role of ["executor", "driver"] as const) {
      const now = after[role]?.containerAllocatedBytes ?? 0;
      const was = before[role]?.containerAllocatedBytes ?? 0;
      if (now > nodeMemoryMiB * MiB && now > was)
        out.push(`the ${role} container (${now / MiB} MiB) is above a node's ${nodeMemoryMiB} MiB`);
    }
  }
  return out;
}

/**
 * introducedProblems for settings changed on an explain input; a change the model refuses is one problem.
 * Settings the model cannot read at all give nothing to compare with: no problem is reported for them.
 */
export function changeProblems(input: ExplainInput, settings: Record<string, string | null>): string[] {
  const before = refusedAs(() => computeLayout(buildContext(input)));
  if (typeof before === "string") return [];
  const changed = withSettings(input, settings);
  const after = refusedAs(() => computeLayout(buildContext(changed)));
  if (typeof after === "string") return [after];
  return introducedProblems(before, after, yarnScheduler(toConf(changed.conf)).nodeMemoryMiB);
}

/** The layout, or the one-line reason the model refuses the settings. */
function refusedAs(build: () => Layout): Layout | string {
  try {
    return build();
  } catch (e) {
    if (e instanceof SparkmemError) return e.oneLine();
    throw e;
  }
}
