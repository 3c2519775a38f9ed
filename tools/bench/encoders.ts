import { spawnSync } from "node:child_process";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { constants, gzipSync } from "node:zlib";
import { compressBound, compressBlock as lz4Block } from "lz4js";
import { compress as snappyBlock } from "snappyjs";
import xxhash from "xxhash-wasm";

const { h32Raw } = await xxhash();

/**
 * Writes a plain log in each codec as Spark's JVM libraries frame it, for bench:eventlog: lz4-java's
 * LZ4Block (32 KiB blocks, Spark's default spark.io.compression.lz4.blockSize), snappy-java's stream
 * (32 KiB chunks), ning compress-lzf chunks (64 KiB), zstd by the zstd CLI at level 1 (zstd-jni's default in
 * Spark), and gzip. The raw blocks come from lz4js and snappyjs (Spark's own encoders are Java); LZF's is a
 * small greedy one here. The point is the decoders' speed on real compressed data, not the ratios.
 */
export type BenchCodec = "lz4" | "snappy" | "lzf" | "zstd" | "gzip";

/** Streams `from` through `encodeChunk` in pieces of `piece` bytes into `to`. */
function encodeFile(
  from: string,
  to: string,
  piece: number,
  encode: (b: Uint8Array) => Uint8Array[],
  head?: Uint8Array,
) {
  const input = openSync(from, "r");
  const output = openSync(to, "w");
  try {
    if (head) writeSync(output, head);
    const buf = Buffer.alloc(piece);
    for (;;) {
      const n = readSync(input, buf, 0, piece, null);
      if (n === 0) break;
      for (const part of encode(buf.subarray(0, n))) writeSync(output, part);
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

const LZ4_MAGIC = Buffer.from("LZ4Block");

function lz4Frame(block: Uint8Array): Uint8Array[] {
  const dst = new Uint8Array(compressBound(block.length));
  const n = lz4Block(block, dst, 0, block.length, new Uint32Array(1 << 16));
  const header = Buffer.alloc(21);
  LZ4_MAGIC.copy(header, 0);
  // LZ4 (0x20) or, when the block does not shrink, raw (0x10); level log2(32 KiB) − 10
  header[8] = (n > 0 ? 0x20 : 0x10) | 5;
  header.writeInt32LE(n > 0 ? n : block.length, 9);
  header.writeInt32LE(block.length, 13);
  header.writeInt32LE(h32Raw(block, 0x9747b28c) & 0xfffffff, 17);
  return [header, n > 0 ? dst.subarray(0, n) : block.slice()];
}

function snappyChunk(block: Uint8Array): Uint8Array[] {
  const raw = snappyBlock(block);
  const length = Buffer.alloc(4);
  length.writeInt32BE(raw.length, 0);
  return [length, raw];
}

/** LZF (liblzf's format): literal runs of ≤ 32, back-references of 3–264 bytes within 8 KiB, greedy. */
function lzfCompress(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length + Math.ceil(src.length / 32) + 8);
  const table = new Int32Array(1 << 14).fill(-1);
  let o = 0;
  let lit = 0;
  let litStart = o++;
  let i = 0;
  const flush = () => {
    if (lit === 0) return;
    out[litStart] = lit - 1;
    litStart = o++;
    lit = 0;
  };
  while (i < src.length) {
    let len = 0;
    let ref = -1;
    if (i + 2 < src.length) {
      const h =
        (((src[i] as number) << 16) | ((src[i + 1] as number) << 8) | (src[i + 2] as number)) * 2654435761;
      const slot = (h >>> 18) & 0x3fff;
      ref = table[slot] as number;
      table[slot] = i;
      if (ref >= 0 && i - ref <= 8192) {
        const max = Math.min(264, src.length - i);
        while (len < max && src[ref + len] === src[i + len]) len++;
      }
    }
    if (len >= 3) {
      flush();
      o = litStart; // the reserved literal byte is the reference's first byte
      const off = i - ref - 1;
      const l = len - 2;
      if (l < 7) out[o++] = (l << 5) | (off >> 8);
      else {
        out[o++] = (7 << 5) | (off >> 8);
        out[o++] = l - 7;
      }
      out[o++] = off & 0xff;
      litStart = o++;
      i += len;
    } else {
      out[o++] = src[i++] as number;
      if (++lit === 32) flush();
    }
  }
  if (lit > 0) out[litStart] = lit - 1;
  else o--; // the last reserved control byte holds no literals
  return out.subarray(0, o);
}

function lzfChunk(block: Uint8Array): Uint8Array[] {
  const data = lzfCompress(block);
  const header = Buffer.alloc(7);
  header.write("ZV", 0, "latin1");
  header[2] = 1;
  header.writeUInt16BE(data.length, 3);
  header.writeUInt16BE(block.length, 5);
  return [header, data];
}

/** The log at `plain` written as `codec` to `to`; false when a tool it needs (the zstd CLI) is missing. */
export function encodeLog(plain: string, to: string, codec: BenchCodec): boolean {
  switch (codec) {
    case "lz4":
      encodeFile(plain, to, 32 * 1024, lz4Frame);
      return true;
    case "snappy": {
      const head = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
      encodeFile(plain, to, 32 * 1024, snappyChunk, head);
      return true;
    }
    case "lzf":
      encodeFile(plain, to, 65535, lzfChunk);
      return true;
    case "gzip":
      // one member per 8 MiB, as a streaming gzip would flush; level 6, gzip's default
      encodeFile(plain, to, 8 << 20, (b) => [gzipSync(b, { level: constants.Z_DEFAULT_COMPRESSION })]);
      return true;
    case "zstd":
      return spawnSync("sh", ["-c", `zstd -q -1 -c < '${plain}' > '${to}'`]).status === 0;
  }
}
