import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type Codec, createDecoder } from "../src/eventlog/codecs/index.js";
import { resolveCodec } from "../src/eventlog/detect.js";
import { EventLogFormatError } from "../src/eventlog/errors.js";
import { LineSplitter } from "../src/eventlog/lines.js";
import { type OracleVersion, selectedVersions } from "../tools/oracle/client.js";
import { onCi } from "./support/ci.js";

/**
 * The byte layer against real Spark output. test/data/eventlogs/ holds logs written by Spark 4.3.0 and 3.5.9
 * with tools/eventlog/write_logs.py (one app per codec, the same 2 jobs: 39 lines, 7 SparkListenerTaskEnd);
 * the uncompressed log of each run is stored gzipped (`gzip -9n`) as the reference.
 */
const DATA = new URL("./data/eventlogs/", import.meta.url).pathname;
const SHARED = new URL("../../shared/fixtures/spark-events/other/", import.meta.url).pathname;
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

type Decoded = { bytes: Buffer; truncated: boolean; error: unknown };

/** Feeds input in `step`-byte chunks; keeps what was decoded before an error. */
async function decode(codec: Codec, input: Uint8Array, step = Math.max(input.length, 1)): Promise<Decoded> {
  const d = await createDecoder(codec);
  const parts: Uint8Array[] = [];
  let error: unknown = null;
  try {
    // piece by piece: a bad unit throws from the iteration, after the pieces decoded before it
    for (let i = 0; i < input.length; i += step)
      for (const p of d.push(input.subarray(i, i + step))) parts.push(p);
    for (const p of d.end()) parts.push(p);
  } catch (e) {
    error = e;
  }
  return { bytes: Buffer.concat(parts), truncated: d.truncated, error };
}

function linesOf(bytes: Uint8Array): { lines: string[]; last: string | null } {
  const s = new LineSplitter();
  const lines = s.push(bytes).map((l) => l.text);
  return { lines, last: s.end()?.text ?? null };
}

const eventCounts = (lines: string[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const l of lines) {
    const e = (JSON.parse(l) as { Event: string }).Event;
    m.set(e, (m.get(e) ?? 0) + 1);
  }
  return m;
};
const taskEnds = (lines: string[]): number =>
  lines.filter((l) => l.startsWith('{"Event":"SparkListenerTaskEnd"')).length;

const REFERENCE: Record<string, { file: string; bytes: number }> = {
  "4.3.0": { file: "spark-4.3.0/local-1795967156929.gz", bytes: 249049 },
  "3.5.9": { file: "spark-3.5.9/local-1795967130939.gz", bytes: 229235 },
};
const ROLLING = "spark-4.3.0/eventlog_v2_local-1795967173716/events_1_local-1795967173716.zstd";
const FIXTURES: { file: string; codec: Codec; version: string; decoded: number }[] = [
  { file: "spark-4.3.0/local-1795967168195.lz4", codec: "lz4", version: "4.3.0", decoded: 249565 },
  { file: "spark-4.3.0/local-1795967169906.lzf", codec: "lzf", version: "4.3.0", decoded: 249139 },
  { file: "spark-4.3.0/local-1795967171085.snappy", codec: "snappy", version: "4.3.0", decoded: 248630 },
  { file: "spark-4.3.0/local-1795967172357.zstd", codec: "zstd", version: "4.3.0", decoded: 248257 },
  { file: ROLLING, codec: "zstd", version: "4.3.0", decoded: 248958 },
  { file: "spark-3.5.9/local-1795967142439.lz4", codec: "lz4", version: "3.5.9", decoded: 229284 },
  { file: "spark-3.5.9/local-1795967149497.zstd", codec: "zstd", version: "3.5.9", decoded: 228383 },
];

/** What every log of the write_logs.py run must show. */
function expectSparkLog(bytes: Uint8Array, version: string, reference: Map<string, number> | null): void {
  const { lines, last } = linesOf(bytes);
  expect(last).toBeNull();
  expect(lines).toHaveLength(39);
  const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
  expect(first).toEqual({ Event: "SparkListenerLogStart", "Spark Version": version });
  expect(taskEnds(lines)).toBe(7);
  if (reference) expect(eventCounts(lines)).toEqual(reference);
}

