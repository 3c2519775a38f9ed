import type { ZSTDDecoder } from "zstddec/stream";
import { EventLogFormatError, hex, hexBytes } from "../errors.js";
import { prefixOf, readU32LE } from "./byteQueue.js";
import { FramedDecoder } from "./framedDecoder.js";
import { type Unit, ZstdFrameStream, ZstdRefused } from "./zstdFrameStream.js";

/**
 * Zstandard frames (RFC 8878), as zstd-jni writes them for Spark's ZStdCompressionCodec. Since Spark 3.0
 * (SPARK-29322) the event-log writer closes a frame on every flush, so a file is many concatenated frames,
 * and the last frame of an .inprogress file may be unterminated. libzstd (zstdFrameStream.ts) decodes the
 * blocks; the frame and block headers are walked here so that the queue holds one block at most (≤ 128 KiB),
 * one block is decoded per step (a 4-byte run-length block is 128 KiB of output: a 40 KB file can be 1 GB),
 * a frame whose window is above MAX_WINDOW is refused before any memory is given to it, a bad block is named
 * by its offset, and a file cut inside a frame is reported as truncated with every whole block kept.
 *   frame: magic 28 b5 2f fd | descriptor | [window] | [dictionary id] | [content size] | blocks | [checksum]
 *   block: 3-byte LE header (bit 0 last, bits 1-2 type, bits 3-23 size) | content
 * Skippable frames (magic 0x184D2A5?, u32 LE size) are skipped. The content checksum (XXH64, written by the
 * zstd CLI, not by Spark) is verified by libzstd.
 */
const FRAME_MAGIC = 0xfd2fb528;
const FRAME_MAGIC_BYTES = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_BLOCK_SIZE = 128 * 1024; // Block_Maximum_Size (RFC 8878 3.1.1.2.3)
const RESERVED_BLOCK_TYPE = 3;
const RLE_BLOCK_TYPE = 1;
/**
 * The largest window decoded: 128 MiB, libzstd's and the zstd CLI's default limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT
 * 27; larger needs `zstd -d --memory=`). zstd-jni writes level 1 frames with windows of 512 KiB–8 MiB; a
 * Databricks writer uses 128 MiB.
 */
export const MAX_WINDOW = 128 * 1024 * 1024;
const MiB = 1024 * 1024;

type State =
  | { kind: "frame-start" }
  | { kind: "skip"; left: number }
  | { kind: "block"; frameStart: number; checksum: boolean }
  | { kind: "checksum"; frameStart: number };

export class ZstdDecoder extends FramedDecoder {
  private state: State = { kind: "frame-start" };
  private frame: ZstdFrameStream | null = null; // libzstd, for the frame being read
  private out: Uint8Array[] = [];

  /** `zstd` is libzstd's module, loaded (loadZstd()). */
  constructor(private readonly zstd: ZSTDDecoder) {
    super();
  }

  /** One step: a frame header, a skipped span, a block (≤ 128 KiB of output, from as little as 4 bytes) or a checksum. */
  protected decodeUnit(out: Uint8Array[]): boolean {
    this.out = out;
    const s = this.state;
    if (s.kind === "frame-start") return this.readFrameHeader();
    if (s.kind === "skip") {
      const n = Math.min(s.left, this.queue.length);
      this.queue.skip(n);
      s.left -= n;
      if (s.left === 0) this.state = { kind: "frame-start" };
      return n > 0 || s.left === 0;
    }
    if (s.kind === "checksum") {
      if (this.queue.length < 4) return false;
      this.feed({ offset: this.queue.offset, bytes: this.queue.take(4), name: "frame checksum" });
      this.endFrame(s.frameStart);
      return true;
    }
    if (this.queue.length < 3) return false;
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
    if (this.queue.length < length) return false;
    this.feed({ bytes: this.queue.take(length), offset: start, name: "block" });
    if (last) {
      if (s.checksum) this.state = { kind: "checksum", frameStart: s.frameStart };
      else this.endFrame(s.frameStart);
    }
    return true;
  }

  protected finish(out: Uint8Array[]): boolean {
    const cut = this.state.kind !== "frame-start" || this.queue.length > 0;
    if (this.frame) {
      this.out = out;
      try {
        this.frame.end(out); // frees libzstd's context; a frame cut short is "incomplete", as expected here
      } catch {}
    }
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
    const header = this.queue.peek(length);
    const window = singleSegment
      ? contentSize(header, 5 + dictionaryBytes, contentSizeBytes)
      : windowSize(header[5] as number);
    if (window > MAX_WINDOW) {
      throw this.error(
        start,
        `window of ${Math.ceil(window / MiB)} MiB above the ${MAX_WINDOW / MiB} MiB decoded (zstd's default limit); ` +
          `decompress it with zstd -d --memory=${Math.ceil(window / MiB)}MB and analyze the plain file`,
        "frame",
      );
    }
    this.frame = new ZstdFrameStream(this.zstd);
    this.state = { kind: "block", frameStart: start, checksum: (descriptor & 0x04) !== 0 };
    this.feed({ bytes: this.queue.take(length), offset: start, name: "frame" });
    return true;
  }

  /** Hands one whole unit (header, block, checksum) to libzstd, which decodes it now. */
  private feed(unit: Unit): void {
    try {
      this.frame?.feed(unit, this.out);
    } catch (e) {
      throw this.refused(e, unit);
    }
  }

  private endFrame(frameStart: number): void {
    try {
      this.frame?.end(this.out);
    } catch (e) {
      throw this.refused(e, { bytes: new Uint8Array(0), offset: frameStart, name: "frame" });
    }
    this.frame = null;
    this.state = { kind: "frame-start" };
  }

  /** libzstd's refusal, named by the unit it was decoding (else `fallback`, the unit being fed). */
  private refused(e: unknown, fallback: Unit): unknown {
    if (!(e instanceof ZstdRefused)) return e;
    const unit = e.unit ?? fallback;
    return this.error(unit.offset, e.message, unit.name);
  }
}

/** Window_Size from the Window_Descriptor (RFC 8878 3.1.1.1.2): 2^(10+exponent) plus mantissa eighths. */
function windowSize(descriptor: number): number {
  const base = 2 ** (10 + (descriptor >> 3));
  return base + (base / 8) * (descriptor & 7);
}

/** Frame_Content_Size, the window of a single-segment frame (2-byte sizes are stored minus 256). */
function contentSize(header: Uint8Array, at: number, bytes: number): number {
  let size = 0;
  for (let i = bytes - 1; i >= 0; i--) size = size * 256 + (header[at + i] as number);
  return bytes === 2 ? size + 256 : size;
}
