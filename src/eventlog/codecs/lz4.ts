import { EventLogFormatError, hex, hexBytes } from "../errors.js";
import { ascii, prefixOf, readU32LE, startsWith } from "./byteQueue.js";
import { FramedDecoder } from "./framedDecoder.js";
import { decodeLz4Block, maxCompressedLength } from "./lz4Block.js";
import type { WasmBlocks } from "./wasmBlocks.js";

/**
 * lz4-java's LZ4BlockOutputStream framing (net/jpountz/lz4/LZ4BlockInputStream.java), which Spark's
 * LZ4CompressionCodec writes; it is not the LZ4 frame format. Each block:
 *   "LZ4Block" | token = method | (level − 10) | compressedLen i32 LE | originalLen i32 LE | checksum i32 LE
 * then compressedLen bytes: the data itself (method 0x10, raw) or one raw LZ4 block (0x20). The checksum is
 * XXH32(original bytes, seed 0x9747b28c) & 0xFFFFFFF (StreamingXXHash32.asChecksum()). A stream ends with an
 * empty raw block (lengths 0, checksum 0); Spark reads with stopOnEmptyBlock=false, so another stream may
 * follow. Spark writes with syncFlush=false: a flush does not cut a block, so an .inprogress log lags by up to
 * one block (spark.io.compression.lz4.blockSize, 32 KiB). A block decodes to 32 MiB at most (level 15), and
 * its compressed length is held to LZ4's bound for its original length, so no header makes the queue wait
 * for more than one real block.
 */
const MAGIC = ascii("LZ4Block");
const HEADER_LENGTH = 21;
const METHOD_RAW = 0x10;
const METHOD_LZ4 = 0x20;
const COMPRESSION_LEVEL_BASE = 10;
const DEFAULT_SEED = 0x9747b28c;

interface Header {
  start: number;
  method: number;
  compressedLen: number;
  originalLen: number;
  check: number;
}

/** XXH32 of a block with a seed (xxhash-wasm's h32Raw). */
export type Xxh32 = (data: Uint8Array, seed: number) => number;

export class Lz4Decoder extends FramedDecoder {
  private header: Header | null = null;

  /**
   * `xxh32`: the checksum lz4-java writes on every block (WebAssembly: a pure-JS XXH32 took 12% of analyze);
   * `wasm`: the WebAssembly block loop (wasmBlocks.ts), tried first; null decodes in JavaScript only.
   */
  constructor(
    private readonly xxh32: Xxh32,
    private readonly wasm: WasmBlocks | null = null,
  ) {
    super();
  }

  protected decodeUnit(out: Uint8Array[]): boolean {
    if (!this.header) {
      if (this.queue.length < HEADER_LENGTH) return false;
      this.header = this.readHeader(); // null for the empty end-of-stream block
      return true;
    }
    if (this.queue.length < this.header.compressedLen) return false;
    const h = this.header;
    this.header = null;
    out.push(this.decodeBlock(h));
    return true;
  }

  protected finish(): boolean {
    const left = this.queue.length;
    // a cut inside the 21-byte header still shows a prefix of the magic; anything else is not lz4-java
    if (left > 0 && !this.header && !prefixOf(this.queue.peek(left), MAGIC)) {
      throw this.error(
        this.queue.offset,
        `bad magic ${hexBytes(this.queue.peek(left))} (expected "LZ4Block")`,
      );
    }
    return left > 0 || this.header !== null;
  }

  private error(offset: number, problem: string): EventLogFormatError {
    return new EventLogFormatError("lz4", offset, problem);
  }

  /** The checks of LZ4BlockInputStream.refill(), in its order; null for the empty end block. */
  private readHeader(): Header | null {
    const start = this.queue.offset;
    const h = this.queue.take(HEADER_LENGTH);
    if (!startsWith(h, MAGIC)) throw this.error(start, `bad magic ${hexBytes(h)} (expected "LZ4Block")`);
    const token = h[8] as number;
    const method = token & 0xf0;
    const maxLen = 1 << (COMPRESSION_LEVEL_BASE + (token & 0x0f));
    if (method !== METHOD_RAW && method !== METHOD_LZ4) {
      throw this.error(
        start,
        `unknown compression method 0x${method.toString(16)} (token 0x${token.toString(16)})`,
      );
    }
    const compressedLen = readU32LE(h, 9) | 0;
    const originalLen = readU32LE(h, 13) | 0;
    const check = readU32LE(h, 17);
    if (
      originalLen > maxLen ||
      originalLen < 0 ||
      compressedLen < 0 ||
      compressedLen > maxCompressedLength(originalLen) ||
      (originalLen === 0) !== (compressedLen === 0) ||
      (method === METHOD_RAW && originalLen !== compressedLen)
    ) {
      throw this.error(
        start,
        `bad lengths (compressed ${compressedLen}, decompressed ${originalLen}, block size ${maxLen})`,
      );
    }
    if (originalLen === 0) {
      if (check !== 0) throw this.error(start, `end block with checksum ${hex(check)} (expected 0)`);
      return null;
    }
    return { start, method, compressedLen, originalLen, check };
  }

  private decodeBlock(h: Header): Uint8Array {
    const payload = this.queue.take(h.compressedLen);
    let data = payload;
    if (h.method === METHOD_LZ4) {
      // the JavaScript decoder when there is no WebAssembly or the block does not decode there: it names the fault
      const decoded =
        this.wasm?.decode("lz4", payload, 0, h.originalLen) ??
        decodeLz4Block(payload, h.originalLen, h.start + HEADER_LENGTH);
      if (typeof decoded === "string") throw this.error(h.start, decoded);
      data = decoded;
    }
    const actual = (this.xxh32(data, DEFAULT_SEED) & 0xfffffff) >>> 0;
    if (actual !== h.check) {
      throw this.error(h.start, `checksum mismatch (expected ${hex(h.check)}, got ${hex(actual)})`);
    }
    return data;
  }
}
