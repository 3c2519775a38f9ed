import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { QUANTITIES } from "../tools/oracle/checks.js";
import { selectedVersions } from "../tools/oracle/client.js";
import { difference } from "../tools/oracle/run.js";

const runner = new URL("../tools/oracle/run.ts", import.meta.url).pathname;
const tsx = new URL("../node_modules/.bin/tsx", import.meta.url).pathname;
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(tsx, [runner, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 300_000 });

describe("npm run oracle: how a mismatch is shown", () => {
  it("numbers as ours − Spark's, other values as Spark's → ours", () => {
    expect(difference({ totalMemMiB: 4505, cores: 1 }, { totalMemMiB: 4508, cores: 1 })).toBe(
      "totalMemMiB: +3",
    );
    expect(difference({ memoryRequest: "4505Mi" }, { memoryRequest: "4096Mi" })).toBe(
      'memoryRequest: "4505Mi" → "4096Mi"',
    );
    expect(difference({ error: "x" }, { maxHeapMemory: 5 })).toBe(
      'error: "x" → undefined; maxHeapMemory: undefined → 5',
    );
  });

  it("refuses a version that is not installed, naming what is", () => {
    const r = run(["--versions", "1.6", "--n", "1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^oracle: Spark 1\.6 is not installed for the oracle \(installed: .*\); run npm run oracle:setup/,
    );
  });
});

let installed: string[] = [];
try {
  installed = selectedVersions().map((v) => v.version);
} catch {
  // test/oracle.test.ts reports a missing version
}

describe.skipIf(installed.length === 0)("npm run oracle: output", () => {
  const v = installed[installed.length - 1] as string;
  it(`prints exact N/N per quantity for Spark ${v}`, { timeout: 300_000 }, () => {
    const r = run(["--versions", v, "--n", "20"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith(`Spark ${v}  `));
    const quantity = (l: string) => l.slice(`Spark ${v}  `.length, `Spark ${v}  `.length + 18).trim();
    expect(lines.map(quantity)).toEqual([...QUANTITIES]);
    for (const l of lines) expect(l).toMatch(/ exact 20\/20 {2}\(/);
  });
  it("--json prints one object per version and quantity", { timeout: 300_000 }, () => {
    const r = run(["--versions", v, "--n", "10", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const objects = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toHaveLength(8);
    for (const o of objects) {
      expect(Object.keys(o)).toEqual(["version", "quantity", "checked", "exact", "mismatches"]);
      expect(o).toMatchObject({ version: v, checked: 10, exact: 10, mismatches: [] });
    }
  });
});
