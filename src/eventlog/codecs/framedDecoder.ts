import { ByteQueue } from "./byteQueue.js";
import { MAX_PIECE, type StreamDecoder } from "./types.js";

/**
 * The pull contract of StreamDecoder, shared by the decoders. A subclass decodes one unit at a time from
 * `queue` in decodeUnit() and throws EventLogFormatError on a bad one; this class hands out the output of
 * a unit before it decodes the next, in pieces of MAX_PIECE at most, so a small input that expands a
 * thousandfold is decoded step by step as the consumer takes its pieces, never all at once. All state is
 * here, not in the iterators: any iterator returned by push() or end() continues where the last stopped.
 */
export abstract class FramedDecoder implements StreamDecoder {
  protected readonly queue = new ByteQueue();
  /** Decoded and not handed out yet: one unit's output at most. */
  private readonly ready: Uint8Array[] = [];
  private failure: unknown = null;
  private ending = false;
  private finished = false;
  private truncatedFlag = false;

  get truncated(): boolean {
    return this.truncatedFlag;
  }

  push(chunk: Uint8Array): Iterable<Uint8Array> {
    this.rethrow();
    if (this.ending) throw new Error("push() after end()");
    this.queue.push(chunk);
    return this.pieces();
  }

  end(): Iterable<Uint8Array> {
    this.rethrow();
    this.ending = true;
    return this.pieces();
  }

  /**
   * Decodes at most one unit from `queue`, appending its output (bounded: one block, chunk or step) to out.
   * Returns false, consuming nothing, when the queue does not hold enough for the next unit.
   */
  protected abstract decodeUnit(out: Uint8Array[]): boolean;

  /** Input is over and every whole unit decoded: append what is left, return true when it stopped inside a unit. */
  protected abstract finish(out: Uint8Array[]): boolean;

  private pieces(): IterableIterator<Uint8Array> {
    const it: IterableIterator<Uint8Array> = {
      next: () => this.next(),
      [Symbol.iterator]: () => it,
    };
    return it;
  }

  private next(): IteratorResult<Uint8Array, undefined> {
    for (;;) {
      const head = this.ready.shift();
      if (head !== undefined) {
        if (head.length === 0) continue;
        if (head.length <= MAX_PIECE) return { done: false, value: head };
        this.ready.unshift(head.subarray(MAX_PIECE));
        return { done: false, value: head.subarray(0, MAX_PIECE) };
      }
      this.rethrow();
      if (!this.step()) return { done: true, value: undefined };
    }
  }

  /** Decodes the next unit (or finishes once input is over); false when nothing more can be done now. */
  private step(): boolean {
    try {
      if (this.decodeUnit(this.ready)) return true;
      if (!this.ending || this.finished) return false;
      this.finished = true;
      this.truncatedFlag = this.finish(this.ready);
    } catch (e) {
      this.failure = e; // thrown once the output decoded before it is handed out
    }
    return true;
  }

  private rethrow(): void {
    if (this.failure !== null) throw this.failure;
  }
}
