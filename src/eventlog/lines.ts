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
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private lineStart = 0;
  private nextLineNumber = 1;

  /** Complete lines in chunk (with what came before it); the bytes after the last newline wait. */
  push(chunk: Uint8Array): Line[] {
    const lines: Line[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
      const piece = chunk.subarray(from, nl);
      const bytes = this.pendingLength === 0 ? piece : this.joinPending(piece);
      lines.push(this.line(bytes, bytes.length + 1));
      from = nl + 1;
    }
    if (from < chunk.length) {
      this.pending.push(chunk.subarray(from));
      this.pendingLength += chunk.length - from;
    }
    return lines;
  }

  /** Input is over: the last line when it has no trailing newline, else null. */
  end(): LastLine | null {
    if (this.pendingLength === 0) return null;
    const bytes = this.joinPending(new Uint8Array(0));
    return { ...this.line(bytes, bytes.length), possiblyTruncated: true };
  }

  /** Bytes of an unfinished line held back (bounded by the longest line). */
  get pendingBytes(): number {
    return this.pendingLength;
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

  private joinPending(last: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.pendingLength + last.length);
    let at = 0;
    for (const p of this.pending) {
      out.set(p, at);
      at += p.length;
    }
    out.set(last, at);
    this.pending = [];
    this.pendingLength = 0;
    return out;
  }
}
