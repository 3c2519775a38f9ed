import type { Codec } from "../eventlog/codecs/types.js";
import { decodeChunks } from "../eventlog/decodeChunks.js";
import { EventLogFormatError, LineTooLongError } from "../eventlog/errors.js";
import { type ByteStringDecoder, LineBlockSplitter } from "../eventlog/lineBlocks.js";
import type { ApplicationAccumulator } from "./applicationAccumulator.js";
import { pushBlock } from "./blockReader.js";

/**
 * What a decoder other than the reader's (the CLI's zlib for gzip files, gunzipFile.ts) hands back for one file,
 * in order: the codec, decoded pieces (each with the compressed bytes read when it was decoded), then an end or
 * the one-line error of a corrupt unit, as the reader's own decoder would report them.
 */
export type Decoded =
  | { kind: "codec"; codec: Codec; note: string | null }
  | { kind: "piece"; bytes: Uint8Array; compressedBytes: number }
  | { kind: "end"; truncated: boolean; compressedBytes: number }
  | { kind: "error"; error: string; compressedBytes: number };

/**
 * One file of a log (a single-file log, or one events_N file of a rolling log), as compressed chunks, or as
 * the output of another decoder (`decoded`, then `chunks` is not read).
 */
export interface LogSource {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  decoded?: AsyncIterable<Decoded>;
  /** The fastest bytes → latin1 string where the source is read (Node: Buffer); TextDecoder by default. */
  toByteString?: ByteStringDecoder;
  /** The longest line read (MAX_LINE_BYTES by default; tests lower it). */
  maxLineBytes?: number;
}

export interface FileRead {
  name: string;
  codec: Codec | null;
  compressedBytes: number;
  lines: number;
  /** The stream stopped inside a block or frame, or the last line is cut (in-progress logs). */
  truncated: boolean;
  /** A corrupt block: where, and what; the events before it were kept. */
  error: string | null;
  note: string | null;
}

/**
 * Decompresses and splits one file and feeds its lines to the accumulator. Never throws for bad
 * data: a corrupt block ends this file with `error` set and keeps what was read before it.
 */
export async function feedFile(
  src: LogSource,
  acc: ApplicationAccumulator,
  onBytes?: (compressedBytes: number) => void,
): Promise<FileRead> {
  const read: FileRead = {
    name: src.name,
    codec: null,
    compressedBytes: 0,
    lines: 0,
    truncated: false,
    error: null,
    note: null,
  };
  const splitter = new LineBlockSplitter(src.toByteString, src.maxLineBytes);
  /**
   * Spark writes only JSON events, so a line that is not one, decoded from a compressed stream, is corrupt
   * data the codec could not catch (Spark's zstd and lzf carry no checksum): the file is not read further.
   * In an uncompressed log it is a note (a hand edit), as before.
   */
  const corrupt = (lineNumber: number, offset: number) => {
    if (read.codec === "none" || read.codec === null) return;
    throw new EventLogFormatError(
      read.codec,
      read.compressedBytes,
      `line ${lineNumber} (decompressed byte ${offset}) is not a JSON event: the compressed data is corrupt`,
      "data",
      true,
    );
  };
  /** Decoded pieces are taken one at a time: the decoder decodes the next unit only when asked. */
  const feed = (pieces: Iterable<Uint8Array>) => {
    for (const c of pieces)
      for (const b of splitter.push(c)) read.lines += pushBlock(acc, b, read.lines + 1, corrupt);
  };
  try {
    const complete = src.decoded
      ? await readDecoded(src.decoded, read, feed, onBytes)
      : await decodeHere(src, read, feed, onBytes);
    if (!complete) return read;
    const last = splitter.end();
    if (last) {
      const text = new TextDecoder().decode(last.bytes);
      if (isJson(text)) {
        acc.pushLine(text, read.lines + 1);
        read.lines++;
      } else read.truncated = true; // an in-progress or crashed log's cut last event, as SHS tolerates
    }
  } catch (e) {
    if (e instanceof LineTooLongError)
      read.error = new LineTooLongError(e.offset, e.maxBytes, read.lines + 1).oneLine();
    else if (e instanceof EventLogFormatError) read.error = e.oneLine();
    else throw e;
  }
  return read;
}

/** Decodes src.chunks on this thread; true when the stream ended (truncated or not). */
async function decodeHere(
  src: LogSource,
  read: FileRead,
  feed: (pieces: Iterable<Uint8Array>) => void,
  onBytes?: (compressedBytes: number) => void,
): Promise<boolean> {
  const pieces = decodeChunks(src.name, src.chunks, {
    codec: (resolved) => {
      read.codec = resolved.codec;
      read.note = resolved.note;
    },
    input: (bytes) => {
      read.compressedBytes += bytes;
      onBytes?.(bytes);
    },
    end: (truncated) => {
      read.truncated = truncated;
    },
  });
  for await (const p of pieces) feed(p);
  return true;
}

/** Takes another thread's decoder output; false when it ended on a corrupt unit (read.error says which). */
async function readDecoded(
  decoded: AsyncIterable<Decoded>,
  read: FileRead,
  feed: (pieces: Iterable<Uint8Array>) => void,
  onBytes?: (compressedBytes: number) => void,
): Promise<boolean> {
  const advance = (compressedBytes: number) => {
    onBytes?.(compressedBytes - read.compressedBytes);
    read.compressedBytes = compressedBytes;
  };
  for await (const m of decoded) {
    if (m.kind === "codec") {
      read.codec = m.codec;
      read.note = m.note;
      continue;
    }
    advance(m.compressedBytes);
    if (m.kind === "piece") feed([m.bytes]);
    else if (m.kind === "end") {
      read.truncated = m.truncated;
      return true;
    } else {
      read.error = m.error;
      return false;
    }
  }
  throw new Error(`${read.name}: the decoder stopped without an end`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