describe("real Spark-written logs decode to the lines of the uncompressed log", () => {
  for (const [version, ref] of Object.entries(REFERENCE)) {
    it(`Spark ${version}: the gzipped uncompressed reference (gzip and none decoders)`, async () => {
      const gz = read(DATA + ref.file);
      const plain = gunzipSync(gz);
      expect(plain.length).toBe(ref.bytes);
      expect((await decode("gzip", gz)).bytes.equals(plain)).toBe(true);
      expect((await decode("none", plain)).bytes.equals(plain)).toBe(true);
      expectSparkLog(plain, version, null);
    });
  }
  for (const f of FIXTURES) {
    it(`Spark ${f.version} ${f.codec}: ${basename(f.file)}`, async () => {
      const input = read(DATA + f.file);
      expect(resolveCodec(f.file, input.subarray(0, 16)).codec).toBe(f.codec);
      const d = await decode(f.codec, input);
      expect(d.error).toBeNull();
      expect(d.truncated).toBe(false);
      expect(d.bytes.length).toBe(f.decoded);
      const reference = eventCounts(linesOf(gunzipSync(read(DATA + REFERENCE[f.version]?.file))).lines);
      expectSparkLog(d.bytes, f.version, reference);
    });
  }
});

describe("chunking does not change the output", () => {
  for (const f of [...FIXTURES, { file: REFERENCE["4.3.0"]?.file as string, codec: "gzip" as Codec }]) {
    it(`${f.codec} ${basename(f.file)}: 1-, 7- and 65536-byte chunks`, async () => {
      const input = read(DATA + f.file);
      const whole = (await decode(f.codec, input)).bytes;
      for (const step of [1, 7, 65536])
        expect((await decode(f.codec, input, step)).bytes.equals(whole), `step ${step}`).toBe(true);
    });
  }
});

describe("concatenated streams (compressedContinuousInputStream reads on after a stream ends)", () => {
  for (const f of FIXTURES.filter((x) => x.version === "4.3.0")) {
    it(`${f.codec} ${basename(f.file)} twice`, async () => {
      const input = read(DATA + f.file);
      const twice = await decode(f.codec, Buffer.concat([input, input]), 4096);
      expect([twice.error, twice.truncated, twice.bytes.length]).toEqual([null, false, 2 * f.decoded]);
      expect(twice.bytes.subarray(f.decoded).equals((await decode(f.codec, input)).bytes)).toBe(true);
    });
  }
});

describe("a cut log decodes to a prefix, without throwing", () => {
  // pairs of (cut position, decoded bytes): at a block/chunk/frame boundary (not truncated), inside one (truncated)
  const CUTS: Record<string, { boundary: number[]; inside: number[] }> = {
    "spark-4.3.0/local-1795967168195.lz4": {
      boundary: [14389, 32768, 60311, 229376, 64524, 249565], // 64524: all data, but no end block
      inside: [1, 0, 8, 0, 21, 0, 14390, 32768, 30000, 65536, 64544, 249565],
    },
    "spark-4.3.0/local-1795967169906.lzf": {
      boundary: [29105, 65535, 58257, 196605],
      inside: [1, 0, 4, 0, 29106, 65535, 70588, 196605],
    },
    "spark-4.3.0/local-1795967171085.snappy": {
      boundary: [16, 0, 694, 920, 70316, 248551],
      inside: [3, 0, 17, 0, 700, 920, 70401, 248551],
    },
    "spark-4.3.0/local-1795967172357.zstd": {
      boundary: [430, 687],
      inside: [2, 0, 10, 0, 431, 687, 440, 687, 47374, 248178],
    },
  };
  const pairs = (a: number[] = []): [number, number][] =>
    a.flatMap((x, i) => (i % 2 ? [] : [[x, a[i + 1] as number]]));
  for (const f of FIXTURES) {
    it(`${f.codec} ${basename(f.file)}`, async () => {
      const input = read(DATA + f.file);
      const full = (await decode(f.codec, input)).bytes;
      const fullLines = linesOf(full).lines;
      const n = input.length;
      const exact = [
        ...pairs(CUTS[f.file]?.boundary).map(([cut, bytes]) => [cut, bytes, false] as const),
        ...pairs(CUTS[f.file]?.inside).map(([cut, bytes]) => [cut, bytes, true] as const),
      ];
      for (const cut of [...exact.map((c) => c[0]), Math.floor(n / 3), Math.floor(n / 2), n - 1]) {
        const d = await decode(f.codec, input.subarray(0, cut));
        expect(d.error, `cut at ${cut}`).toBeNull();
        expect(full.subarray(0, d.bytes.length).equals(d.bytes), `cut at ${cut}`).toBe(true);
        const { lines } = linesOf(d.bytes);
        expect(fullLines.slice(0, lines.length)).toEqual(lines);
        const want = exact.find((c) => c[0] === cut);
        if (want) expect([cut, d.bytes.length, d.truncated]).toEqual(want);
      }
    });
  }

  it("real .inprogress snapshots taken while Spark 4.3.0 ran are prefixes of the final log", async () => {
    // lz4: syncFlush=false, so only whole 32 KiB blocks reach the file; lzf: 4.1+ defaults to PLZFOutputStream,
    // whose flush() writes nothing, so only whole 64 KiB chunks do. Both end at a block boundary, mid-line.
    const cases = [
      { name: "local-1795967168195.lz4", codec: "lz4", bytes: 229376, complete: 32, tail: 243, tasks: 5 },
      { name: "local-1795967169906.lzf", codec: "lzf", bytes: 196605, complete: 24, tail: 2643, tasks: 3 },
    ] as const;
    for (const c of cases) {
      const d = await decode(c.codec, read(`${DATA}spark-4.3.0/inprogress/${c.name}.inprogress`));
      expect([d.bytes.length, d.truncated, d.error]).toEqual([c.bytes, false, null]);
      const final = (await decode(c.codec, read(`${DATA}spark-4.3.0/${c.name}`))).bytes;
      expect(final.subarray(0, c.bytes).equals(d.bytes)).toBe(true);
      const { lines, last } = linesOf(d.bytes);
      expect([lines.length, last?.length, taskEnds(lines)]).toEqual([c.complete, c.tail, c.tasks]);
      for (const l of lines) JSON.parse(l);
      expect(() => JSON.parse(last as string)).toThrow(SyntaxError);
    }
  });
});

