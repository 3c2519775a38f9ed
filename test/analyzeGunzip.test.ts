import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../src/analyze/index.js";
import type { AnalyzeReport } from "../src/analyze/report.js";
import { gunzipDecoded } from "../src/cli/gunzipFile.js";
import { buildLog } from "../tools/bench/buildLog.js";

/**
 * The CLI inflates gzip logs with Node's zlib (src/cli/gunzipFile.ts); the reader's GzipDecoder (fflate)
 * stays the judge of faults. Whatever the file, the report must be the one the reader gives: zlib's stricter
 * or laxer answers (a CRC32 it refuses, zero bytes after the last member it ignores) must not show.
 */
const dir = mkdtempSync(join(tmpdir(), "sparkmem-gunzip-"));
const plain = join(dir, "application_1700000000000_0001");
let text: Buffer;

/** Through zlib, as the CLI reads a gzip file. */
const viaZlib = (path: string) =>
  analyze([{ name: "app.gz", chunks: (async function* () {})(), decoded: gunzipDecoded(path, null) }]);
/** Through the reader's own decoder, as the page and stdin read it. */
const viaReader = (path: string) => analyze([{ name: "app.gz", chunks: createReadStream(path) }]);
const body = ({ input: _i, warnings: _w, ...rest }: AnalyzeReport) => rest;

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

beforeAll(async () => {
  await buildLog(plain, 6 * 1024 ** 2); // a real Dataproc job's events, 6 MiB: several zlib pieces
  text = readFileSync(plain);
}, 60_000);

describe("gzip through zlib", () => {
  it("a whole file and one of several members: the plain log's report", async () => {
    const reference = await analyze([{ name: "plain", chunks: createReadStream(plain) }]);
    const cut = text.indexOf("\n", text.length >> 1) + 1;
    const members = Buffer.concat([
      gzipSync(text.subarray(0, cut)),
      gzipSync(text.subarray(cut), { level: 1 }),
    ]);
    for (const bytes of [gzipSync(text), members]) {
      const path = write("app.gz", bytes);
      const r = await viaZlib(path);
      expect(body(r)).toEqual(body(reference));
      expect(r.input.files[0]).toMatchObject({ codec: "gzip", compressedBytes: bytes.length, error: null });
      expect(r.input.files[0]?.lines).toBe(reference.input.files[0]?.lines);
    }
  });

  const gz = () => gzipSync(text);
  const faults: [string, () => Buffer][] = [
    // zlib refuses the CRC32, fflate does not check it: the reader's answer (the whole log) is kept
    [
      "a wrong CRC32",
      () => {
        const b = gz();
        b[b.length - 6] = (b[b.length - 6] as number) ^ 1;
        return b;
      },
    ],
    // zlib ignores trailing zero bytes, the reader refuses them
    ["zero bytes after the last member", () => Buffer.concat([gz(), Buffer.alloc(10)])],
    ["text after the last member", () => Buffer.concat([gz(), Buffer.from("not gzip")])],
    ["a file cut in the middle", () => gz().subarray(0, Math.floor(gz().length * 0.6))],
    [
      "a corrupt deflate block in the middle",
      () => {
        const b = gz();
        for (let i = 0; i < 64; i++) b[(b.length >> 1) + i] = 0xff;
        return b;
      },
    ],
  ];
  it.each(faults)("%s: what the reader reports, with the same events", async (_name, make) => {
    const path = write("fault.gz", make());
    const [z, r] = [await viaZlib(path), await viaReader(path)];
    expect(z.input.files).toEqual(r.input.files);
    expect(body(z)).toEqual(body(r));
  });

  it("the faults are real: each one differs from the whole log", async () => {
    const whole = await viaReader(write("whole.gz", gz()));
    const outcomes = await Promise.all(faults.map(([, make], i) => viaReader(write(`f${i}.gz`, make()))));
    const summary = outcomes.map((o) => ({
      error: o.input.files[0]?.error ?? null,
      truncated: o.input.files[0]?.truncated,
    }));
    expect(summary[0]).toEqual({ error: null, truncated: false }); // the reader accepts a wrong CRC32
    expect(body(outcomes[0] as AnalyzeReport)).toEqual(body(whole));
    expect(summary[1]?.error).toMatch(/^gzip member at byte \d+: /);
    expect(summary[2]?.error).toMatch(/^gzip member at byte \d+: /);
    expect(summary[3]).toEqual({ error: null, truncated: true });
    expect(summary[4]?.error).toMatch(/^gzip member at byte 0: /);
  });

  it("a bomb is inflated a piece at a time: a reader that pauses holds a few MiB, not the gigabyte", () => {
    // 1 GiB of one repeated event line: 16 members of 64 MiB in ~1 MiB; the reader takes one piece, waits, then
    // reads the rest
    const line = Buffer.from(`{"Event":"org.example.Noise","pad":"${"x".repeat(1000)}"}\n`);
    const memberBytes = 64 * 1024 ** 2 - ((64 * 1024 ** 2) % line.length);
    const member = gzipSync(Buffer.alloc(memberBytes, line), { level: 9 });
    const bomb = write("bomb.gz", Buffer.concat(Array.from({ length: 16 }, () => member)));
    const reader = `
      const { gunzipDecoded } = await import(${JSON.stringify(new URL("../dist/cli/gunzipFile.js", import.meta.url).href)});
      const { readFileSync } = await import("node:fs");
      const hwm = () => Number(/^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
      let bytes = 0, paused = 0;
      for await (const m of gunzipDecoded(${JSON.stringify(bomb)}, null)) {
        if (m.kind !== "piece") continue;
        if (bytes === 0) { await new Promise((r) => setTimeout(r, 2000)); paused = hwm(); }
        bytes += m.bytes.length;
      }
      console.log(JSON.stringify({ bytes, paused, end: hwm() }));`;
    writeFileSync(join(dir, "reader.mjs"), reader);
    const r = spawnSync(process.execPath, [join(dir, "reader.mjs")], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const { bytes, paused, end } = JSON.parse(r.stdout) as { bytes: number; paused: number; end: number };
    expect(bytes).toBe(16 * memberBytes);
    expect(paused).toBeLessThan(100 * 1024 * 1024);
    expect(end).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});
