import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./support/fixtures.js";

/** lint and diagnose given event logs as analyze reads them: rolling directories, old versions. */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const LOG = new URL("spark-events/application_1628109047826_1317105", FIXTURES).pathname;

function lint(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "lint", "--json", ...args], { encoding: "utf8" });
  return {
    code: r.status,
    err: r.stderr,
    findings: r.stdout ? (JSON.parse(r.stdout).findings as { message: string }[]) : [],
  };
}

/** The log split in two rolling events files (its first half, then the rest) with an appstatus file. */
function rollingCopy(log: string): string {
  const app = basename(log);
  const lines = readFileSync(log, "utf8").split("\n");
  const half = Math.floor(lines.length / 2);
  const dir = join(mkdtempSync(join(tmpdir(), "sparkmem-rolling-")), `eventlog_v2_${app}`);
  mkdirSync(dir);
  writeFileSync(join(dir, `events_1_${app}`), `${lines.slice(0, half).join("\n")}\n`);
  writeFileSync(join(dir, `events_2_${app}`), lines.slice(half).join("\n"));
  writeFileSync(join(dir, `appstatus_${app}`), "");
  return dir;
}

describe("lint reads event logs as analyze does", () => {
  it("a rolling eventlog_v2_ directory: the findings of the same events in one file", () => {
    const dir = rollingCopy(LOG);
    const whole = lint([LOG]);
    const rolling = lint([dir]);
    expect([rolling.code, rolling.err]).toEqual([whole.code, ""]);
    expect(rolling.findings.map((f) => f.message)).toEqual(whole.findings.map((f) => f.message));
    expect(rolling.findings).toHaveLength(20);
  });

  it("diagnose reads a rolling directory as the same events in one file", () => {
    const single = new URL("spark-events/application_1516285256255_0012", FIXTURES).pathname;
    const dir = rollingCopy(single);
    const diagnose = (path: string) => {
      const r = spawnSync(process.execPath, [BIN, "diagnose", "--json", path], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { causes: { id: string; title: string }[] }).causes;
    };
    const whole = diagnose(single);
    expect(whole.map((c) => c.id)).toEqual(["unknown"]);
    expect(diagnose(dir)).toEqual(whole);
  });

  it("a Spark 2.1 log is checked as 2.4 reads it (test/versionLinesCli has its note), as --spark-version 2.4 does", () => {
    const old = new URL("spark-events/app-20161115172038-0000", FIXTURES).pathname;
    const r = lint([old]);
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(r.findings).toEqual(lint(["--spark-version", "2.4", old]).findings);
  });
});
