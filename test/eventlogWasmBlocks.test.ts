import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createDecoder } from "../src/eventlog/codecs/index.js";
import { decodeLz4Block } from "../src/eventlog/codecs/lz4Block.js";
import { lzfDecode } from "../src/eventlog/codecs/lzf.js";
import { decodeSnappyBlock, snappyLength } from "../src/eventlog/codecs/snappyBlock.js";
import { loadWasmBlocks, type WasmBlocks } from "../src/eventlog/codecs/wasmBlocks.js";
import { assemble, MODULE } from "../tools/wasm/assemble.js";

/**
 * The LZF, Snappy and LZ4 block loops in WebAssembly (src/eventlog/codecs/blocks.wat) are a fast path for the
 * JavaScript decoders: on every input, valid or not, they must give the same bytes when JavaScript decodes the
 * block and nothing when it does not. Checked here on generated blocks that mix valid and invalid elements
 * (the edges: overlapping copies, 1–4-byte lengths, offsets of 0, past the output or above 2^31, lengths that
 * would wrap a 32-bit sum); the reference test checks them on 48 MiB written by Spark's own codec classes.
 */
let wasm: WasmBlocks;
beforeAll(async () => {
  const loaded = await loadWasmBlocks();
  if (!loaded) throw new Error("WebAssembly did not load");
  wasm = loaded;
});

const RUNS = { numRuns: 3000 };
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
/** Mostly small values, sometimes any: lengths and offsets near the edges are what the checks are about. */
const small = (max: number) => fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max }) }, fc.nat(255));
/** A high byte: mostly 0 (a near offset, one that can be valid), sometimes any, often all ones. */
const high = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, fc.constant(255), fc.nat(255));

/** `outLength`s to try for a block that would decode to `natural` bytes: that, one less, one more. */
const lengths = (natural: number) => [natural, Math.max(0, natural - 1), natural + 1];

function same(fast: Uint8Array | null, js: Uint8Array | string, label: string): void {
  if (typeof js === "string") expect(fast, `${label}: JavaScript says ${js}`).toBeNull();
  else expect(fast === null ? null : Buffer.from(fast).equals(Buffer.from(js)), label).toBe(true);
}

