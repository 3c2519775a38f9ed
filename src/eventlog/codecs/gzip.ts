import { Gunzip } from "fflate";
import { EventLogFormatError } from "../errors.js";
import type { StreamDecoder } from "./types.js";

/**
 * gzip (RFC 1952), which Spark never writes but users apply to whole logs (`gzip app-123`), sometimes as
 * several members (`cat a.gz b.gz`, or a log shipper that appends). fflate inflates and follows the members;
 * deflate blocks are not byte-aligned, so a bad block is reported at the start of its member (and a bad header
 * after a member at the start of that member: fflate does not say where a member ended). fflate does not check
 * the CRC32 trailer: corruption inside stored or literal data can pass unnoticed.
 */
const UNEXPECTED_EOF = 0; // fflate's error code for input that stops inside a member

export class GzipDecoder implements StreamDecoder {
  private readonly gunzip: Gunzip;
  private out: Uint8Array[] = [];
  private memberStart = 0;
  private seen = 0;
  private pendingError: unknown = null;
  private truncatedFlag = false;

  constructor() {
    this.gunzip = new Gunzip((chunk) => {
      if (chunk.length > 0) this.out.push(chunk);
    });
    this.gunzip.onmember = (offset) => {
      this.memberStart = offset;
    };
  }

  get truncated(): boolean {
    return this.truncatedFlag;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    this.rethrow();
    this.seen += chunk.length;
    return this.run(() => this.gunzip.push(chunk, false));
  }

  end(): Uint8Array[] {
    this.rethrow();
    const out = this.run(() => {
      if (this.seen === 0) return;
      try {
        this.gunzip.push(new Uint8Array(0), true);
      } catch (e) {
        if ((e as { code?: number }).code !== UNEXPECTED_EOF) throw e;
        this.truncatedFlag = true;
      }
    });
    this.rethrow();
    return out;
  }

  /** Runs one fflate call; good output is returned before an error is thrown (on the next call). */
  private run(step: () => void): Uint8Array[] {
    this.out = [];
    try {
      step();
    } catch (e) {
      const error = new EventLogFormatError(
        "gzip",
        this.memberStart,
        `gzip data does not decode (${(e as Error).message})`,
        "member",
      );
      if (this.out.length === 0) throw error;
      this.pendingError = error;
    }
    return this.out;
  }

  private rethrow(): void {
    if (this.pendingError === null) return;
    const e = this.pendingError;
    this.pendingError = null;
    throw e;
  }
}
