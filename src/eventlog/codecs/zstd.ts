import { Decompress } from "fzstd";
import { EventLogFormatError, hex, hexBytes } from "../errors.js";
import { prefixOf, readU32LE } from "./byteQueue.js";
import { FramedDecoder } from "./framedDecoder.js";

/**
 * Zstandard frames (RFC 8878), as zstd-jni writes them for Spark's ZStdCompressionCodec. Since Spark 3.0
 * (SPARK-29322) the event-log writer closes a frame on every flush, so a file is many concatenated frames,
 * and the last frame of an .inprogress file may be unterminated. fzstd decodes the blocks; the frame and
 * block headers are walked here so that the queue holds one block at most (≤ 128 KiB), a bad block can be
 * named by its offset, and a file cut inside a frame is reported as truncated with every whole block kept.
 *   frame: magic 28 b5 2f fd | descriptor | [window] | [dictionary id] | [content size] | blocks | [checksum]
 *   block: 3-byte LE header (bit 0 last, bits 1-2 type, bits 3-23 size) | content
 * Skippable frames (magic 0x184D2A5?, u32 LE size) are skipped. The content checksum (XXH64, written by the
 * zstd CLI, not by Spark) is not verified.
 */
const FRAME_MAGIC = 0xfd2fb528;
const FRAME_MAGIC_BYTES = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_BLOCK_SIZE = 128 * 1024; // Block_Maximum_Size (RFC 8878 3.1.1.2.3)
const RESERVED_BLOCK_TYPE = 3;
const RLE_BLOCK_TYPE = 1;

type State =
  | { kind: "frame-start" }
  | { kind: "skip"; left: number }
  | { kind: "block"; frameStart: number; checksum: boolean }
  | { kind: "checksum"; frameStart: number };

export class ZstdDecoder extends FramedDecoder {
  private state: State = { kind: "frame-start" };
  private frame: Decompress | null = null; // fzstd, for the frame being read
  private out: Uint8Array[] = [];

  protected decodeAvailable(out: Uint8Array[]): void {
    this.out = out;
    for (;;) {
      const s = this.state;
      if (s.kind === "frame-start") {
        if (!this.readFrameHeader()) return;
      } else if (s.kind === "skip") {
        const n = Math.min(s.left, this.queue.length);
        this.queue.skip(n);
        s.left -= n;
        if (s.left > 0) return;
        this.state = { kind: "frame-start" };
      } else if (s.kind === "block") {
        if (this.queue.length < 3) return;
        const start = this.queue.offset;
        const h = this.queue.peek(3);
        const header = (h[0] as number) | ((h[1] as number) << 8) | ((h[2] as number) << 16);
        const last = (header & 1) === 1;
        const type = (header >> 1) & 3;
        const size = header >>> 3;
        if (type === RESERVED_BLOCK_TYPE)
          throw this.error(start, `reserved block type (header ${hexBytes(h, 3)})`);
        if (size > MAX_BLOCK_SIZE) throw this.error(start, `block size ${size} above ${MAX_BLOCK_SIZE}`);
        const length = 3 + (type === RLE_BLOCK_TYPE ? 1 : size);
        if (this.queue.length < length) return;
        this.feed(start, this.queue.take(length));
        if (last) {
          if (s.checksum) this.state = { kind: "checksum", frameStart: s.frameStart };
          else this.endFrame(s.frameStart);
        }
      } else {
        if (this.queue.length < 4) return;
        this.feed(this.queue.offset, this.queue.take(4));
        this.endFrame(s.frameStart);
      }
    }
  }

  protected finish(): boolean {
    const cut = this.state.kind !== "frame-start" || this.queue.length > 0;
    if (this.state.kind === "frame-start" && this.queue.length > 0) {
      const head = this.queue.peek(this.queue.length);
      if (!prefixOf(head, FRAME_MAGIC_BYTES)) {
        throw this.error(this.queue.offset, `bad magic ${hexBytes(head)} (expected 28 b5 2f fd)`, "frame");
      }
    }
    this.frame = null;
    return cut;
  }

  private error(offset: number, problem: string, unit = "block"): EventLogFormatError {
    return new EventLogFormatError("zstd", offset, problem, unit);
  }

  /** Parses a frame header once it is all here; false when more bytes are needed. */
  private readFrameHeader(): boolean {
    if (this.queue.length < 4) return false;
    const start = this.queue.offset;
    const magic = readU32LE(this.queue.peek(4), 0);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (this.queue.length < 8) return false;
      const size = readU32LE(this.queue.take(8), 4);
      this.state = { kind: "skip", left: size };
      return true;
    }
    if (magic !== FRAME_MAGIC) {
      throw this.error(start, `bad magic ${hex(magic)} (expected 0xfd2fb528)`, "frame");
    }
    if (this.queue.length < 5) return false;
    const descriptor = this.queue.peek(5)[4] as number;
    const contentSizeFlag = descriptor >> 6;
    const singleSegment = (descriptor >> 5) & 1;
    if (descriptor & 0x08)
      throw this.error(start, "reserved bit set in the frame header descriptor", "frame");
    const dictionaryBytes = [0, 1, 2, 4][descriptor & 3] as number;
    const contentSizeBytes = [singleSegment, 2, 4, 8][contentSizeFlag] as number;
    const length = 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
    if (this.queue.length < length) return false;
    this.frame = new Decompress((chunk) => {
      if (chunk.length > 0) this.out.push(chunk);
    });
    this.state = { kind: "block", frameStart: start, checksum: (descriptor & 0x04) !== 0 };
    this.feed(start, this.queue.take(length), "frame");
    return true;
  }

  /** Hands one whole unit to fzstd, which decodes it now (it holds back only a header under 18 bytes). */
  private feed(start: number, bytes: Uint8Array, unit = "block", final = false): void {
    try {
      this.frame?.push(bytes, final);
    } catch (e) {
      throw this.error(start, `zstd data does not decode (${(e as Error).message})`, unit);
    }
  }

  private endFrame(frameStart: number): void {
    this.feed(frameStart, new Uint8Array(0), "frame", true);
    this.frame = null;
    this.state = { kind: "frame-start" };
  }
}
