import { FramedDecoder } from "./framedDecoder.js";

/** An uncompressed log: bytes pass through, as views of the pushed chunks (cut to MAX_PIECE by the base). */
export class PlainDecoder extends FramedDecoder {
  protected decodeUnit(out: Uint8Array[]): boolean {
    if (this.queue.length === 0) return false;
    out.push(this.queue.take(this.queue.contiguous));
    return true;
  }

  protected finish(): boolean {
    return false;
  }
}
