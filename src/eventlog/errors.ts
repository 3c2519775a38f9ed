import { SparkmemError } from "../conf/errors.js";
import type { Codec } from "./codecs/types.js";

/**
 * Bytes that cannot be an event log: a bad magic, checksum or length, or a raw decoder that fails. `offset`
 * is the byte offset in the compressed input where the bad unit (block, chunk, frame, gzip member) starts,
 * so a reader can say how much of the file was good; whatever was decoded before it stays valid.
 */
export class EventLogFormatError extends SparkmemError {
  readonly codec: Codec;
  readonly offset: number;

  /** `before`: the bad unit is not known, only that it lies before `offset` (the input read so far). */
  constructor(codec: Codec, offset: number, problem: string, unit = "block", before = false) {
    // "lz4 block at byte 123456: checksum mismatch (expected 0x..., got 0x...)"
    super(`${codec} ${unit} ${before ? "before" : "at"} byte ${offset}`, problem);
    this.name = "EventLogFormatError";
    this.codec = codec;
    this.offset = offset;
  }
}

export const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

/** The first bytes of a unit, for messages: `4c 5a 34 42`. */
export const hexBytes = (b: Uint8Array, max = 8): string =>
  Array.from(b.subarray(0, max), (x) => x.toString(16).padStart(2, "0")).join(" ");

/**
 * A line that runs past the longest one read (MAX_LINE_BYTES) without a newline: the bytes are not JSON lines
 * (a binary file, a decompression bomb of zeros) or a log lost its newlines. `offset` is where the line starts
 * in the decompressed stream; `lineNumber` is null when the splitter does not count lines (the reader knows).
 */
export class LineTooLongError extends SparkmemError {
  readonly offset: number;
  readonly maxBytes: number;

  constructor(offset: number, maxBytes: number, lineNumber: number | null = null) {
    const where = `decompressed byte ${offset}`;
    super(
      lineNumber === null ? `the line at ${where}` : `line ${lineNumber} (${where})`,
      `runs past ${sizeText(maxBytes)} without a newline (the longest line read; an event log is JSON lines)`,
    );
    this.name = "LineTooLongError";
    this.offset = offset;
    this.maxBytes = maxBytes;
  }
}

const sizeText = (n: number): string => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`);
