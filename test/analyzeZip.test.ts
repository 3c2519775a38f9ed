import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { SHARED } from "./support/shared.js";

/**
 * Event logs in a .zip, as the History Server's download gives them (one entry per log file, a rolling log's
 * files under their eventlog_v2_ folder): each application reads as it does from the files themselves.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const F = new URL("fixtures/spark-events/", SHARED).pathname;
const LOG = "application_1553914137147_0018";
const TAXI = "eventlog_v2_spark-110be3a8424d4a2789cb88134418217b";
const TAXI_DIR = join(F, "other/mcp-apache-spark-history-server", TAXI);
const dir = mkdtempSync(join(tmpdir(), "sparkmem-zip-"));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
const body = ({ input: _i, warnings: _w, ...rest }: AnalyzeReport) => rest;

function archive(name: string, level: 0 | 6): string {
  const files: Record<string, Uint8Array> = { [LOG]: readFileSync(join(F, LOG)) };
  for (const n of readdirSync(TAXI_DIR)) files[`${TAXI}/${n}`] = readFileSync(join(TAXI_DIR, n));
  const path = join(dir, name);
  writeFileSync(path, zipSync(files, { level }));
  return path;
}

describe("analyze and advise read .zip archives of event logs", () => {
  it.each([
    ["deflated", 6],
    ["stored", 0],
  ] as const)("%s entries: each application equals its own files' analysis", (_kind, level) => {
    const r = cli("analyze", "--json", archive(`logs-${level}.zip`, level));
    expect(r.status, r.stderr).toBe(0);
    const apps = (JSON.parse(r.stdout) as { applications: AnalyzeReport[] }).applications;
    expect(apps.map((a) => a.application.id)).toEqual([LOG, "spark-110be3a8424d4a2789cb88134418217b"]);
    for (const [a, path] of [
      [apps[0], join(F, LOG)],
      [apps[1], TAXI_DIR],
    ] as const) {
      const direct = JSON.parse(cli("analyze", "--json", path).stdout) as AnalyzeReport;
      expect(body(a as AnalyzeReport)).toEqual(body(direct));
      expect(a?.input.files.map((f) => f.lines)).toEqual(direct.input.files.map((f) => f.lines));
    }
  });

  it("advise reads one too", () => {
    const path = join(dir, "one.zip");
    writeFileSync(path, zipSync({ [LOG]: readFileSync(join(F, LOG)) }));
    const r = cli("advise", "--json", path);
    expect(r.status, r.stderr).toBe(0);
    expect(
      (JSON.parse(r.stdout) as { advised: { executor: { heapBytes: number } } }).advised.executor.heapBytes,
    ).toBe(1536 * 1024 ** 2);
  });

  it("a cut archive, a corrupt entry, a ZIP64 archive: one line naming the file, exit 2", () => {
    const whole = readFileSync(archive("whole.zip", 6));
    const cut = join(dir, "cut.zip");
    writeFileSync(cut, whole.subarray(0, 2000));
    const corrupt = join(dir, "corrupt.zip");
    const bytes = Buffer.from(whole);
    for (let i = 200; i < 260; i++) bytes[i] = 0xff; // inside the first entry's deflate data
    writeFileSync(corrupt, bytes);
    const zip64 = join(dir, "zip64.zip");
    const z = Buffer.from(whole);
    z.writeUInt32LE(0xffffffff, z.length - 22 + 16); // the end record's directory offset, as ZIP64 marks it
    writeFileSync(zip64, z);
    for (const [path, pattern] of [
      [cut, /cut\.zip: no end of central directory record/],
      [corrupt, /corrupt\.zip: entry application_1553914137147_0018 does not inflate/],
      [zip64, /zip64\.zip: is a ZIP64 archive/],
    ] as const) {
      const r = cli("analyze", path);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
