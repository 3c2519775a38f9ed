import { Gunzip } from "fflate";
import { EventLogFormatError } from "../errors.js";
import { FramedDecoder } from "./framedDecoder.js";

/**
 * gzip (RFC 1952), which Spark never writes but users apply to whole logs (`gzip app-123`), sometimes as
 * several members (`cat a.gz b.gz`, or a log shipper that appends). fflate inflates and follows the members;
 * deflate blocks are not byte-aligned, so a bad block is reported at the start of its member (and a bad header
 * after a member at the start of that member: fflate does not say where a member ended). fflate does not check
 * the CRC32 trailer: corruption inside stored or literal data can pass unnoticed.
 *
 * fflate inflates all it is given at once, and deflate expands up to 1032:1 (a run of 258-byte matches at two
 * bits each), so 1 MB of input can be 1 GB of output. It is therefore fed SLICE bytes per step: a step's output
 * is at most ~4 MiB, whatever the data (4 KiB slices inflate as fast as 16 KiB ones and faster than 1 MiB ones,
 * whose output buffer fflate grows by copying).
 */
const SLICE = 4096;
const UNEXPECTED_EOF = 0; // fflate's error code for input that stops inside a member

export class GzipDecoder extends FramedDecoder {
  private readonly gunzip: Gunzip;
  private out: Uint8Array[] = [];
  private memberStart = 0;

  constructor() {
    super();
    this.gunzip = new Gunzip((chunk) => {
      if (chunk.length > 0) this.out.push(chunk);
    });
    this.gunzip.onmember = (offset) => {
      this.memberStart = offset;
    };
  }

  protected decodeUnit(out: Uint8Array[]): boolean {
    if (this.queue.length === 0) return false;
    const slice = this.queue.take(Math.min(SLICE, this.queue.length));
    this.run(out, () => this.gunzip.push(slice, false));
    return true;
  }

  protected finish(out: Uint8Array[]): boolean {
    if (this.queue.offset === 0) return false; // no input at all: an empty file, not a cut one
    let truncated = false;
    this.run(out, () => {
      try {
        this.gunzip.push(new Uint8Array(0), true);
      } catch (e) {
        if ((e as { code?: number }).code !== UNEXPECTED_EOF) throw e;
        truncated = true;
      }
    });
    return truncated;
  }

  /** Runs one fflate call; its output so far stays in out (handed out before the error). */
  private run(out: Uint8Array[], step: () => void): void {
    this.out = out;
    try {
      step();
    } catch (e) {
      throw new EventLogFormatError(
        "gzip",
        this.memberStart,
        `gzip data does not decode (${(e as Error).message})`,
        "member",
      );
    }
  }
}
