import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { analyzeFixture, FIXTURES, replay } from "./support/fixtures.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const DATA = new URL("./data/eventlogs/", import.meta.url).pathname;

function run(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [BIN, "analyze", ...args], { encoding: "utf8", input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (args: string[], input?: Buffer, exitCode = 0) => {
  const r = run([...args, "--json"], input);
  expect(r.code, r.err).toBe(exitCode);
  return JSON.parse(r.out) as AnalyzeReport & { applications?: AnalyzeReport[] };
};

describe("sparkmem analyze", () => {
  it("reads a plain log as the line-by-line replay does", () => {
    const path = new URL("spark-events/application_1553914137147_0018", FIXTURES).pathname;
    const r = json([path]);
    const direct = analyzeFixture("application_1553914137147_0018");
    expect(r.application).toEqual(direct.application);
    expect(r.executors).toEqual(direct.executors);
    expect(r.input.files).toEqual([
      expect.objectContaining({ codec: "none", truncated: false, error: null, lines: 44 }),
    ]);
  });

  it("a gzip copy gives the same analysis as its decompressed text (Spark 4.3.0 log)", () => {
    const gz = join(DATA, "spark-4.3.0/local-1795967156929.gz");
    const direct = replay(gunzipSync(readFileSync(gz)).toString("utf8"));
    const r = json([gz]);
    expect(r.application.sparkVersion).toBe("4.3.0");
    expect(r.executors).toEqual(direct.executors);
    expect(r.stages).toEqual(direct.stages);
  });

  it("a rolling log directory, zstd-compressed by Spark 4.3.0", () => {
    const r = json([join(DATA, "spark-4.3.0/eventlog_v2_local-1795967173716")]);
    expect(r.application.sparkVersion).toBe("4.3.0");
    expect(r.application.completed).toBe(true);
    expect(r.input.files.map((f) => f.codec)).toEqual(["zstd"]);
    expect(r.stages.length).toBeGreaterThan(0);
  });

  it("a multi-frame zstd log written by Spark 4.1.0, read in place", () => {
    const path = new URL(
      "spark-events/other/mcp-apache-spark-history-server/local-1776286786993.zstd",
      FIXTURES,
    ).pathname;
    const r = json([path]);
    expect(r.application.sparkVersion).toBe("4.1.0");
    expect(r.stages.reduce((a, s) => a + s.diskBytesSpilled + s.memoryBytesSpilled, 0)).toBeGreaterThan(0);
  });

  it("stdin, and several applications at once", () => {
    const path = new URL("spark-events/application_1553914137147_0018", FIXTURES).pathname;
    const r = json(["-"], readFileSync(path));
    expect(r.application.id).toBe("application_1553914137147_0018");
    const both = json([path, new URL("spark-events/app-20161116163331-0000", FIXTURES).pathname]);
    expect(both.applications?.map((a) => a.application.id)).toEqual([
      "application_1553914137147_0018",
      "app-20161116163331-0000",
    ]);
  });

  it("a directory of logs is read in worker threads, each application as when read alone", () => {
    const dir = new URL("spark-events/", FIXTURES).pathname;
    const all = json([dir]).applications ?? [];
    // 18 files; the subdirectories are neither logs nor rolling logs
    expect(all).toHaveLength(18);
    const alone = json([join(dir, "application_1553914137147_0018")]);
    expect(all.find((a) => a.application.id === "application_1553914137147_0018")).toEqual(alone);
  });

  it("a cut log gives a partial result that says so", () => {
    const src = readFileSync(new URL("spark-events/application_1553914137147_0018", FIXTURES));
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-cut-"));
    const cut = join(dir, "application_1553914137147_0018.inprogress");
    writeFileSync(cut, src.subarray(0, Math.floor(src.length / 2)));
    const r = json([cut]);
    expect(r.input.files[0]?.truncated).toBe(true);
    expect(r.application.completed).toBe(false);
    expect(r.warnings.join("\n")).toMatch(/ends inside an event/);
    expect(r.warnings.join("\n")).toMatch(/no SparkListenerApplicationEnd/);
  });

  it("a corrupt block keeps the events before it and names the byte offset", () => {
    const src = readFileSync(join(DATA, "spark-4.3.0/local-1795967168195.lz4"));
    const bad = Buffer.from(src);
    const at = Math.floor(bad.length / 2);
    bad.writeUInt8(bad.readUInt8(at) ^ 0xff, at);
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-bad-"));
    const path = join(dir, "local-1795967168195.lz4");
    writeFileSync(path, bad);
    const r = json([path], undefined, 3); // a report, partial
    expect(r.input.files[0]?.error).toMatch(/^lz4 block at byte \d+: /);
    expect(r.input.files[0]?.lines).toBeGreaterThan(0);
    const text = run([path]);
    expect(text.code).toBe(3);
    expect(text.out.split("\n")[2]).toMatch(
      /^PARTIAL: .*local-1795967168195\.lz4 is corrupt \(lz4 block at byte \d+: .*\); only the events before it are counted$/,
    );
  });

  it("corrupt zstd data libzstd decodes without an error (Spark's frames have no checksum) is named, not a result", () => {
    // A byte of a literals section flipped: the frame still decodes, to a line that is not JSON.
    const src = readFileSync(join(DATA, "spark-4.3.0/local-1795967172357.zstd"));
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-bad-"));
    const path = join(dir, "local-1795967172357.zstd");
    const flip = (at: number) => {
      const bad = Buffer.from(src);
      bad.writeUInt8(bad.readUInt8(at) ^ 0xff, at);
      return bad;
    };
    const at = 1099; // found by trying: the frame decodes without an error, its 5th line is not JSON
    writeFileSync(path, flip(at));
    const r = json([path], undefined, 3);
    const f = r.input.files[0];
    expect(f?.error).toMatch(
      /^zstd data before byte \d+: line \d+ \(decompressed byte \d+\) is not a JSON event: the compressed data is corrupt$/,
    );
    const before = Number(/before byte (\d+)/.exec(f?.error ?? "")?.[1]);
    expect(before).toBeGreaterThan(at);
    expect(r.warnings.join("\n")).toMatch(/the events before it are kept, the rest of the file is not read/);
  });

  it("bad input is one line naming it, exit 2", () => {
    const r = run(["/nonexistent/log"]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("/nonexistent/log");
  });

  it("an empty file and a file that is not an event log are refused in one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "sparkmem-notlog-"));
    writeFileSync(join(dir, "empty"), "");
    writeFileSync(join(dir, "notes.txt"), "hello\nworld\n");
    const empty = run([join(dir, "empty")]);
    expect(empty.code).toBe(2);
    expect(empty.err.trim()).toMatch(/^sparkmem: empty: holds no Spark event.*the file is empty$/);
    const text = run([join(dir, "notes.txt")]);
    expect(text.code).toBe(2);
    expect(text.err.trim().split("\n")).toHaveLength(1);
    expect(text.err).toMatch(/notes\.txt.*holds no Spark event/);
  });

  it("the text report draws allocated against peak", () => {
    const r = run([new URL("spark-events/application_1553914137147_0018", FIXTURES).pathname]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("executor 3");
    expect(r.out).toContain(
      "Expected (sparkmem explain on the log's settings, yarn): executor heap 7.0 GiB (unified 3.6 GiB), overhead 1024.0 MiB, container 8.0 GiB",
    );
    expect(r.out).toMatch(/container {2}▇+░+ 919\.6 MiB of 8\.0 GiB \(11%\) \(process-tree RSS\)/);
  });
});

/** Maps keyed by Spark's own names (metrics, properties): their keys are not part of the schema. */
const OPEN_MAPS = [
  "peakMemoryMetrics",
  "peakMetrics",
  "peakExecutorMetrics",
  "memoryMetrics",
  "sparkProperties",
  "hadoopProperties",
  "systemProperties",
  "settings",
];
/** Produced only by logs no fixture is: a profile's settings (test/analyzeProfiles.test.ts checks them). */
const NOT_IN_FIXTURES = ["applications", "unavailable", "settings"];

describe("README's analyze --json schema is the code's", () => {
  it("every documented key is produced and every produced key is documented", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## sparkmem analyze"), readme.indexOf("## sparkmem lint"));
    const documented = new Set([...section.matchAll(/"(\w+)"/g)].map((m) => m[1] as string));
    const produced = new Set<string>();
    const walk = (o: unknown, depth: number) => {
      if (Array.isArray(o)) for (const x of o) walk(x, depth);
      else if (o && typeof o === "object" && depth < 4)
        for (const [k, v] of Object.entries(o)) {
          produced.add(k);
          if (!OPEN_MAPS.includes(k)) walk(v, depth + 1);
        }
    };
    // one log with executor metrics, one with lost executors and failed tasks
    for (const log of ["application_1553914137147_0018", "removed-in-3.0-dev/application_1538416563558_0014"])
      walk(json([new URL(`spark-events/${log}`, FIXTURES).pathname]), 0);
    expect([...produced].filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !produced.has(k) && !NOT_IN_FIXTURES.includes(k))).toEqual([]);
  });
});
