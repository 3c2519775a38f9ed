import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze as analyzeSources } from "../src/analyze/index.js";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { gunzipped } from "../src/cli/gunzipFile.js";
import { buildLog } from "../tools/bench/buildLog.js";
import { type BenchCodec, encodeLog } from "../tools/bench/encoders.js";

/**
 * The built CLI reads a log in every codec: lz4, lzf, snappy and zstd by the reader (with the WebAssembly block
 * loops the page also runs), gzip by Node's zlib (src/cli/gunzipFile.ts). The report must be the one the plain
 * log gives, and a corrupt or cut file must end as the library's reader says.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const CODECS: BenchCodec[] = ["lz4", "lzf", "snappy", "zstd", "gzip"];
const dir = mkdtempSync(join(tmpdir(), "sparkmem-codecs-cli-"));
const plain = join(dir, "application_1700000000000_0001");

function analyze(path: string, exitCode = 0): AnalyzeReport {
  const r = spawnSync(process.execPath, [BIN, "analyze", "--json", path], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  expect(r.status, r.stderr).toBe(exitCode);
  return JSON.parse(r.stdout) as AnalyzeReport;
}
/** The same file through the library's reader, as the CLI reads it (1 MiB chunks), in this process. */
const inThread = (path: string) =>
  analyzeSources([{ name: basename(path), chunks: createReadStream(path, { highWaterMark: 1 << 20 }) }]);
const withoutInput = ({ input: _i, warnings: _w, ...rest }: AnalyzeReport) => rest;

let reference: AnalyzeReport;
beforeAll(async () => {
  await buildLog(plain, 40 * 1024 ** 2); // 40 MiB of a real Dataproc job's events: every codec's file ≥ 1 MiB
  for (const c of CODECS) expect(encodeLog(plain, join(dir, `app.${c}`), c)).toBe(true);
  reference = analyze(plain);
}, 120_000);

describe("every codec through the CLI", () => {
  it("gzip goes to zlib, at any size and whatever its name; the other codecs to the reader", () => {
    for (const c of CODECS) expect(gunzipped(join(dir, `app.${c}`)) !== undefined, c).toBe(c === "gzip");
    expect(gunzipped(plain)).toBeUndefined();
    const small = join(dir, "small.gz");
    writeFileSync(small, gzipSync("{}\n"));
    expect(gunzipped(small)).toBeDefined();
    // named plain but gzip inside: the content decides, as when the reader resolves the codec
    const renamed = join(dir, "application_1700000000000_0002");
    writeFileSync(renamed, readFileSync(join(dir, "app.gzip")));
    expect(gunzipped(renamed)).toBeDefined();
    // not regular files, or missing: the reader opens them and says what is wrong
    expect(gunzipped("/dev/zero")).toBeUndefined();
    expect(gunzipped(join(dir, "missing.gz"))).toBeUndefined();
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

  it("a corrupt block: the same error, byte offset and events as the reader's, exit 3", async () => {
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

  it("a cut snappy log: truncated, with the events before the cut, as the reader says", async () => {
    const cut = join(dir, "cut.snappy");
    const bytes = readFileSync(join(dir, "app.snappy"));
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = analyze(cut);
    const same = await inThread(cut);
    expect(r.input.files[0]).toMatchObject({ truncated: true, error: null });
    expect(r.input.files).toEqual(same.input.files);
    expect(r.jobs).toEqual(same.jobs);
  }, 60_000);
});
