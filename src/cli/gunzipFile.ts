import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { createGunzip } from "node:zlib";
import type { Decoded } from "../analyze/index.js";
import { decodeChunks, EventLogFormatError, MAGIC_BYTES, resolveCodec } from "../eventlog/index.js";
import { readHead } from "./readText.js";

/**
 * gzip files in the CLI are inflated by Node's zlib: C, about four times faster than fflate, and run on
 * libuv's threads, so the parsing thread only takes the pieces (a 230 MiB log is read at the plain rate).
 * The other codecs are decoded by the reader on the parsing thread: their block loops in WebAssembly
 * (wasmBlocks.ts) decode faster than a worker thread could hand the output across on 2 cores.
 *
 * The reader's GzipDecoder (fflate) stays the decoder of the page and of stdin, and the judge of faults: zlib refuses a bad CRC32 that fflate does not check, cannot say where a
 * fault lies, and ignores zero bytes after the last member that fflate refuses. So when zlib fails, or
 * leaves bytes of the file unread, the file is decoded again by GzipDecoder, the output already handed out
 * dropped, and the result ends exactly as the reader's would.
 */
const PIECE = 1024 * 1024;

class NotInflated extends Error {}

/**
 * The file inflated in pieces of at most `piece` bytes. They are views of zlib's output buffers, which zlib
 * never writes again once handed out (but still holds: never transfer them to another thread). zlib pauses
 * while a piece is not taken, so a bomb expands by a few pieces at a time.
 */
async function* gunzipFile(
  path: string,
  piece: number,
  onInput: (bytesConsumed: number) => void,
): AsyncGenerator<Uint8Array> {
  const size = statSync(path).size;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: piece });
  input.on("error", (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  try {
    for await (const out of gunzip as AsyncIterable<Buffer>) {
      onInput(gunzip.bytesWritten);
      yield out;
    }
  } catch (e) {
    throw new NotInflated((e as Error).message);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  if (gunzip.bytesWritten !== size)
    throw new NotInflated(`${size - gunzip.bytesWritten} bytes after the last member`);
}

/**
 * A gzip file (by name or magic, as the reader decides) as the reader's Decoded messages, inflated by zlib;
 * undefined for any other file, which the reader decodes itself.
 */
export function gunzipped(path: string): AsyncIterable<Decoded> | undefined {
  const head = headOf(path);
  if (!head) return undefined;
  try {
    const { codec, note } = resolveCodec(basename(path), head);
    return codec === "gzip" ? gunzipDecoded(path, note) : undefined;
  } catch {
    return undefined; // a name and content that disagree: the reader says so, as for any file
  }
}

/**
 * The first bytes of a regular file; null for anything else (a FIFO would block, a device never ends) and
 * when it cannot be read: the reader then opens it and reports why, as for any file.
 */
function headOf(path: string): Uint8Array | null {
  try {
    return statSync(path).isFile() ? readHead(path, MAGIC_BYTES) : null;
  } catch {
    return null;
  }
}

/** A gzip file as the reader's Decoded messages (`note`: the reader's note on how the codec was decided). */
export async function* gunzipDecoded(path: string, note: string | null): AsyncGenerator<Decoded> {
  yield { kind: "codec", codec: "gzip", note };
  let handedOut = 0;
  let consumed = 0;
  try {
    for await (const bytes of gunzipFile(path, PIECE, (n) => (consumed = n))) {
      handedOut += bytes.length;
      yield { kind: "piece", bytes, compressedBytes: consumed };
    }
    yield { kind: "end", truncated: false, compressedBytes: consumed };
    return;
  } catch (e) {
    if (!(e instanceof NotInflated)) throw e;
  }
  yield* decodedAgain(path, handedOut, consumed);
}

/** The file through GzipDecoder, from its start, dropping the first `skip` bytes of output. */
async function* decodedAgain(path: string, skip: number, reported: number): AsyncGenerator<Decoded> {
  let read = 0;
  let truncated = false;
  const progress = () => Math.max(read, reported); // never lower than what zlib's pieces reported
  const pieces = decodeChunks(basename(path), createReadStream(path, { highWaterMark: 1 << 20 }), {
    codec: () => {},
    input: (bytes) => {
      read += bytes;
    },
    end: (t) => {
      truncated = t;
    },
  });
  try {
    for await (const chunkPieces of pieces)
      for (const p of chunkPieces) {
        if (skip >= p.length) {
          skip -= p.length;
          continue;
        }
        yield { kind: "piece", bytes: p.subarray(skip), compressedBytes: progress() };
        skip = 0;
      }
    yield { kind: "end", truncated, compressedBytes: progress() };
  } catch (e) {
    if (!(e instanceof EventLogFormatError)) throw e;
    yield { kind: "error", error: e.oneLine(), compressedBytes: progress() };
  }
}
