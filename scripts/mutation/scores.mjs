// Mutation score per area from Stryker's JSON report (reports/mutation/mutation.json): detected (killed or
// timed out) over all valid mutants (detected, survived, no coverage), as Stryker counts it. Ignored
// (static) and compile-error mutants are left out.
import { readFileSync } from "node:fs";

const AREAS = { "src/model": 85, "src/lint/rules": 70, "src/diagnose/causes": 70 };
const file = process.argv[2] ?? "reports/mutation/mutation.json";
const report = JSON.parse(readFileSync(file, "utf8"));
const rows = Object.entries(AREAS).map(([area, target]) => {
  const n = { detected: 0, survived: 0, noCoverage: 0 };
  for (const [path, f] of Object.entries(report.files)) {
    if (!path.startsWith(`${area}/`)) continue;
    for (const m of f.mutants) {
      if (m.status === "Killed" || m.status === "Timeout") n.detected++;
      else if (m.status === "Survived") n.survived++;
      else if (m.status === "NoCoverage") n.noCoverage++;
    }
  }
  const valid = n.detected + n.survived + n.noCoverage;
  return { area, target, valid, ...n, score: valid ? (100 * n.detected) / valid : null };
});
for (const r of rows) {
  const score = r.score === null ? "not run" : `${r.score.toFixed(1)} %`;
  console.log(
    `${r.area.padEnd(20)} ${score.padStart(8)}  (target ${r.target} %; ${r.detected} detected, ${r.survived} survived, ${r.noCoverage} without a test, of ${r.valid})`,
  );
}
process.exitCode = rows.some((r) => r.score !== null && r.score < r.target) ? 1 : 0;