describe("a corrupt block throws EventLogFormatError at its offset; what came before is kept", () => {
  const FILES: Record<string, string> = {
    lz4: "local-1795967168195.lz4",
    lzf: "local-1795967169906.lzf",
    snappy: "local-1795967171085.snappy",
    zstd: "local-1795967172357.zstd",
  };
  // codec, byte flipped, offset of the bad unit, bytes decoded before it, problem
  const CORRUPT = [
    ["lz4", 14510, 14389, 32768, "checksum mismatch (expected 0x09a449b7, got 0x0f296f91)"],
    ["lz4", 29295, 29295, 65536, 'bad magic b3 5a 34 42 6c 6f 63 6b (expected "LZ4Block")'],
    ["lzf", 29107, 29105, 65535, 'bad chunk header 5a 56 fe (expected "ZV" and type 0 or 1)'],
    ["snappy", 694, 694, 920, "negative chunk length -16763341"],
    ["zstd", 450, 436, 687, "corrupt data: libzstd cannot decode it"],
  ] as const;
  for (const [codec, flip, offset, kept, problem] of CORRUPT) {
    const file = FILES[codec] as string;
    it(`${codec}: byte ${flip} flipped`, async () => {
      const input = read(`${DATA}spark-4.3.0/${file}`);
      input[flip] = (input[flip] as number) ^ 0xff;
      const full = (await decode(codec, read(`${DATA}spark-4.3.0/${file}`))).bytes;
      for (const step of [input.length, 65536, 7]) {
        const d = await decode(codec, input, step);
        expect(d.error).toBeInstanceOf(EventLogFormatError);
        expect(d.error).toMatchObject({ codec, offset });
        const unit = codec === "lz4" || codec === "zstd" ? "block" : "chunk";
        expect((d.error as Error).message).toBe(`${codec} ${unit} at byte ${offset}: ${problem}`);
        expect(d.bytes.length).toBe(kept);
        expect(full.subarray(0, kept).equals(d.bytes)).toBe(true);
      }
    });
  }
});

describe("gzip, as users apply it", () => {
  const plain = gunzipSync(read(DATA + REFERENCE["4.3.0"]?.file));
  const m1 = gzipSync(plain.subarray(0, 100000));
  const multi = new Uint8Array(Buffer.concat([m1, gzipSync(plain.subarray(100000))]));

  it("multi-member gzip decodes to the concatenation; a cut member is truncated", async () => {
    for (const step of [multi.length, 7])
      expect((await decode("gzip", multi, step)).bytes.equals(plain)).toBe(true);
    const cut = await decode("gzip", multi.subarray(0, m1.length + 5000));
    expect([cut.error, cut.truncated]).toEqual([null, true]);
    expect(cut.bytes.length).toBeGreaterThanOrEqual(100000);
    expect(plain.subarray(0, cut.bytes.length).equals(cut.bytes)).toBe(true);
    expect(await decode("gzip", new Uint8Array(0))).toMatchObject({ truncated: false, error: null });
  });

  it("a bad deflate block in the second member is reported at that member", async () => {
    const bad = multi.slice();
    bad[m1.length + 10] = (bad[m1.length + 10] as number) | 0x06; // BTYPE 11: reserved
    const d = await decode("gzip", bad);
    expect(d.error).toMatchObject({ codec: "gzip", offset: m1.length });
    expect((d.error as Error).message).toBe(
      `gzip member at byte ${m1.length}: gzip data does not decode (invalid block type)`,
    );
    expect(d.bytes.equals(plain.subarray(0, 100000))).toBe(true);
  });
});

