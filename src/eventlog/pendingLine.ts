/**
 * The longest line held while its newline has not come: 256 MiB. A real event line can be tens of MB (the
 * physical plan of a large SQL query in SparkListenerSQLExecutionStart, an environment with thousands of
 * entries), so the cap is generous; it exists so that bytes without newlines (a decompression bomb of zeros, a
 * binary file named like a log) stop with a clear error instead of growing until memory runs out. It stays
 * below V8's longest string (2^29 − 24 characters), which a line becomes when it is read.
 */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** Small pieces are gathered in buffers of this size, so a line fed a byte at a time is not a million arrays. */
const STAGE = 64 * 1024;

/**
 * The bytes of a line whose newline has not come yet, kept as pieces and joined once, when the line ends
 * (joining on every chunk copies the line again each time: a 10 MB line in 1 KB blocks was 50 GB of copies).
 * Pieces are copied in, so the caller may reuse its buffers. The caller checks fits() against the cap.
 */
export class PendingLine {
  private pieces: Uint8Array[] = [];
  private stage = new Uint8Array(STAGE);
  private staged = 0;
  private size = 0;

  constructor(readonly maxBytes: number = MAX_LINE_BYTES) {}

  /** Bytes held. */
  get length(): number {
    return this.size;
  }

  /** True when `n` more bytes keep the line within maxBytes. */
  fits(n: number): boolean {
    return this.size + n <= this.maxBytes;
  }

  append(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n === 0) return;
    this.size += n;
    if (this.staged + n <= STAGE) {
      this.stage.set(bytes, this.staged);
      this.staged += n;
      return;
    }
    if (this.staged > 0) {
      this.pieces.push(this.stage.subarray(0, this.staged));
      this.stage = new Uint8Array(STAGE);
      this.staged = 0;
    }
    if (n >= STAGE) this.pieces.push(bytes.slice());
    else {
      this.stage.set(bytes, 0);
      this.staged = n;
    }
  }

  /** The whole line: what is held, then `last`, in one new array (`last` itself when nothing is held). */
  take(last: Uint8Array): Uint8Array {
    if (this.size === 0) return last;
    const out = new Uint8Array(this.size + last.length);
    let at = 0;
    for (const p of this.pieces) {
      out.set(p, at);
      at += p.length;
    }
    out.set(this.stage.subarray(0, this.staged), at);
    out.set(last, at + this.staged);
    this.pieces = [];
    this.staged = 0;
    this.size = 0;
    return out;
  }
}
