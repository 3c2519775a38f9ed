import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./support/fixtures.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const INDEX = new URL("../src/index.ts", import.meta.url).pathname;
const LOG = new URL("spark-events/application_1553914137147_0018", FIXTURES).pathname;

/** README's library block as a module that records each `expression; // → value` line. */
function runnable(): { code: string; expected: unknown[] } {
  const block = /## Library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(README)?.[1];
  if (!block) throw new Error("README has no ```ts block under ## Library");
  const expected: unknown[] = [];
  const lines = block.split("\n").map((line) => {
    const m = /^(.*);\s*\/\/ → (.*)$/.exec(line);
    if (!m) return line;
    expected.push(JSON.parse(m[2] as string));
    return `results.push(${m[1]});`;
  });
  const code = `export const results: unknown[] = [];\n${lines.join("\n")}`
    .replace(/from "sparkmem"/g, `from ${JSON.stringify(INDEX)}`)
    .replace(/createReadStream\("app\.log"\)/g, `createReadStream(${JSON.stringify(LOG)})`);
  return { code, expected };
}

describe("README's library example", () => {
  it("runs, and every // → value is what the API returns", async () => {
    const { code, expected } = runnable();
    expect(expected.length).toBeGreaterThanOrEqual(6);
    const file = join(mkdtempSync(join(tmpdir(), "sparkmem-readme-")), "library.ts");
    writeFileSync(file, code);
    const mod = (await import(file)) as { results: unknown[] };
    expect(mod.results).toEqual(expected);
  });
});
