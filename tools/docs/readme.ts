import { readFileSync, writeFileSync } from "node:fs";
import { CAUSES } from "../../src/diagnose/index.js";
import { RULES } from "../../src/lint/index.js";
import { renderCausesTable, renderRulesTable } from "../../src/report/rulesDoc.js";

/**
 * npm run docs: rewrites README's generated blocks (between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`) from the code's metadata. test/readmeTables.test.ts checks they are current.
 */
export const GENERATED: Record<string, () => string> = {
  "lint-rules": () => renderRulesTable(RULES),
  "diagnose-causes": () => renderCausesTable(CAUSES),
};

export function withGenerated(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(GENERATED)) {
    const open = `<!-- generated:${name} -->\n`;
    const close = `<!-- /generated:${name} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 || b < a) throw new Error(`README.md has no ${open.trim()} … ${close} block`);
    out = `${out.slice(0, a + open.length)}${render()}${out.slice(b)}`;
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() as string)) {
  const path = new URL("../../README.md", import.meta.url);
  writeFileSync(path, withGenerated(readFileSync(path, "utf8")));
}
