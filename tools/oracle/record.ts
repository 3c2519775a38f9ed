// Records Spark's own answers for replay without Spark (test/oracleRecorded.test.ts):
//
//   npx tsx tools/oracle/record.ts --versions 2.4,3.5,4.3 --n 120
//
// Puts the oracle's random configurations (tools/oracle/generator.ts, a fixed seed) and byte strings to each
// installed Spark version's own classes, as `npm run oracle` does, and writes what Spark answered to
// test/data/oracle/<version>.json. The replay checks the model against those answers in milliseconds, so
// every test run, and every mutant of a mutation run, meets real Spark's figures.
import { writeFileSync } from "node:fs";
import { installedVersions, pickVersions } from "./client.js";
import { type Recording, runVersion } from "./run.js";

const SEED = 20261204;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let wanted: string[] | null = null;
  let n = 120;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--versions") wanted = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (argv[i] === "--n") n = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]} (use --versions 2.4,3.5 --n 120)`);
  }
  if (!Number.isInteger(n) || n <= 0) throw new Error("--n takes a positive whole number");
  const versions = pickVersions(wanted, installedVersions());
  if (versions.length === 0) throw new Error("no Spark version is installed: run npm run oracle:setup");
  for (const v of versions) {
    const recording: Recording = { version: v.version, seed: SEED, configs: [], byteStrings: [] };
    const results = await runVersion(v, n, SEED, recording);
    const mismatches = results.reduce((sum, r) => sum + r.mismatches.length, 0);
    const out = new URL(`../../test/data/oracle/${v.version}.json`, import.meta.url);
    // one configuration per line: small diffs when a version is recorded again
    const lines = [
      `{"version":${JSON.stringify(v.version)},"seed":${SEED},"configs":[`,
      recording.configs.map((c) => JSON.stringify(c)).join(",\n"),
      `],"byteStrings":[`,
      recording.byteStrings.map((b) => JSON.stringify(b)).join(",\n"),
      "]}",
    ];
    writeFileSync(out, `${lines.join("\n")}\n`);
    process.stdout.write(
      `Spark ${v.version}: ${recording.configs.length} configurations, ${recording.byteStrings.length} byte strings recorded (${mismatches} differ from the model today)\n`,
    );
  }
}

main().catch((e: Error) => {
  process.stderr.write(`oracle record: ${e.message}\n`);
  process.exitCode = 2;
});