describe("logs from elsewhere in ../shared/fixtures", () => {
  const CASES = [
    // multi-frame zstd written by Spark 4.1.0 (146 frames, no checksum)
    ["mcp-apache-spark-history-server/local-1776286786993.zstd", 1454388, 274, "4.1.0", 52],
    // single frames recompressed by the zstd CLI (content size, XXH64)
    ["spark-rapids-tools/nds_q72_dataproc_2_2.zstd", 48279502, 27321, "3.5.3", 13504],
    ["spark-rapids-tools/multiple_attempts/attempt_1_eventlog.zstd", 715111, 275, "3.3.0-amzn-0", 107],
  ] as const;
  for (const [file, bytes, lineCount, version, tasks] of CASES) {
    it(basename(file), async () => {
      const input = read(SHARED + file);
      const decoder = await createDecoder("zstd");
      const splitter = new LineSplitter();
      let [total, count, ends, first]: [number, number, number, unknown] = [0, 0, 0, null];
      for (let i = 0; i <= input.length; i += 1 << 20) {
        const out = i < input.length ? decoder.push(input.subarray(i, i + (1 << 20))) : decoder.end();
        for (const chunk of out) {
          total += chunk.length;
          for (const l of splitter.push(chunk)) {
            const e = JSON.parse(l.text) as Record<string, unknown>;
            first ??= e;
            count++;
            if (e.Event === "SparkListenerTaskEnd") ends++;
          }
        }
      }
      const got = [total, count, splitter.end(), decoder.truncated, ends];
      expect(got).toEqual([bytes, lineCount, null, false, tasks]);
      expect(first).toEqual({ Event: "SparkListenerLogStart", "Spark Version": version });
    });
  }
});

describe("logs Spark writes now (tools/eventlog/write_logs.py)", () => {
  let versions: OracleVersion[] = [];
  try {
    versions = selectedVersions().filter((v) => v.python);
  } catch {
    versions = [];
  }
  it.runIf(onCi)("CI has a Spark to write logs with (npm run oracle:setup)", () => {
    expect(versions, "no pyspark venv installed").not.toEqual([]);
  });
  if (!onCi && versions.length === 0) it.skip("no Spark installed: run npm run oracle:setup", () => {});
  for (const v of versions) {
    it(`Spark ${v.version}: every codec, rolling, and the .inprogress snapshots`, {
      timeout: 300_000,
    }, async () => {
      const out = mkdtempSync(join(tmpdir(), "sparkmem-eventlogs-"));
      try {
        const script = new URL("../tools/eventlog/write_logs.py", import.meta.url).pathname;
        const r = spawnSync(v.python as string, [script, out], { encoding: "utf8", timeout: 290_000 });
        expect(r.status, r.stderr.slice(-2000)).toBe(0);
        const manifest = JSON.parse(r.stdout.trim().split("\n").pop() as string) as {
          sparkVersion: string;
          logs: Record<string, { files: string[] }>;
        };
        expect(manifest.sparkVersion).toBe(v.version);
        const plain = manifest.logs.none?.files.find((f) => !f.includes("inprogress")) as string;
        const reference = eventCounts(linesOf(read(join(out, plain))).lines);
        for (const [label, log] of Object.entries(manifest.logs)) {
          const finals = log.files.filter((f) => !/inprogress|appstatus/.test(f));
          expect(finals, label).toHaveLength(1);
          const final = finals[0] as string;
          const input = read(join(out, final));
          const codec = resolveCodec(final, input.subarray(0, 16)).codec;
          expect(codec).toBe(label === "rolling" ? "zstd" : label);
          const d = await decode(codec, input);
          expect([d.error, d.truncated], final).toEqual([null, false]);
          expectSparkLog(d.bytes, v.version, reference);
          for (const snapshot of log.files.filter((f) => f.includes("/inprogress/"))) {
            const s = await decode(codec, read(join(out, snapshot)));
            expect(s.error, snapshot).toBeNull();
            expect(d.bytes.subarray(0, s.bytes.length).equals(s.bytes), snapshot).toBe(true);
          }
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }
});
