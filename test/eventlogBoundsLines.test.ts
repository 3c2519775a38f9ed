import { describe, expect, it } from "vitest";
import xxhash from "xxhash-wasm";
import { ApplicationAccumulator } from "../src/analyze/applicationAccumulator.js";
import { feedFile, type LogSource } from "../src/analyze/readLog.js";
import { type Codec, createDecoder } from "../src/eventlog/codecs/index.js";
import { LineTooLongError } from "../src/eventlog/errors.js";
import { type LineBlock, LineBlockSplitter } from "../src/eventlog/lineBlocks.js";
import { LineSplitter } from "../src/eventlog/lines.js";
import { MAX_LINE_BYTES } from "../src/eventlog/pendingLine.js";

const { h32Raw } = await xxhash();

/**
 * Long lines: the pieces of an unfinished line are kept and joined once, when its newline comes (joining on
 * every chunk was quadratic: a 10 MB line in 1 KB lz4 blocks took 59 s, a 1 MB line in 1-byte lzf chunks did
 * not finish, a 100 MB line on stdin took over a minute). The results are asserted; the test timeout (60 s)
 * catches a regression. A line held past the cap is refused, naming its line and decompressed offset.
 */
const enc = new TextEncoder();
const MB = 1_000_000;

/** A LogStart event padded to `bytes` with varied digits (the pad checks the bytes come back in order). */
function longEvent(bytes: number, event = "SparkListenerLogStart"): Uint8Array {
  const head = enc.encode(`{"Event":"${event}","Spark Version":"3.5.0","pad":"`);
  const out = new Uint8Array(bytes);
  out.set(head);
  for (let i = head.length; i < bytes - 2; i++) out[i] = 0x30 + ((i * 7) % 10);
  out.set(enc.encode('"}'), bytes - 2);
  return out;
}
const APP_END = enc.encode('\n{"Event":"SparkListenerApplicationEnd","Timestamp":1700000000000}\n');

/** lz4-java stored blocks (method RAW) of `size` bytes: header, then the bytes, XXH32-checked. */
function lz4Raw(data: Uint8Array, size: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) {
    const block = data.subarray(i, i + size);
    const h = Buffer.alloc(21);
    h.write("LZ4Block", 0, "latin1");
    h[8] = 0x10 | 0; // raw, level 0: blocks of up to 1 KiB
    h.writeInt32LE(block.length, 9);
    h.writeInt32LE(block.length, 13);
    h.writeUInt32LE((h32Raw(block, 0x9747b28c) & 0xfffffff) >>> 0, 17);
    parts.push(h, block);
  }
  return Buffer.concat(parts);
}

/** ning LZF stored chunks of one byte each: "ZV" 0 | length 1 | the byte. */
function lzfBytewise(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length * 6);
  for (let i = 0; i < data.length; i++) out.set([0x5a, 0x56, 0, 0, 1, data[i] as number], i * 6);
  return out;
}

function source(name: string, input: Uint8Array, chunk: number, maxLineBytes?: number): LogSource {
  return {
    name,
    chunks: (async function* () {
      for (let i = 0; i < input.length; i += chunk) yield input.subarray(i, i + chunk);
    })(),
    ...(maxLineBytes ? { maxLineBytes } : {}),
  };
}

/** The line blocks of a compressed input, decoded and split as analyze does. */
async function blocksOf(codec: Codec, input: Uint8Array, chunk: number): Promise<LineBlock[]> {
  const d = await createDecoder(codec);
  const s = new LineBlockSplitter();
  const blocks: LineBlock[] = [];
  for (let i = 0; i <= input.length; i += chunk)
    for (const p of i < input.length ? d.push(input.subarray(i, i + chunk)) : d.end())
      blocks.push(...s.push(p));
  return blocks;
}

