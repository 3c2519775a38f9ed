import { ByteQueue } from "./byteQueue.js";
import type { StreamDecoder } from "./types.js";

/**
 * The push/end/truncated contract shared by the decoders. A subclass decodes whole units from `queue` in
 * decodeAvailable() and throws EventLogFormatError on a bad one. When that happens after good units in the
 * same push, those are returned first and the error is thrown by the next push() or end(): the caller keeps
 * everything decoded before the bad unit.
 */
export abstract class FramedDecoder implements StreamDecoder {
  protected readonly queue = new ByteQueue();
  private pendingError: unknown = null;
  private truncatedFlag = false;

  get truncated(): boolean {
    return this.truncatedFlag;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    this.rethrow();
    this.queue.push(chunk);
    return this.run((out) => this.decodeAvailable(out));
  }

  end(): Uint8Array[] {
    this.rethrow();
    const out = this.run((o) => {
      this.truncatedFlag = this.finish(o);
    });
    this.rethrow();
    return out;
  }

  /** Append every unit that is complete in `queue` to out. */
  protected abstract decodeAvailable(out: Uint8Array[]): void;

  /** Input is over: append what is left, return true when it stopped inside a unit. */
  protected abstract finish(out: Uint8Array[]): boolean;

  private run(step: (out: Uint8Array[]) => void): Uint8Array[] {
    const out: Uint8Array[] = [];
    try {
      step(out);
    } catch (e) {
      if (out.length === 0) throw e;
      this.pendingError = e;
    }
    return out;
  }

  private rethrow(): void {
    if (this.pendingError === null) return;
    const e = this.pendingError;
    this.pendingError = null;
    throw e;
  }
}
