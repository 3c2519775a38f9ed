import { EventLogFormatError, hexBytes } from "../errors.js";
import { copyLiteral, copyMatch } from "./blockCopy.js";
import { readU16BE } from "./byteQueue.js";
import { FramedDecoder } from "./framedDecoder.js";
import type { WasmBlocks } from "./wasmBlocks.js";

/**
 * ning compress-lzf chunks (com/ning/compress/lzf/LZFChunk.java, ChunkDecoder.java), which Spark's
 * LZFCompressionCodec writes with LZFOutputStream(finishBlockOnFlush=true) (or PLZFOutputStream, same chunks):
 *   'Z' 'V' 0 | length u16 BE | the bytes themselves                          (stored, 5-byte header)
 *   'Z' 'V' 1 | compressed length u16 BE | original length u16 BE | LZF data  (7-byte header)
 * No stream header, no checksum, no trailer; a chunk holds at most 65535 bytes.
 */
const Z = 0x5a;
const V = 0x56;
const STORED = 0;
const COMPRESSED = 1;

interface Chunk {
  start: number;
  type: number;
  length: number;
  originalLength: number;
}

export class LzfDecoder extends FramedDecoder {
  private chunk: Chunk | null = null;

  /** `wasm`: the WebAssembly block loop (wasmBlocks.ts), tried first; null decodes in JavaScript only. */
  constructor(private readonly wasm: WasmBlocks | null = null) {
    super();
  }

  protected decodeUnit(out: Uint8Array[]): boolean {
    if (!this.chunk) {
      if (this.queue.length < 3) return false;
      const start = this.queue.offset;
      const h = this.queue.peek(3);
      if (h[0] !== Z || h[1] !== V || (h[2] !== STORED && h[2] !== COMPRESSED)) {
        throw this.error(start, `bad chunk header ${hexBytes(h)} (expected "ZV" and type 0 or 1)`);
      }
      const headerLength = h[2] === STORED ? 5 : 7;
      if (this.queue.length < headerLength) return false;
      const full = this.queue.take(headerLength);
      const length = readU16BE(full, 3);
      const originalLength = h[2] === STORED ? length : readU16BE(full, 5);
      this.chunk = { start, type: h[2] as number, length, originalLength };
      return true;
    }
    if (this.queue.length < this.chunk.length) return false;
    const c = this.chunk;
    this.chunk = null;
    const data = this.queue.take(c.length);
    out.push(c.type === STORED ? data : this.decompress(c, data));
    return true;
  }

  protected finish(): boolean {
    const left = this.queue.length;
    if (left > 0 && !this.chunk) {
      const h = this.queue.peek(left);
      const ok =
        h[0] === Z && (left < 2 || h[1] === V) && (left < 3 || h[2] === STORED || h[2] === COMPRESSED);
      if (!ok)
        throw this.error(
          this.queue.offset,
          `bad chunk header ${hexBytes(h)} (expected "ZV" and type 0 or 1)`,
        );
    }
    return left > 0 || this.chunk !== null;
  }

  private error(offset: number, problem: string): EventLogFormatError {
    return new EventLogFormatError("lzf", offset, problem, "chunk");
  }

  private decompress(c: Chunk, src: Uint8Array): Uint8Array {
    const fast = this.wasm?.decode("lzf", src, 0, c.originalLength);
    if (fast) return fast;
    // no WebAssembly, or the chunk does not decode there: JavaScript decodes it, or names the fault
    const out = new Uint8Array(c.originalLength);
    const problem = lzfDecode(src, out);
    if (problem) throw this.error(c.start, problem);
    return out;
  }
}

/**
 * Raw LZF (liblzf lzf_d.c; ning's ChunkDecoder implements the same). Written here rather than taken from npm:
 * the only package, lzfjs, has a few thousand downloads a month and no bound checks, and the format is 30
 * lines. Each control byte is a literal run (< 32: copy ctrl + 1 bytes) or a back reference (length
 * ctrl >> 5, + next byte when 7, plus 2; distance ((ctrl & 31) << 8) + next byte + 1).
 * Fills out exactly; returns a problem text, or null when the data decoded to out.length bytes.
 */
export function lzfDecode(src: Uint8Array, out: Uint8Array): string | null {
  let ip = 0;
  let op = 0;
  while (ip < src.length) {
    const ctrl = src[ip++] as number;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (ip + run > src.length) return `literal run of ${run} bytes past the end of the chunk`;
      if (op + run > out.length) return `LZF data longer than the ${out.length} bytes the header says`;
      copyLiteral(out, op, src, ip, run);
      ip += run;
      op += run;
      continue;
    }
    let len = ctrl >> 5;
    if (len === 7) {
      if (ip >= src.length) return "back reference cut at the end of the chunk";
      len += src[ip++] as number;
    }
    if (ip >= src.length) return "back reference cut at the end of the chunk";
    const ref = op - ((ctrl & 0x1f) << 8) - 1 - (src[ip++] as number);
    len += 2;
    if (ref < 0) return `back reference ${op - ref} bytes back, only ${op} bytes decoded`;
    if (op + len > out.length) return `LZF data longer than the ${out.length} bytes the header says`;
    copyMatch(out, op, op - ref, len);
    op += len;
  }
  return op === out.length ? null : `LZF data decodes to ${op} bytes, header says ${out.length}`;
}
