import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { FIXTURES } from "./support/fixtures.js";

/**
 * What analyze is given that is not a plain log file: devices, FIFOs, directories holding other things,
 * rolling directories with strange entries. One line and exit 2 when nothing can be read; otherwise a
 * report, with a note for what was skipped — never a stack trace or an internal error.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const LOG = new URL("spark-events/application_1553914137147_0018", FIXTURES).pathname;
const ROLLING = new URL("./data/eventlogs/spark-4.3.0/eventlog_v2_local-1795967173716/", import.meta.url)
  .pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "analyze", ...args], {
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 1 << 30,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const apps = (out: string): AnalyzeReport[] => {
  const j = JSON.parse(out) as AnalyzeReport & { applications?: AnalyzeReport[] };
  return j.applications ?? [j];
};
const tmp = () => mkdtempSync(join(tmpdir(), "sparkmem-inputs-"));

describe("devices and FIFOs", () => {
  it.each([
    [
      "/dev/null",
      'null: holds no Spark event; expected a Spark event log (JSON lines with an "Event" field); the file is empty',
    ],
    [
      "/dev/zero",
      "zero: holds no Spark event; expected a Spark event log (JSON lines with an \"Event\" field); none file at byte 0: the name says uncompressed but the file starts with 00 00 00 00 00 00 00 00, not '{' (uncompressed JSON lines) nor any other codec's magic",
    ],
  ])("%s: one line, exit 2", (path, message) => {
    const r = run([path]);
    expect([r.code, r.err]).toEqual([2, `sparkmem: ${message}\n`]);
  });

  it("a FIFO holding a log is read as the file", () => {
    const fifo = join(tmp(), "log");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    spawn("sh", ["-c", `cat '${LOG}' > '${fifo}'`], { stdio: "ignore" }).unref();
    const r = run([fifo, "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(apps(r.out)[0]?.application.id).toBe("application_1553914137147_0018");
  });
});

describe("a directory of logs with other things in it", () => {
  it("a README, a dangling link, a FIFO and a subdirectory are skipped with a note; the logs are read", () => {
    const dir = tmp();
    copyFileSync(LOG, join(dir, "application_1553914137147_0018"));
    writeFileSync(join(dir, "README.txt"), "logs of last week\n");
    symlinkSync("/nonexistent/log", join(dir, "gone"));
    mkdirSync(join(dir, "notes"));
    expect(spawnSync("mkfifo", [join(dir, "pipe")]).status).toBe(0);
    const r = run([dir, "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(`sparkmem: skipped ${join(dir, "README.txt")}: holds no Spark event\n`);
    const [only, ...rest] = apps(r.out);
    expect(rest).toEqual([]);
    expect(only?.application.id).toBe("application_1553914137147_0018");
    expect(only?.warnings).toEqual(
      expect.arrayContaining([
        `${join(dir, "gone")} skipped (a dangling link)`,
        `${join(dir, "pipe")} skipped (not a regular file)`,
      ]),
    );
  });

  it("300 small logs are read by a pool of worker threads, every one reported", { timeout: 300_000 }, () => {
    const dir = tmp();
    for (let i = 0; i < 300; i++)
      copyFileSync(LOG, join(dir, `application_1553914137147_${String(i).padStart(4, "0")}`));
    const r = run([dir, "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(apps(r.out)).toHaveLength(300);
  });
});

describe("rolling directories with strange entries", () => {
  const copy = () => {
    const dir = join(tmp(), "eventlog_v2_local-1795967173716");
    mkdirSync(dir);
    for (const f of readdirSync(ROLLING)) copyFileSync(join(ROLLING, f), join(dir, f));
    return dir;
  };

  it("a subdirectory and a dangling link named like events files are noted, not opened", () => {
    const dir = copy();
    mkdirSync(join(dir, "events_9_local-1795967173716.zstd"));
    symlinkSync("/nonexistent", join(dir, "events_10_local-1795967173716.zstd"));
    const r = run([dir, "--json"]);
    expect(r.code, r.err).toBe(0);
    const w = apps(r.out)[0]?.warnings ?? [];
    expect(w).toContain(`${dir}: events_9_local-1795967173716.zstd skipped (directory)`);
    expect(w).toContain(`${dir}: events_10_local-1795967173716.zstd skipped (a dangling link)`);
  });

  it("a file index of 99999999999 is a gap counted, not a 10^11-entry list", () => {
    const dir = copy();
    const first = readdirSync(dir).find((f) => f.startsWith("events_1_")) as string;
    copyFileSync(join(dir, first), join(dir, first.replace("events_1_", "events_99999999999_")));
    const r = run([dir, "--json"]);
    expect(r.code, r.err).toBe(0);
    const w = (apps(r.out)[0]?.warnings ?? []).join("\n");
    expect(w).toMatch(
      /Found missing event log file, expected indices: \d+ to 99999999999, .*… 99999999\d{3} in all\)/,
    );
  });
});
