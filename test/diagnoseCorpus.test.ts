import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  figuresOf,
  headline,
  type Report,
  reportProblem,
  type Scored,
  scoreReport,
  table,
} from "../tools/corpus/score.js";

/**
 * diagnose on real public reports (Q&A and issue threads, Spark's JIRA, mailing lists): each with its link, the
 * error as posted, the settings, version and platform it states, and the cause and fix the thread accepted.
 * The figures are README's (section "How right diagnose is on real reports").
 */
const DIR = join(import.meta.dirname, "data", "diagnose-corpus");
const MIN_REPORTS = 68;
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));
const reports: Report[] = files.flatMap((f) => {
  const list = JSON.parse(readFileSync(join(DIR, f), "utf8")) as unknown[];
  return list.map((r, n) => {
    const problem = reportProblem(r, n);
    if (problem) throw new Error(`${f}: ${problem}`);
    return r as Report;
  });
});
const scored: Scored[] = reports.map(scoreReport);
const f = figuresOf(scored);

describe("diagnose on a corpus of real reports", () => {
  // issue 15 asks for 120; the public threads with a confirmed fix that the search tools reach gave this many
  // (six collectors, the same threads kept coming back): the floor guards against losing any
  it("holds every collected report, each once (by id and by link)", () => {
    expect(reports.length).toBeGreaterThanOrEqual(MIN_REPORTS);
    expect(new Set(reports.map((r) => r.id)).size).toBe(reports.length);
    expect(new Set(reports.map((r) => r.url.replace(/[#?].*$/, ""))).size).toBe(reports.length);
  });

  it("refuses none: every report, whatever its version (1.x, snapshots, vendor builds), gets a cause", () => {
    expect(scored.filter((s) => s.refused !== null).map((s) => `${s.report.id}: ${s.refused}`)).toEqual([]);
  });

  it('proposes values only: no relative change ("+50%") in any cause or alternative', () => {
    const relative = scored.flatMap((s) =>
      (s.result?.causes ?? []).flatMap((c) =>
        [...c.changes, ...(c.alternatives ?? []).flatMap((a) => a.changes)]
          .filter((ch) => ch.to !== null && /%$/.test(ch.to))
          .map((ch) => `${s.report.id} ${c.id}: ${ch.key}=${ch.to}`),
      ),
    );
    expect(relative).toEqual([]);
  });

  // issue 15's targets: top-1 ≥ 90 % (met), fix key ≥ 80 % (not yet: the floor is today's figure, so that
  // no change makes it worse unnoticed)
  it("names the thread's cause first in at least 90 % of reports, and a key of its fix in at least 65 %", () => {
    console.log(`${table(f)}\n\n${headline(f)}`);
    expect(f.top1 / f.reports).toBeGreaterThanOrEqual(0.9);
    expect(f.fixKeyHits / f.withFixKeys).toBeGreaterThanOrEqual(0.65);
  });

  it("README shows these figures", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    expect(readme).toContain(headline(f));
  });
});
