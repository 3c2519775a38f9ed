import { createReadStream, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type AnalyzeReport, analyzeSources } from "../../src/analyze/report.js";

/**
 * We zero-fill every metric name the newest Spark knows, as a 4.x History Server does; an older History
 * Server prints only its own names (no ConcurrentGC* before 4.0), so compare on its names and require ours
 * to be 0 for the rest.
 */
export function onTheirNames(
  ours: Record<string, unknown>,
  theirs: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...ours };
  for (const key of ["peakMemoryMetrics", "peakExecutorMetrics"]) {
    const o = ours[key] as Record<string, number> | null;
    const t = theirs[key] as Record<string, number> | null | undefined;
    if (!o || !t) continue;
    for (const name of Object.keys(o)) if (!(name in t)) expect(o[name], name).toBe(0);
    out[key] = Object.fromEntries(Object.keys(t).map((n) => [n, o[n]]));
  }
  return out;
}

/** Our analysis of every log in a directory Spark wrote (single files and eventlog_v2_ directories), by app id. */
export async function analyzeLogDir(dir: string): Promise<Map<string, AnalyzeReport>> {
  const ours = new Map<string, AnalyzeReport>();
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    const files = entry.startsWith("eventlog_v2_")
      ? readdirSync(full)
          .filter((f) => f.startsWith("events_"))
          .map((f) => join(full, f))
      : [full];
    const report = await analyzeSources(
      files.map((f) => ({ name: f.split("/").pop() as string, chunks: createReadStream(f) })),
    );
    ours.set(report.application.id as string, report);
  }
  return ours;
}
