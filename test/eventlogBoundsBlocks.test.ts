import { describe, expect, it } from "vitest";
import { type Codec, createDecoder } from "../src/eventlog/codecs/index.js";
import { EventLogFormatError } from "../src/eventlog/errors.js";

/**
 * Crafted raw blocks whose lengths run outside the block or the output. The raw decoders we used before
 * (snappyjs, lz4js) trusted them: a 34-byte snappy file looped for minutes in snappyjs (a literal length read
 * as negative moved its position back by ~2^31). Our block decoders check every length as they decode and
 * refuse such a block at once, naming the byte.
 */
const b = (...parts: (number | string | number[])[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) =>
      typeof p === "number" ? [p] : typeof p === "string" ? [...Buffer.from(p, "latin1")] : p,
    ),
  );
const u32be = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
const u16be = (n: number) => [n >> 8, n & 255];

/** snappy-java stream: header, then one chunk holding `block`. The chunk starts at byte 16, its block at 20. */
const snappy = (block: Uint8Array) =>
  b([0x82], "SNAPPY", 0, u32be(1), u32be(1), u32be(block.length), [...block]);
/** lz4-java stream: one LZ4 (method 0x20) block of up to 1 KiB (level 0); its data starts at byte 21. */
const lz4 = (data: Uint8Array, originalLen: number, compressedLen = data.length) =>
  b("LZ4Block", 0x20, u32le(compressedLen), u32le(originalLen), u32le(0), [...data]);
/** ning LZF: one compressed chunk. */
const lzf = (data: Uint8Array, originalLen: number) =>
  b("ZV", 1, u16be(data.length), u16be(originalLen), [...data]);

async function decode(codec: Codec, input: Uint8Array): Promise<{ out: string; error: unknown }> {
  const d = await createDecoder(codec);
  const parts: Uint8Array[] = [];
  try {
    for (const p of d.push(input)) parts.push(p);
    for (const p of d.end()) parts.push(p);
  } catch (e) {
    return { out: Buffer.concat(parts).toString("latin1"), error: e };
  }
  return { out: Buffer.concat(parts).toString("latin1"), error: null };
}

async function expectRefused(codec: Codec, input: Uint8Array, message: string) {
  const { error } = await decode(codec, input);
  expect(error).toBeInstanceOf(EventLogFormatError);
  expect((error as Error).message).toBe(message);
}

describe("snappy: each raw block's lengths are checked as it is decoded", () => {
  it("the 34-byte file whose literal length snappyjs read as negative: refused at once", async () => {
    // varint 10 | literal tag 0xfc (length in the next 4 bytes) | 0x80000000 (+1) | 8 bytes
    const input = snappy(b(10, 0xfc, [0, 0, 0, 0x80], "abcdefgh"));
    expect(input.length).toBe(34);
    await expectRefused(
      "snappy",
      input,
      "snappy chunk at byte 16: literal of 2147483649 bytes at byte 21 runs past the end of the block (8 left)",
    );
  });

  it("a well-formed block still decodes (literal, then an overlapping copy)", async () => {
    expect(await decode("snappy", snappy(b(7, 0x08, "abc", 0x01, 3)))).toEqual({
      out: "abcabca",
      error: null,
    });
  });

  const CASES: [string, Uint8Array, string][] = [
    ["a varint that does not end", b(0x80, 0x80), "uncompressed length at byte 20 is not a varint"],
    [
      "a declared length above what the block can expand to",
      b(0xff, 0xff, 0xff, 0xff, 0x0f, 0x00),
      "uncompressed length 4294967295 at byte 20 above the 196 bytes the block can hold",
    ],
    ["a literal length cut", b(10, 0xf4, 1), "literal length at byte 21 cut by the end of the block"],
    ["a copy cut", b(10, 0x00, "a", 0x02, 1), "copy at byte 23 cut by the end of the block"],
    [
      "a copy before the start of the output",
      b(5, 0x00, "a", 0x01, 2),
      "copy offset 2 at byte 23 with 1 bytes decoded (expected 1 to 1)",
    ],
    [
      "a copy-4 offset with the top bit set",
      b(5, 0x00, "a", 0x0f, [0, 0, 0, 0x80]),
      "copy offset 2147483648 at byte 23 with 1 bytes decoded (expected 1 to 1)",
    ],
    [
      "an element past the declared length",
      b(2, 0x08, "abc"),
      "the element at byte 21 decodes past the 2 bytes the block declares",
    ],
    [
      "a block that decodes short (snappyjs left zeros)",
      b(10, 0x08, "abc"),
      "Snappy data decodes to 3 bytes, the block declares 10",
    ],
  ];
  for (const [what, block, problem] of CASES) {
    it(what, () => expectRefused("snappy", snappy(block), `snappy chunk at byte 16: ${problem}`));
  }
});

