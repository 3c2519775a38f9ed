import { createDecoder, type StreamDecoder } from "./codecs/index.js";
import { type ResolvedCodec, resolveCodec } from "./detect.js";

/** Enough bytes for every codec's magic. */
export const MAGIC_BYTES = 16;

export interface DecodeCallbacks {
  /** The codec, once the first MAGIC_BYTES are read (or the stream ended before). */
  codec(resolved: ResolvedCodec): void;
  /** A chunk of compressed input arrived, before its output is handed out. */
  input(bytes: number): void;
  /** The stream ended; `truncated` when it stopped inside a block or frame. */
  end(truncated: boolean): void;
}

/**
 * One file's compressed chunks as decoded pieces, one lazy iterable per chunk (see StreamDecoder): the first
 * bytes are held back until the codec is known from the name and the magic, as the reader and the CLI's
 * decoding thread both need. Throws EventLogFormatError from the iteration on a corrupt unit.
 */
export async function* decodeChunks(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  on: DecodeCallbacks,
): AsyncGenerator<Iterable<Uint8Array>> {
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let decoder: StreamDecoder | null = null;
  /** The codec is known once the first bytes are: a decoder for it, and what was held back. */
  const start = async (): Promise<[StreamDecoder, Uint8Array]> => {
    const first = concat(head, headBytes);
    const resolved = resolveCodec(name, first.subarray(0, MAGIC_BYTES));
    on.codec(resolved);
    head = [];
    return [await createDecoder(resolved.codec), first];
  };
  for await (const chunk of chunks) {
    on.input(chunk.length);
    if (decoder) {
      yield decoder.push(chunk);
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes < MAGIC_BYTES) continue;
    const [d, first] = await start();
    decoder = d;
    yield d.push(first);
  }
  if (!decoder) {
    const [d, first] = await start();
    decoder = d;
    yield d.push(first);
  }
  yield decoder.end();
  on.end(decoder.truncated);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
