import { GzipDecoder } from "./gzip.js";
import { Lz4Decoder } from "./lz4.js";
import { LzfDecoder } from "./lzf.js";
import { SnappyDecoder } from "./snappy.js";
import type { Codec, StreamDecoder } from "./types.js";
import { ZstdDecoder } from "./zstd.js";

export type { Codec, StreamDecoder } from "./types.js";
export { CODECS } from "./types.js";

/** An uncompressed log: bytes pass through. */
class PlainDecoder implements StreamDecoder {
  readonly truncated = false;
  push(chunk: Uint8Array): Uint8Array[] {
    return chunk.length > 0 ? [chunk] : [];
  }
  end(): Uint8Array[] {
    return [];
  }
}

/** A fresh decoder for one file (each file of a rolling log is its own compressed stream). */
export function createDecoder(codec: Codec): StreamDecoder {
  switch (codec) {
    case "none":
      return new PlainDecoder();
    case "lz4":
      return new Lz4Decoder();
    case "lzf":
      return new LzfDecoder();
    case "snappy":
      return new SnappyDecoder();
    case "zstd":
      return new ZstdDecoder();
    case "gzip":
      return new GzipDecoder();
  }
}
