import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze as analyzeSources } from "../src/analyze/index.js";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { sourcesOf } from "../src/cli/eventLogFiles.js";
import { buildLog } from "../tools/bench/buildLog.js";
import { type BenchCodec, encodeLog } from "../tools/bench/encoders.js";

/**
 * The CLI decompresses an lz4, lzf or snappy log of 1 MiB or more on a worker thread while the main thread
 * parses (src/cli/decodeFile.ts), and a gzip log with Node's zlib (src/cli/gunzipFile.ts). The built CLI is run, since the worker is a file of dist/: the report must be
 * the one the plain log gives, and a corrupt or cut file must end as it does when decoded on one thread.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const CODECS: BenchCodec[] = ["lz4", "lzf", "snappy", "zstd", "gzip"];
const dir = mkdtempSync(join(tmpdir(), "sparkmem-decode-worker-"));
const plain = join(dir, "application_1700000000000_0001");

function analyze(path: string, exitCode = 0): AnalyzeReport {
  const r = spawnSync(process.execPath, [BIN, "analyze", "--json", path], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  expect(r.status, r.stderr).toBe(exitCode);
  return JSON.parse(r.stdout) as AnalyzeReport;
}
/** The same file decoded on this thread (no worker). */
const inThread = (path: string) => analyzeSources(sourcesOf({ label: path, files: [path], warnings: [] }));
const withoutInput = ({ input: _i, warnings: _w, ...rest }: AnalyzeReport) => rest;

let reference: AnalyzeReport;
beforeAll(async () => {
  await buildLog(plain, 40 * 1024 ** 2); // 40 MiB of a real Dataproc job's events: every codec's file ≥ 1 MiB
  for (const c of CODECS) expect(encodeLog(plain, join(dir, `app.${c}`), c)).toBe(true);
  reference = analyze(plain);
}, 120_000);

describe("decoding on a worker thread", () => {
  it("is chosen for lz4, lzf and snappy files of 1 MiB or more; gzip goes to zlib at any size; by content as the reader decides", async () => {
    // the built modules: run from src/, Node cannot start the TypeScript worker and decodes on one thread
    const { decodedElsewhere, decodeFile } = (await import(
      new URL("../dist/cli/decodeFile.js", import.meta.url).href
    )) as typeof import("../src/cli/decodeFile.js");
    const { gunzipDecoded } = (await import(
      new URL("../dist/cli/gunzipFile.js", import.meta.url).href
    )) as typeof import("../src/cli/gunzipFile.js");
    // a generator object's prototype is its function's: which decoder would run, without starting it
    const how = (path: string, offload = true) => {
      const d = decodedElsewhere(path, offload);
      if (d === undefined) return "reader";
      const proto = Object.getPrototypeOf(d);
      return proto === decodeFile.prototype ? "worker" : proto === gunzipDecoded.prototype ? "zlib" : "?";
    };
    const expected = { lz4: "worker", lzf: "worker", snappy: "worker", zstd: "reader", gzip: "zlib" };
    for (const c of CODECS) expect(how(join(dir, `app.${c}`)), c).toBe(expected[c]);
    for (const c of CODECS)
      expect(how(join(dir, `app.${c}`), false), c).toBe(c === "gzip" ? "zlib" : "reader");
    expect(how(plain)).toBe("reader");
    const small = join(dir, "small.lz4");
    writeFileSync(small, readFileSync(join(dir, "app.lz4")).subarray(0, 1024 * 1024 - 1));
    expect(how(small)).toBe("reader");
    const smallGzip = join(dir, "small.gz");
    writeFileSync(smallGzip, gzipSync("{}\n"));
    expect(how(smallGzip)).toBe("zlib");
    // named plain but lz4 or gzip inside: the content decides, as when the reader resolves the codec
    const renamed = join(dir, "application_1700000000000_0002");
    writeFileSync(renamed, readFileSync(join(dir, "app.lz4")));
    expect(how(renamed)).toBe("worker");
    writeFileSync(renamed, readFileSync(join(dir, "app.gzip")));
    expect(how(renamed)).toBe("zlib");
    // not regular files, or missing: the reader opens them and says what is wrong
    expect(how("/dev/zero")).toBe("reader");
    expect(how(join(dir, "missing.gz"))).toBe("reader");
  });

  it.each(CODECS)("%s: the report equals the plain log's", (codec) => {
    const r = analyze(join(dir, `app.${codec}`));
    expect(withoutInput(r)).toEqual(withoutInput(reference));
    expect(r.input.files).toEqual([
      expect.objectContaining({
        codec,
        lines: reference.input.files[0]?.lines,
        compressedBytes: statSync(join(dir, `app.${codec}`)).size,
        truncated: false,
        error: null,
      }),
    ]);
  });

  it("a corrupt block: the same error, byte offset and events as decoding on one thread, exit 3", async () => {
    const bytes = Buffer.from(readFileSync(join(dir, "app.lz4")));
    bytes[3_000_000] = (bytes[3_000_000] as number) ^ 0xff;
    const bad = join(dir, "bad.lz4");
    writeFileSync(bad, bytes);
    const r = analyze(bad, 3);
    const same = await inThread(bad);
    expect(r.input.files[0]?.error).toMatch(/^lz4 block at byte \d+: /);
    expect(r.input.files).toEqual(same.input.files);
    expect(r.stages).toEqual(same.stages);
  }, 60_000);

  it("a cut snappy log: truncated, with the events before the cut, as on one thread", async () => {
    const cut = join(dir, "cut.snappy");
    const bytes = readFileSync(join(dir, "app.snappy"));
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = analyze(cut);
    const same = await inThread(cut);
    expect(r.input.files[0]).toMatchObject({ truncated: true, error: null });
    expect(r.input.files).toEqual(same.input.files);
    expect(r.jobs).toEqual(same.jobs);
  }, 60_000);

  it("the worker decodes at most 8 pieces ahead of the reader: a reader that pauses holds a few MiB, not the file", () => {
    // 400 MB of events in a 2.1 MB gzip; the reader takes one piece, waits while the worker could decode
    // everything, then reads the rest. Without the worker's credits the pieces would pile up in this thread.
    const head = readFileSync(plain, "utf8").split("\n").slice(0, 40).join("\n");
    const noise = `{"Event":"org.example.Noise","pad":"${"x".repeat(4000)}"}\n`.repeat(100_000);
    const gz = join(dir, "noisy.gz");
    writeFileSync(gz, gzipSync(`${head}\n${noise}`, { level: 1 }));
    const reader = `
      const { decodeFile } = await import(${JSON.stringify(new URL("../dist/cli/decodeFile.js", import.meta.url).href)});
      const { readFileSync } = await import("node:fs");
      const hwm = () => Number(/^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
      let bytes = 0, paused = 0;
      for await (const m of decodeFile(${JSON.stringify(gz)})) {
        if (m.kind !== "piece") continue;
        if (bytes === 0) { await new Promise((r) => setTimeout(r, 3000)); paused = hwm(); }
        bytes += m.bytes.length;
      }
      console.log(JSON.stringify({ bytes, paused }));`;
    writeFileSync(join(dir, "reader.mjs"), reader);
    const r = spawnSync(process.execPath, [join(dir, "reader.mjs")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const { bytes, paused } = JSON.parse(r.stdout) as { bytes: number; paused: number };
    expect(bytes).toBe(Buffer.byteLength(`${head}\n${noise}`));
    expect(paused).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);
});