describe("the WebAssembly block loops", () => {
  it("blocksWasm.ts is blocks.wat assembled (npm run wasm)", async () => {
    expect(readFileSync(MODULE, "utf8")).toBe(await assemble());
  });

  it("the decoders of lz4, lzf and snappy files use them", async () => {
    for (const codec of ["lz4", "lzf", "snappy"] as const)
      expect(await createDecoder(codec), codec).toHaveProperty("wasm", wasm);
  });

  it("LZF: the JavaScript decoder's answer on any chunk", () => {
    // an element: a literal run (control < 32 and its bytes) or a back-reference (length code 1–7, + a byte
    // when 7, distance in 13 bits); bytes of the run may be missing at the end
    const element = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 31 }), bytes(32)).map(([c, b]) => [c, ...b.subarray(0, c + 1)]),
      fc
        .tuple(fc.integer({ min: 1, max: 7 }), small(20), high, small(40))
        .map(([len, ext, far, lo]) => [(len << 5) | (far & 31), ...(len === 7 ? [ext] : []), lo]),
    );
    const chunk = fc.oneof(
      fc.array(element, { maxLength: 40 }).map((es) => Uint8Array.from(es.flat())),
      fc.uint8Array({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(chunk, fc.nat(400), (src, guess) => {
        const natural = naturalLength((n) => lzfDecode(src, new Uint8Array(n)));
        for (const n of [...lengths(natural), guess]) {
          const out = new Uint8Array(n);
          const problem = lzfDecode(src, out);
          same(
            wasm.decode("lzf", src, 0, n),
            problem ?? out,
            `lzf ${Buffer.from(src).toString("hex")} → ${n}`,
          );
        }
      }),
      RUNS,
    );
  });

  it("Snappy: the JavaScript decoder's answer on any block", () => {
    const element = fc.oneof(
      // literal, length in the tag (1–60)
      fc.tuple(fc.integer({ min: 0, max: 59 }), bytes(60)).map(([l, b]) => [l << 2, ...b.subarray(0, l + 1)]),
      // literal, length − 1 in 1–4 bytes LE (any value, so also lengths past the block or 2^32)
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.oneof(small(70), fc.constant(255)), high, bytes(70))
        .map(([n, v, hi, b]) => [
          (59 + n) << 2,
          ...[v, hi, hi, hi].slice(0, n),
          ...b.subarray(0, n === 1 ? v + 1 : 70),
        ]),
      // copy with a 1-byte offset: length 4–11, offset 11 bits
      fc
        .tuple(fc.integer({ min: 0, max: 7 }), high, small(60))
        .map(([l, hi, lo]) => [1 | (l << 2) | ((hi & 7) << 5), lo]),
      // copy with a 2- or 4-byte offset: length 1–64
      fc
        .tuple(fc.boolean(), fc.integer({ min: 0, max: 63 }), small(120), high)
        .map(([four, l, lo, hi]) => [four ? 3 | (l << 2) : 2 | (l << 2), lo, 0, ...(four ? [hi, hi] : [])]),
    );
    const block = fc.oneof(
      fc.array(element, { maxLength: 30 }).map((es) => es.flat()),
      fc.array(fc.nat(255), { maxLength: 200 }),
    );
    fc.assert(
      fc.property(block, fc.nat(600), (elements, guess) => {
        const natural = naturalLength((n) => {
          const d = decodeSnappyBlock(withLength(n, Uint8Array.from(elements)), 1 << 20, 0);
          return typeof d === "string" ? d : null;
        });
        for (const n of [...lengths(natural), guess]) {
          const src = withLength(n, Uint8Array.from(elements));
          const declared = snappyLength(src, 1 << 20, 0);
          if (typeof declared === "string") throw new Error(declared);
          same(
            wasm.decode("snappy", src, declared.start, declared.length),
            decodeSnappyBlock(src, 1 << 20, 0),
            `snappy ${Buffer.from(src).toString("hex")}`,
          );
        }
      }),
      RUNS,
    );
  });

  it("LZ4: the JavaScript decoder's answer on any block", () => {
    // a sequence: token, literal length bytes (255 = more), literals, offset u16 LE, match length bytes
    const extra = fc.oneof(
      fc.constant([] as number[]),
      fc.array(fc.constantFrom(255, 0, 7, 200), { maxLength: 3 }),
    );
    const sequence = fc
      .tuple(
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        extra,
        bytes(40),
        small(90),
        extra,
      )
      .map(([lit, match, litMore, b, offset, matchMore]) => [
        (lit << 4) | match,
        ...(lit === 15 ? [...litMore, 3] : []),
        ...b.subarray(0, lit === 15 ? 18 : lit),
        offset & 0xff,
        offset >> 8,
        ...(match === 15 ? [...matchMore, 2] : []),
      ]);
    const last = fc
      .tuple(fc.integer({ min: 0, max: 14 }), bytes(14))
      .map(([l, b]) => [l << 4, ...b.subarray(0, l)]);
    const block = fc.oneof(
      fc
        .tuple(fc.array(sequence, { maxLength: 12 }), last)
        .map(([s, l]) => Uint8Array.from([...s.flat(), ...l])),
      fc.uint8Array({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(block, fc.nat(600), (src, guess) => {
        const natural = naturalLength((n) => {
          const d = decodeLz4Block(src, n, 0);
          return typeof d === "string" ? d : null;
        });
        for (const n of [...lengths(natural), guess])
          same(
            wasm.decode("lz4", src, 0, n),
            decodeLz4Block(src, n, 0),
            `lz4 ${Buffer.from(src).toString("hex")} → ${n}`,
          );
      }),
      RUNS,
    );
  });

  it("the edges, each on both sides", () => {
    const lit = (text: string) => [...Buffer.from(text)];
    // LZF: an overlapping back-reference of 20 bytes, 1 back (a run); one reaching exactly to the start, and one
    // byte further
    const lzf: number[][] = [
      [0, 0x61, 0xe0, 11, 0],
      [3, ...lit("abcd"), 0x20, 3],
      [3, ...lit("abcd"), 0x20, 4],
    ];
    for (const src of lzf.map((b) => Uint8Array.from(b))) {
      const n = naturalLength((k) => lzfDecode(src, new Uint8Array(k))) || 8;
      const out = new Uint8Array(n);
      same(
        wasm.decode("lzf", src, 0, n),
        lzfDecode(src, out) ?? out,
        `lzf ${Buffer.from(src).toString("hex")}`,
      );
    }
    // Snappy: a literal whose 4-byte length − 1 is 2^32 − 1 (length 2^32 wraps to 0 in 32 bits); an overlapping
    // copy of 20 bytes, 1 back; offsets of exactly the bytes decoded and one more, and one above 2^31
    const snappy: [number, number[]][] = [
      [4, [63 << 2, 0xff, 0xff, 0xff, 0xff, 3 << 2, ...lit("abcd")]],
      [21, [0, 0x61, 2 | (19 << 2), 1, 0]],
      [8, [3 << 2, ...lit("abcd"), 1, 4]],
      [8, [3 << 2, ...lit("abcd"), 1, 5]],
      [8, [3 << 2, ...lit("abcd"), 3, 4, 0, 0, 0x80]],
    ];
    for (const [n, elements] of snappy) {
      const src = withLength(n, Uint8Array.from(elements));
      const declared = snappyLength(src, 1 << 20, 0);
      if (typeof declared === "string") throw new Error(declared);
      const js = decodeSnappyBlock(src, 1 << 20, 0);
      same(wasm.decode("snappy", src, declared.start, declared.length), js, `snappy ${elements}`);
    }
    // LZ4: 270 literals (length 15 + 255 + 0), a match of 4 + 15 + 255 + 1 bytes 1 back, offsets of exactly
    // the bytes decoded and one more, a literal length whose 255-bytes run past the block
    const lz4: [number, number[]][] = [
      [270, [0xf0, 255, 0, ...new Array(270).fill(0x61)]],
      [277, [0x1f, 0x61, 1, 0, 255, 1, 0x10, 0x62]],
      [9, [0x40, ...lit("abcd"), 4, 0, 0x10, 0x62]],
      [9, [0x40, ...lit("abcd"), 5, 0, 0x10, 0x62]],
      [20, [0xf0, 255, 255]],
    ];
    for (const [n, b] of lz4) {
      const src = Uint8Array.from(b);
      same(wasm.decode("lz4", src, 0, n), decodeLz4Block(src, n, 0), `lz4 ${b.slice(0, 8)}`);
    }
    // the edges are real: the valid ones decode
    expect(decodeLz4Block(Uint8Array.from(lz4[1]?.[1] ?? []), 277, 0)).toBeInstanceOf(Uint8Array);
    expect(
      decodeSnappyBlock(withLength(21, Uint8Array.from(snappy[1]?.[1] ?? [])), 1 << 20, 0),
    ).toBeInstanceOf(Uint8Array);
  });

  it("a block too large for its memory is left to JavaScript (null), and the memory does not grow for it", async () => {
    const literal = Uint8Array.from([0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]); // a literal length past the block
    expect(wasm.decode("lz4", literal, 0, 17 * 1024 * 1024)).toBeNull();
    // a stored-size LZF chunk of 64 KiB decodes; the same block asked for 16 MiB of output is not tried
    const run = Uint8Array.from([31, ...new Uint8Array(32).fill(0x61), 0xe0, 0xff, 0x00]);
    const n = naturalLength((k) => lzfDecode(run, new Uint8Array(k)));
    expect(Buffer.from(wasm.decode("lzf", run, 0, n) ?? []).toString()).toBe("a".repeat(n));
    expect(wasm.decode("lzf", run, 0, 16 * 1024 * 1024)).toBeNull();
  });
});

/**
 * The length a block decodes to when it decodes without a fault (then JavaScript, asked for 64 KiB, says how
 * many bytes it made), else 0.
 */
function naturalLength(decode: (n: number) => string | null): number {
  const problem = decode(65536);
  if (problem === null) return 65536;
  const m = /decodes to (\d+) bytes/.exec(problem);
  return m ? Number(m[1]) : 0;
}

/** A Snappy block: the uncompressed length as a varint, then the elements. */
function withLength(n: number, elements: Uint8Array): Uint8Array {
  const varint: number[] = [];
  let v = n;
  while (v >= 0x80) {
    varint.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  varint.push(v);
  return Uint8Array.from([...varint, ...elements]);
}
