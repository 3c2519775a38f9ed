import type { AnalyzeReport } from "../analyze/report.js";
import { type ExplainInput, explain, withSettings } from "../model/index.js";
import type { GcPressure } from "./evidence.js";
import { processEvidence } from "./evidence.js";
import { adviseHeap } from "./heap.js";
import type { Evidence, Goal } from "./types.js";

/**
 * Executors of a stage-level scheduling profile (3.1+) get their memory from the profile the application builds
 * (ExecutorResourceRequests.memory / memoryOverhead / cores), not from the settings: their heap is advised from
 * their own peaks, as the default profile's is, through the model with the profile's requests in place of the
 * settings, and said in a note naming the request to change (it lives in the application's code, so it is no
 * setting among the changes).
 */
export function adviseProfiles(
  reports: AnalyzeReport[],
  input: ExplainInput,
  spills: Evidence[],
  goal: Goal,
  notLower: string | null,
  gc: GcPressure | null,
): string[] {
  const first = reports[0];
  if (!first || "unavailable" in first.memory) return [];
  const notes: string[] = [];
  for (const p of first.memory.expected.profiles) {
    const ev = processEvidence(reports, "executor", p.id);
    const where = `resource profile ${p.id} (${Object.entries(p.settings)
      .map(([k, v]) => `${k.replace("spark.executor.", "")} ${v}`)
      .join(", ")})`;
    if (!ev.heap && !ev.unified) {
      notes.push(`${where}: no heap metrics for its executors, its requests kept`);
      continue;
    }
    const profileInput = withSettings(input, p.settings);
    let current: ReturnType<typeof explain>;
    try {
      current = explain(profileInput);
    } catch {
      continue; // analyze says why the profile has no layout
    }
    const heap = adviseHeap(profileInput, current, "executor", ev, spills, goal, notLower, gc);
    if (heap.value !== null)
      notes.push(
        `${where}: ExecutorResourceRequests.memory("${heap.value}") for its executors — ${heap.why}`,
      );
    else notes.push(...heap.notes.map((n) => `${where}: ${n}`));
  }
  return notes;
}
