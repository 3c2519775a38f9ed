import { LineTooLongError } from "./errors.js";
import { MAX_LINE_BYTES, PendingLine } from "./pendingLine.js";

/**
 * Splits decompressed event-log bytes into blocks of whole lines, each read once as a byte string (one
 * character per byte) instead of one UTF-8 decode per line. Event logs are ASCII but for names and
 * messages, so the hot readers (event names, task ends) work on the byte string, where positions are byte
 * offsets, and decode a line as UTF-8 only when they need its text.
 */
export interface LineBlock {
  /** Whole lines, each but possibly the last ending in `\n`. */
  bytes: Uint8Array;
  /** `bytes` one character per byte (latin1): ASCII reads as itself, other bytes as other characters. */
  text: string;
  /** Offset in the decompressed stream of the block's first byte. */
  offset: number;
}

/** Bytes → one character per byte. Node's Buffer.latin1Slice is several times faster than TextDecoder. */
export type ByteStringDecoder = (bytes: Uint8Array) => string;

/** The WHATWG "latin1" label is windows-1252: still exactly one character per byte. */
export function textDecoderByteString(): ByteStringDecoder {
  const d = new TextDecoder("latin1");
  return (bytes) => d.decode(bytes);
}

const NEWLINE = 0x0a;

export class LineBlockSplitter {
  private readonly pending: PendingLine;
  private offset = 0;
  private failure: LineTooLongError | null = null;

  /** `maxLineBytes`: the longest line held across chunks before LineTooLongError (tests lower it). */
  constructor(
    private readonly toByteString: ByteStringDecoder = textDecoderByteString(),
    maxLineBytes: number = MAX_LINE_BYTES,
  ) {
    this.pending = new PendingLine(maxLineBytes);
  }

  /**
   * The lines completed by this chunk: the line begun in earlier chunks (joined once, now) and the chunk's
   * own whole lines (not copied); none while no newline has come. Throws LineTooLongError when the
   * unfinished line would run past maxLineBytes; when this chunk also completed lines, they are returned
   * first and the error is thrown by the next push() or end().
   */
  push(chunk: Uint8Array): LineBlock[] {
    if (this.failure) throw this.failure;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.hold(chunk);
      if (this.failure) throw this.failure;
      return [];
    }
    const blocks: LineBlock[] = [];
    let from = 0;
    if (this.pending.length > 0) {
      from = chunk.indexOf(NEWLINE) + 1;
      if (!this.pending.fits(from - 1)) throw this.tooLong();
      blocks.push(this.block(this.pending.take(chunk.subarray(0, from))));
    }
    if (from <= last) blocks.push(this.block(chunk.subarray(from, last + 1)));
    this.hold(chunk.subarray(last + 1));
    return blocks;
  }

  /** Input is over: the bytes after the last newline (an unterminated last line), or null. */
  end(): LineBlock | null {
    if (this.failure) throw this.failure;
    const bytes = this.pending.take(new Uint8Array(0));
    return bytes.length > 0 ? this.block(bytes) : null;
  }

  /** Keeps the start of an unfinished line (a copy: the caller may reuse the chunk's buffer). */
  private hold(bytes: Uint8Array): void {
    if (this.pending.fits(bytes.length)) this.pending.append(bytes);
    else this.tooLong();
  }

  private tooLong(): LineTooLongError {
    this.failure = new LineTooLongError(this.offset, this.pending.maxBytes);
    return this.failure;
  }

  private block(bytes: Uint8Array): LineBlock {
    const text = this.toByteString(bytes);
    const block = { bytes, text, offset: this.offset };
    this.offset += bytes.length;
    return block;
  }
}

/**
 * Calls `line(start, end, lineNumber)` for each line of the block, numbered from `firstLineNumber`;
 * `end` excludes the `\n` and a `\r` before it. Returns the number of lines.
 */
export function forEachLine(
  block: LineBlock,
  firstLineNumber: number,
  line: (start: number, end: number, lineNumber: number) => void,
): number {
  const { text } = block;
  let n = 0;
  let from = 0;
  while (from < text.length) {
    let nl = text.indexOf("\n", from);
    if (nl < 0) nl = text.length;
    const end = nl > from && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
    line(from, end, firstLineNumber + n++);
    from = nl + 1;
  }
  return n;
}