describe("a long line is joined once, whatever the pieces it comes in", () => {
  const CASES = [
    {
      what: "a 10 MB line in 1 KB lz4 blocks",
      codec: "lz4",
      line: 10 * MB,
      pack: (b: Uint8Array) => lz4Raw(b, 1024),
    },
    { what: "a 1 MB line in 1-byte lzf chunks", codec: "lzf", line: MB, pack: lzfBytewise },
  ] as const;
  for (const c of CASES) {
    it(c.what, async () => {
      const line = longEvent(c.line);
      const input = c.pack(Buffer.concat([line, APP_END]));
      const blocks = await blocksOf(c.codec, input, 65_536);
      expect(Buffer.from(blocks[0]?.bytes ?? []).equals(Buffer.concat([line, APP_END.subarray(0, 1)]))).toBe(
        true,
      );
      const acc = new ApplicationAccumulator();
      const read = await feedFile(source(`app.${c.codec}`, input, 65_536), acc);
      expect(read).toMatchObject({ codec: c.codec, lines: 2, error: null, truncated: false });
      expect(acc.finish().application.sparkVersion).toBe("3.5.0");
    });
  }

  it("a 100 MB line on stdin (uncompressed, 64 KiB chunks)", async () => {
    const line = longEvent(100 * MB, "SparkListenerBlockUpdated");
    const read = await feedFile(
      source("stdin", Buffer.concat([line, APP_END]), 65_536),
      new ApplicationAccumulator(),
    );
    expect(read).toMatchObject({ codec: "none", lines: 2, error: null, truncated: false });
  });

  it("LineSplitter: a 1 MB line one byte at a time", () => {
    const line = longEvent(MB);
    const s = new LineSplitter();
    const texts: string[] = [];
    for (let i = 0; i < line.length; i++) for (const l of s.push(line.subarray(i, i + 1))) texts.push(l.text);
    expect(texts).toEqual([]);
    expect(s.pendingBytes).toBe(MB);
    expect(s.push(enc.encode("\n{}\n")).map((l) => [l.text.length, l.lineNumber, l.offset])).toEqual([
      [MB, 1, 0],
      [2, 2, MB + 1],
    ]);
  });
});

describe("a line held past the cap is refused, naming its line and decompressed offset", () => {
  const x = (n: number) => new Uint8Array(n).fill(0x78);

  it("the cap is 256 MiB", () => expect(MAX_LINE_BYTES).toBe(256 * 1024 * 1024));

  it("LineBlockSplitter: up to the cap is a line, one byte more is an error (and stays one)", () => {
    const ok = new LineBlockSplitter(undefined, 1000);
    for (let i = 0; i < 1000; i += 100) expect(ok.push(x(100))).toEqual([]);
    expect(ok.push(enc.encode("\n")).map((b) => b.bytes.length)).toEqual([1001]);

    const s = new LineBlockSplitter(undefined, 1000);
    expect(s.push(enc.encode("{}\n")).map((b) => b.offset)).toEqual([0]);
    for (let i = 0; i < 1000; i += 100) s.push(x(100));
    const want = "the line at decompressed byte 3: runs past 1000 bytes without a newline";
    expect(() => s.push(x(1))).toThrow(LineTooLongError);
    expect(() => s.push(enc.encode("\n"))).toThrow(want);
    expect(() => s.end()).toThrow(want);
  });

  it("LineBlockSplitter: the lines a chunk completes come first, the error with the next call", () => {
    const s = new LineBlockSplitter(undefined, 1000);
    const blocks = s.push(Buffer.concat([enc.encode("{}\n{}\n"), x(1001)]));
    expect(blocks.map((b) => b.text)).toEqual(["{}\n{}\n"]);
    expect(() => s.end()).toThrow("the line at decompressed byte 6: runs past 1000 bytes");
  });

  it("LineSplitter names the line number", () => {
    const s = new LineSplitter(1000);
    expect(s.push(enc.encode("a\nb\n")).map((l) => l.text)).toEqual(["a", "b"]);
    let error: unknown = null;
    try {
      for (let i = 0; i < 20; i++) s.push(x(100));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LineTooLongError);
    expect((error as LineTooLongError).oneLine()).toBe(
      "line 3 (decompressed byte 4): runs past 1000 bytes without a newline (the longest line read; an event log is JSON lines)",
    );
  });

  for (const [codec, name, pack] of [
    ["none", "app", (b: Uint8Array) => b],
    ["lz4", "app.lz4", (b: Uint8Array) => lz4Raw(b, 1024)],
  ] as const) {
    it(`analyze (${codec}): the file's error names the line; the events before it are read`, async () => {
      const events = enc.encode(
        '{"Event":"SparkListenerLogStart","Spark Version":"3.5.0"}\n{"Event":"SparkListenerBlockUpdated"}\n',
      );
      // the cap bounds what is held across pieces (≤ 1 MiB each, far below the real cap): with this cap
      // of 4 KiB, uncompressed chunks must be smaller than the line; lz4 blocks of 1 KiB always are
      for (const chunk of codec === "none" ? [7, 4096] : [7, 4096, 1 << 20]) {
        const input = pack(Buffer.concat([events, x(5000), enc.encode("\n")]));
        const read = await feedFile(source(name, input, chunk, 4096), new ApplicationAccumulator());
        expect(read, `chunk ${chunk}`).toMatchObject({
          codec,
          lines: 2,
          error: `line 3 (decompressed byte ${events.length}): runs past 4096 bytes without a newline (the longest line read; an event log is JSON lines)`,
        });
      }
    });
  }
});
