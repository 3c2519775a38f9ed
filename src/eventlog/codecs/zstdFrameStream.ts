import { ZSTDDecoder } from "zstddec/stream";

/**
 * One zstd frame decoded by the reference library (zstddec: libzstd's streaming decoder built to WASM), fed
 * one whole unit at a time — the frame header, each block, the checksum — as ZstdDecoder walks them.
 *
 * zstddec's decodeStreaming(units) is a generator that pulls the next unit only when the current one is used
 * up and yields the output of each ZSTD_decompressStream call (≤ ZSTD_DStreamOutSize, 128 KiB). A whole block
 * decodes to ≤ 128 KiB (Block_Maximum_Size), so one call takes a whole unit and flushes its output; we drive
 * the generator until it has pulled the unit just queued, so it never asks for input we do not have yet.
 * It does not report libzstd's errors: a call that fails leaves the input unread and yields nothing, over and
 * over. A step that yields nothing without taking new input is therefore a unit libzstd refused (a
 * successful call either consumes its whole unit, and then the next step pulls, or fills the output).
 */
export class ZstdFrameStream {
  private readonly queue: Unit[] = [];
  private readonly steps: Iterator<Uint8Array>;
  private pulls = 0;
  /** The unit libzstd works on: a refusal is found one step later, when the next unit is due. */
  private current: Unit | null = null;

  constructor(decoder: ZSTDDecoder) {
    const units: Iterator<Uint8Array> = {
      next: () => {
        this.pulls++;
        const unit = this.queue.shift();
        if (!unit) return { done: true, value: undefined };
        this.current = unit;
        return { done: false, value: unit.bytes };
      },
    };
    this.steps = decoder.decodeStreaming({ [Symbol.iterator]: () => units });
  }

  /** Decodes one whole unit; appends its output. Throws ZstdRefused (naming the unit) when libzstd cannot. */
  feed(unit: Unit, out: Uint8Array[]): void {
    if (unit.bytes.length === 0) return; // the generator would pull again at once, from an empty queue
    this.queue.push(unit);
    while (this.queue.length > 0) this.step(out);
  }

  /** The frame is over: flushes what libzstd holds; throws ZstdRefused when it is incomplete or corrupt. */
  end(out: Uint8Array[]): void {
    try {
      while (this.step(out));
    } catch (e) {
      if (e instanceof ZstdRefused) throw e;
      throw new ZstdRefused((e as Error).message, this.current); // zstddec: "Incomplete stream, …"
    }
  }

  /** One ZSTD_decompressStream call; false when the generator is finished. */
  private step(out: Uint8Array[]): boolean {
    const pulls = this.pulls;
    const r = this.steps.next();
    if (r.done) return false;
    if (r.value.length > 0) out.push(r.value);
    else if (this.pulls === pulls)
      throw new ZstdRefused("corrupt data: libzstd cannot decode it", this.current);
    return true;
  }
}

/** A frame header, block or checksum, where it starts in the file. */
export interface Unit {
  bytes: Uint8Array;
  offset: number;
  name: "frame" | "block" | "frame checksum";
}

export class ZstdRefused extends Error {
  constructor(
    message: string,
    readonly unit: Unit | null,
  ) {
    super(message);
  }
}

let loaded: Promise<ZSTDDecoder> | null = null;

/** libzstd's WASM module, instantiated once per thread (the first zstd file waits for it). */
export function loadZstd(): Promise<ZSTDDecoder> {
  loaded ??= (async () => {
    const decoder = new ZSTDDecoder();
    await decoder.init();
    return decoder;
  })();
  return loaded;
}
