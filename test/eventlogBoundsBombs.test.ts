import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, crc32, deflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { ApplicationAccumulator } from "../src/analyze/applicationAccumulator.js";
import { feedFile } from "../src/analyze/readLog.js";
import { type Codec, createDecoder, MAX_PIECE } from "../src/eventlog/codecs/index.js";

/**
 * Decompression bombs: a small file that expands a thousandfold is decoded a unit at a time as its pieces
 * are taken, so memory stays flat however much it expands. Both bombs are built here, in milliseconds.
 */
const MiB = 1024 * 1024;

/**
 * gzip of `mib` MiB of zeros, one member: the deflate stream of 1 MiB of zeros cut by a full flush (byte
 * aligned, no reference before it) repeated, then an empty final block and the trailer. 1 GiB is 1 MB.
 */
function zerosGzip(mib: number): Uint8Array {
  const zero = Buffer.alloc(MiB);
  const segment = deflateRawSync(zero, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(zero, crc);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((mib * MiB) % 2 ** 32, 4);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  return Buffer.concat([header, ...new Array<Buffer>(mib).fill(segment), Buffer.from([3, 0]), trailer]);
}

/** A zstd frame of `blocks` run-length blocks of 128 KiB of zeros, 4 bytes each: 10,000 are 40 KB → 1.3 GB. */
function zerosZstd(blocks: number): Uint8Array {
  const out = new Uint8Array(6 + 4 * blocks);
  out.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]); // magic, no content size, window 128 KiB
  // block header: size 131072 << 3 | type 1 (RLE) << 1 | last; then the byte repeated
  for (let i = 0; i < blocks; i++) out.set([0x02 | (i === blocks - 1 ? 1 : 0), 0x00, 0x10, 0x00], 6 + 4 * i);
  return out;
}

const BOMBS: { codec: Codec; input: Uint8Array; decoded: number }[] = [
  { codec: "gzip", input: zerosGzip(1024), decoded: 1024 * MiB },
  { codec: "zstd", input: zerosZstd(10_000), decoded: 10_000 * 128 * 1024 },
];

describe("a decompression bomb is decoded in bounded pieces, with flat memory", () => {
  it("the bombs are small, and real files: the reference tools read them whole", { timeout: 60_000 }, () => {
    expect(BOMBS.map((b) => b.input.length)).toEqual([1_061_908, 40_006]);
    for (const { codec, input } of BOMBS) {
      if (spawnSync(codec, ["--version"]).status !== 0) continue; // checked where the tools are installed
      expect(spawnSync(codec, ["-t", "-q"], { input }).status, `${codec} -t`).toBe(0);
    }
  });

  for (const { codec, input, decoded } of BOMBS) {
    it(`${codec}: ${input.length} bytes → ${decoded / MiB} MiB, pieces ≤ 1 MiB, memory flat`, {
      timeout: 120_000,
    }, async () => {
      const d = await createDecoder(codec);
      const rss0 = process.memoryUsage.rss();
      let [total, largest, peak, n] = [0, 0, rss0, 0];
      // as the CLI reads a file: 1 MiB chunks, each piece taken (and dropped) before the next is decoded
      for (let i = 0; i <= input.length; i += MiB) {
        for (const p of i < input.length ? d.push(input.subarray(i, i + MiB)) : d.end()) {
          total += p.length;
          largest = Math.max(largest, p.length);
          if (++n % 64 === 0) peak = Math.max(peak, process.memoryUsage.rss());
        }
      }
      expect([total, d.truncated]).toEqual([decoded, false]);
      expect(largest).toBeLessThanOrEqual(MAX_PIECE);
      expect((peak - rss0) / MiB).toBeLessThan(150); // was the whole output at once: 1 GiB and more
    });

    it(`${codec}: analyze stops at the endless line of zeros, naming it, with memory bounded by the cap`, {
      timeout: 120_000,
    }, async () => {
      const src = {
        name: `bomb.${codec}`,
        chunks: (async function* () {
          for (let i = 0; i < input.length; i += MiB) yield input.subarray(i, i + MiB);
        })(),
        maxLineBytes: 16 * MiB,
      };
      const rss0 = process.memoryUsage.rss();
      const read = await feedFile(src, new ApplicationAccumulator());
      expect(read.error).toBe(
        "line 1 (decompressed byte 0): runs past 16 MiB without a newline (the longest line read; an event log is JSON lines)",
      );
      expect(read.lines).toBe(0);
      expect((process.memoryUsage.rss() - rss0) / MiB).toBeLessThan(150);
    });
  }
});

describe("the built CLI on the bombs, heap limited to 256 MB: one clean line, exit 2, not a crash", () => {
  const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), "sparkmem-bombs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // reports the process's peak resident memory on exit, for the assertion below
  const maxRss = join(dir, "maxrss.cjs");
  writeFileSync(
    maxRss,
    'process.on("exit", () => require("node:fs").writeSync(2, "maxrss " + process.resourceUsage().maxRSS + "\\n"));\n',
  );

  for (const { codec, input } of BOMBS) {
    it(`analyze bomb.${codec}`, { timeout: 120_000 }, () => {
      const file = join(dir, `bomb.${codec === "gzip" ? "gz" : codec}`);
      writeFileSync(file, input);
      const r = spawnSync(
        process.execPath,
        ["--max-old-space-size=256", "-r", maxRss, BIN, "analyze", file],
        { encoding: "utf8" },
      );
      const [message, rss, ...rest] = r.stderr.trim().split("\n");
      expect([r.status, r.stdout, rest]).toEqual([2, "", []]);
      expect(message).toBe(
        `sparkmem: ${file.slice(dir.length + 1)}: holds no Spark event; expected a Spark event log (JSON lines with an "Event" field); ` +
          "line 1 (decompressed byte 0): runs past 256 MiB without a newline (the longest line read; an event log is JSON lines)",
      );
      // the 256 MiB line held before it is refused, and the runtime; the whole output was 1 GiB and more
      const peakMiB = Number(rss?.replace("maxrss ", "")) / 1024;
      expect(peakMiB).toBeLessThan(512);
    });
  }

  it("diagnose bomb.zstd: refused past the 256 MiB it reads whole", { timeout: 120_000 }, () => {
    const file = join(dir, "bomb.zstd");
    writeFileSync(file, BOMBS[1]?.input as Uint8Array);
    const r = spawnSync(process.execPath, ["--max-old-space-size=256", BIN, "diagnose", file], {
      encoding: "utf8",
    });
    expect([r.status, r.stdout, r.stderr]).toEqual([
      2,
      "",
      `sparkmem: ${file}: holds more than 256 MiB of text; expected a text diagnose reads whole (at most 256 MiB: the end of a long log, tail -c 100m, has its errors); sparkmem analyze reads event logs of any size\n`,
    ]);
  });
});
