import { EventLogFormatError, hexBytes } from "../errors.js";
import { prefixOf, readU32BE, startsWith } from "./byteQueue.js";
import { FramedDecoder } from "./framedDecoder.js";
import { decodeSnappyBlock, snappyLength } from "./snappyBlock.js";
import type { WasmBlocks } from "./wasmBlocks.js";

/**
 * snappy-java's SnappyOutputStream framing (org/xerial/snappy/SnappyInputStream.java), which Spark's
 * SnappyCompressionCodec writes (never the framed SnappyFramedOutputStream):
 *   header: 0x82 "SNAPPY" 0x00 | version i32 BE | compatible version i32 BE      (16 bytes)
 *   chunks: length i32 BE | one raw Snappy block of that length                  (no checksum, no trailer)
 * hasNextChunk() restarts on a header found where a chunk length is expected (a concatenated stream: its first
 * 4 bytes read as an int are MAGIC_HEADER_HEAD, a negative number, so they cannot be a length), rejects a
 * negative length and one above MAX_CHUNK_SIZE (512 MiB), and ends quietly when fewer than 4 bytes are left.
 * Each raw block is decoded by decodeSnappyBlock (snappyBlock.ts), which keeps every length in it within the
 * block and the output.
 */
const MAGIC = Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00);
const HEADER_LENGTH = 16;
const MAGIC_HEADER_HEAD = 0x82534e41;
const MINIMUM_COMPATIBLE_VERSION = 1;
const MAX_CHUNK_SIZE = 512 * 1024 * 1024;
// A Snappy element expands at most 64 / 3 times (a 3-byte copy of 64 bytes), so the declared length of a
// block can be checked against its size before its output is allocated.
const MAX_EXPANSION = 22;
// snappy-java reads a chunk into one byte[]: its uncompressed length is at most 2^31 − 1.
const MAX_UNCOMPRESSED = 2 ** 31 - 1;

export class SnappyDecoder extends FramedDecoder {
  private sawHeader = false;
  private chunk: { start: number; length: number } | null = null;

  /** `wasm`: the WebAssembly block loop (wasmBlocks.ts), tried first; null decodes in JavaScript only. */
  constructor(private readonly wasm: WasmBlocks | null = null) {
    super();
  }

  protected decodeUnit(out: Uint8Array[]): boolean {
    if (!this.sawHeader) {
      if (this.queue.length < HEADER_LENGTH) return false;
      this.readHeader();
      this.sawHeader = true;
      return true;
    }
    if (!this.chunk) {
      if (this.queue.length < 4) return false;
      const start = this.queue.offset;
      const length = readU32BE(this.queue.peek(4), 0);
      if (length === MAGIC_HEADER_HEAD) {
        this.sawHeader = false; // a concatenated stream: read its header again
        return true;
      }
      if ((length | 0) < 0) throw this.error(start, `negative chunk length ${length | 0}`);
      if (length > MAX_CHUNK_SIZE)
        throw this.error(start, `chunk length ${length} above snappy-java's 512 MiB`);
      this.queue.skip(4);
      this.chunk = { start, length };
      return true;
    }
    if (this.queue.length < this.chunk.length) return false;
    const { start, length } = this.chunk;
    this.chunk = null;
    out.push(this.decodeChunk(start, this.queue.take(length)));
    return true;
  }

  protected finish(): boolean {
    const left = this.queue.length;
    if (left > 0 && !this.sawHeader && !prefixOf(this.queue.peek(left), MAGIC)) this.readHeader();
    return left > 0 || this.chunk !== null;
  }

  private error(offset: number, problem: string): EventLogFormatError {
    return new EventLogFormatError("snappy", offset, problem, "chunk");
  }

  private readHeader(): void {
    const start = this.queue.offset;
    const h = this.queue.peek(Math.min(HEADER_LENGTH, this.queue.length));
    // snappy-java would read a stream without the header as one raw block (Snappy.compress output), which
    // needs the whole file in memory; Spark never writes that, so it is refused here
    if (!startsWith(h, MAGIC)) {
      throw this.error(start, `bad magic ${hexBytes(h)} (expected 82 53 4e 41 50 50 59 00: 0x82 "SNAPPY" 0)`);
    }
    const version = readU32BE(h, 8) | 0;
    if (version < MINIMUM_COMPATIBLE_VERSION) {
      throw this.error(start, `incompatible snappy-java stream version ${version}`);
    }
    this.queue.skip(HEADER_LENGTH);
  }

  private decodeChunk(start: number, block: Uint8Array): Uint8Array {
    const maxLength = Math.min(block.length * MAX_EXPANSION + 64, MAX_UNCOMPRESSED);
    const declared = this.wasm ? snappyLength(block, maxLength, start + 4) : null;
    if (declared !== null && typeof declared !== "string") {
      const fast = this.wasm?.decode("snappy", block, declared.start, declared.length);
      if (fast) return fast;
    }
    // no WebAssembly, or the block does not decode there: JavaScript decodes it, or names the fault
    const decoded = decodeSnappyBlock(block, maxLength, start + 4);
    if (typeof decoded === "string") throw this.error(start, decoded);
    return decoded;
  }
}
