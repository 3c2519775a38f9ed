import { readFileSync } from "node:fs";
import { figuresOf, headline, type Report, reportProblem, scoreReport, table } from "./score.js";

/**
 * Scores diagnose on report files (the corpus's, or a held-out set kept outside the project):
 * `npm run corpus -- FILE… [--misses]`. Prints the per-cause table and the two figures.
 */
const args = process.argv.slice(2);
const misses = args.includes("--misses");
const files = args.filter((a) => a !== "--misses");
if (files.length === 0) {
  console.error("usage: npm run corpus -- FILE.json… [--misses]");
  process.exit(2);
}
const reports: Report[] = [];
for (const f of files) {
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(f, "utf8"));
  } catch (e) {
    console.error(`${f}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  if (!Array.isArray(list)) {
    console.error(`${f}: expected a JSON array of reports`);
    process.exit(2);
  }
  list.forEach((r, n) => {
    const p = reportProblem(r, n);
    if (p) {
      console.error(`${f}: ${p}`);
      process.exit(2);
    }
    reports.push(r as Report);
  });
}
const scored = reports.map(scoreReport);
const f = figuresOf(scored);
console.log(table(f));
console.log(`\n${headline(f)}`);
if (misses)
  for (const s of scored)
    if (!s.topRight || s.fixKeyHit === false || s.refused)
      console.log(
        `\n${s.report.id}: want ${s.report.cause} [${s.report.fixKeys.join(", ")}], got ${s.top ?? s.refused} [${(s.result?.causes[0]?.changes ?? []).map((c) => `${c.key}=${c.to}`).join(", ")}]`,
      );
