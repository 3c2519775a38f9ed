import { LineTooLongError } from "./errors.js";
import { MAX_LINE_BYTES, PendingLine } from "./pendingLine.js";

/**
 * Splits decompressed event-log bytes into lines: UTF-8 JSON Lines, one event per `\n`-terminated line
 * (JsonProtocol via EventLogFileWriter.writeLine's println; `\r\n` tolerated for logs edited on Windows).
 * Splitting on the byte 0x0A is safe in UTF-8 (it never occurs inside a multi-byte character), so a character
 * cut between two chunks is decoded whole once its line is complete.
 */
export interface Line {
  text: string;
  /** 1-based. */
  lineNumber: number;
  /** Offset in the decompressed stream of the line's first byte. */
  offset: number;
}

export interface LastLine extends Line {
  /**
   * The input ended without a newline after this line. Spark ends every line with one, so this is either a
   * log whose writer stopped mid-event (an .inprogress or crashed log: SHS's `maybeTruncated`) or a file
   * edited by hand; the caller decides by parsing it.
   */
  possiblyTruncated: true;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private readonly decoder = new TextDecoder("utf-8");
  private readonly pending: PendingLine;
  private lineStart = 0;
  private nextLineNumber = 1;
  private failure: LineTooLongError | null = null;

  /** `maxLineBytes`: the longest line held across chunks before LineTooLongError. */
  constructor(maxLineBytes: number = MAX_LINE_BYTES) {
    this.pending = new PendingLine(maxLineBytes);
  }

  /**
   * Complete lines in chunk (with what came before it); the bytes after the last newline wait. Throws
   * LineTooLongError as LineBlockSplitter.push() does (after the lines this chunk completed).
   */
  push(chunk: Uint8Array): Line[] {
    if (this.failure) throw this.failure;
    const lines: Line[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
      if (this.pending.length > 0 && !this.pending.fits(nl - from)) throw this.tooLong();
      const bytes = this.pending.take(chunk.subarray(from, nl));
      lines.push(this.line(bytes, bytes.length + 1));
      from = nl + 1;
    }
    if (this.pending.fits(chunk.length - from)) this.pending.append(chunk.subarray(from));
    else if (lines.length > 0) this.tooLong();
    else throw this.tooLong();
    return lines;
  }

  /** Input is over: the last line when it has no trailing newline, else null. */
  end(): LastLine | null {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return null;
    const bytes = this.pending.take(new Uint8Array(0));
    return { ...this.line(bytes, bytes.length), possiblyTruncated: true };
  }

  /** Bytes of an unfinished line held back (bounded by the longest line). */
  get pendingBytes(): number {
    return this.pending.length;
  }

  private tooLong(): LineTooLongError {
    this.failure = new LineTooLongError(this.lineStart, this.pending.maxBytes, this.nextLineNumber);
    return this.failure;
  }

  private line(bytes: Uint8Array, consumed: number): Line {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    const line = {
      text: this.decoder.decode(bytes.subarray(0, end)),
      lineNumber: this.nextLineNumber++,
      offset: this.lineStart,
    };
    this.lineStart += consumed;
    return line;
  }
}
