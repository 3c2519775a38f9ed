import { SparkmemError } from "../conf/index.js";

/** The longest line read (the manifest of a rolling log's files), and the largest frame. */
const MAX_LINE = 16 * 1024 * 1024;
const MAX_FRAME = 64 * 1024 * 1024;

/**
 * A byte stream of lines and framed files, as the fleet's JVM reader writes them to `sparkmem fleet-read`: a
 * line, then each file as frames of "<length>\n" and that many bytes, a length of 0 ending the file. Files are
 * read in turn; a file its reader left unfinished is skipped to its end before the next is read.
 */
export class FramedInput {
  private buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer | string>;
  /** Byte offset of `buf`'s start in the stream, for errors. */
  private offset = 0;
  /** Files whose end frame has been read. */
  private ended = 0;

  constructor(stream: AsyncIterable<Buffer | string>) {
    this.it = stream[Symbol.asyncIterator]();
  }

  private async more(): Promise<boolean> {
    const r = await this.it.next();
    if (r.done) return false;
    const b = typeof r.value === "string" ? Buffer.from(r.value) : r.value;
    this.buf = this.buf.length === 0 ? b : Buffer.concat([this.buf, b]);
    return true;
  }

  private take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.offset += n;
    return out;
  }

  /** The next line, without its newline. */
  async line(what: string): Promise<string> {
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl >= 0) {
        return this.take(nl + 1).toString("utf8", 0, nl);
      }
      if (this.buf.length > MAX_LINE)
        throw new SparkmemError(`stdin at byte ${this.offset}`, `${what} is longer than 16 MiB`, {
          expected: "a line ending in a newline",
        });
      if (!(await this.more()))
        throw new SparkmemError(`stdin at byte ${this.offset}`, `ends before ${what}`, {
          expected: "the fleet reader's framed input",
        });
    }
  }

  private async frameLength(): Promise<number> {
    const at = this.offset;
    const text = await this.line("a frame's length");
    const n = Number(text);
    if (!/^\d{1,9}$/.test(text) || n > MAX_FRAME)
      throw new SparkmemError(`stdin at byte ${at}`, `"${text.slice(0, 40)}" is not a frame length`, {
        expected: "a byte count from 0 to 67108864",
      });
    return n;
  }

  /** The bytes of file `k` (0-based, in the order written): its frames' contents. */
  async *file(k: number): AsyncGenerator<Uint8Array> {
    // the files before it, to their end, when their readers stopped early
    while (this.ended < k) for await (const _ of this.frames());
    if (this.ended > k) return;
    yield* this.frames();
  }

  /** Bytes of the current frame not read yet (a reader may stop inside one). */
  private pending = 0;

  private async *frames(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.pending === 0) {
        const n = await this.frameLength();
        if (n === 0) {
          this.ended++;
          return;
        }
        this.pending = n;
      }
      while (this.pending > 0) {
        if (this.buf.length === 0 && !(await this.more()))
          throw new SparkmemError(
            `stdin at byte ${this.offset}`,
            `ends inside a frame (${this.pending} bytes short)`,
            { expected: "the fleet reader's framed input" },
          );
        const part = this.take(Math.min(this.pending, this.buf.length));
        this.pending -= part.length;
        yield part;
      }
    }
  }
}