describe("lz4: each LZ4 block's lengths are checked as it is decoded; its compressed length is bounded", () => {
  const CASES: [string, Uint8Array, string][] = [
    [
      "a literal length that runs off the block",
      lz4(b(0xf0, 0xff, 0xff, 0xff), 1000),
      "literal length at byte 21 runs past the end of the block",
    ],
    [
      "a literal length of 255 per byte (lz4js copied 255,020 bytes from nowhere)",
      lz4(b(0xf0, new Array(1000).fill(0xff), 0x05), 1024),
      "255020 literal bytes at byte 21 run past the end of the block (0 left)",
    ],
    [
      "a match offset of 0",
      lz4(b(0x10, "a", 0, 0, 0x10, "b"), 10),
      "match offset 0 at byte 23 with 1 bytes decoded (expected 1 to 1)",
    ],
    [
      "a match before the start of the output",
      lz4(b(0x10, "a", 2, 0, 0x10, "b"), 10),
      "match offset 2 at byte 23 with 1 bytes decoded (expected 1 to 1)",
    ],
    [
      "a match past the decompressed length",
      lz4(b(0x1f, "a", 1, 0, 0xff, 0x10, 0x10, "b"), 100),
      "the sequence at byte 21 decodes past the 100 bytes the header says",
    ],
    ["a block that decodes short", lz4(b(0x30, "abc"), 10), "LZ4 data decodes to 3 bytes, header says 10"],
  ];
  for (const [what, input, problem] of CASES) {
    it(what, () => expectRefused("lz4", input, `lz4 block at byte 0: ${problem}`));
  }

  it("a compressed length above LZ4's bound for the block is refused from the header, without waiting for it", async () => {
    const d = await createDecoder("lz4");
    const header = lz4(new Uint8Array(0), 1000, 2000); // LZ4_compressBound(1000) = 1019
    expect(() => [...d.push(header)]).toThrow(
      "lz4 block at byte 0: bad lengths (compressed 2000, decompressed 1000, block size 1024)",
    );
  });
});

describe("lzf: the raw decoder's own bound checks", () => {
  const CASES: [string, Uint8Array, string][] = [
    [
      "a literal run past the chunk",
      lzf(b(0x05, "a"), 6),
      "literal run of 6 bytes past the end of the chunk",
    ],
    [
      "a literal run past the output",
      lzf(b(0x02, "abc"), 2),
      "LZF data longer than the 2 bytes the header says",
    ],
    ["a back reference cut", lzf(b(0x00, "a", 0x20), 4), "back reference cut at the end of the chunk"],
    [
      "a back reference before the output",
      lzf(b(0x00, "a", 0x20, 0x05), 4),
      "back reference 6 bytes back, only 1 bytes decoded",
    ],
    [
      "a back reference past the output",
      lzf(b(0x00, "a", 0xe0, 0xff, 0x00), 10),
      "LZF data longer than the 10 bytes the header says",
    ],
    ["a chunk that decodes short", lzf(b(0x00, "a"), 5), "LZF data decodes to 1 bytes, header says 5"],
  ];
  for (const [what, input, problem] of CASES) {
    it(what, () => expectRefused("lzf", input, `lzf chunk at byte 0: ${problem}`));
  }

  it("a well-formed chunk still decodes (a literal, then an overlapping back reference)", async () => {
    expect(await decode("lzf", lzf(b(0x01, "ab", 0x40, 0x01), 6))).toEqual({ out: "ababab", error: null });
  });
});
