/** The codecs Spark writes event logs with (CompressionCodec.scala), plus gzip that users apply themselves. */
export type Codec = "none" | "lz4" | "lzf" | "snappy" | "zstd" | "gzip";

export const CODECS: readonly Codec[] = ["none", "lz4", "lzf", "snappy", "zstd", "gzip"];

/**
 * A push decoder for one compressed file. It keeps only the block being assembled (bounded memory), so a
 * multi-GB log can be streamed. Chunks handed to push() may be kept by reference until decoded: do not
 * reuse their buffers.
 */
export interface StreamDecoder {
  /** Feed compressed bytes; returns decompressed chunks available so far. */
  push(chunk: Uint8Array): Uint8Array[];
  /** No more input: returns what is left. If the input stopped mid-block/mid-frame, set `truncated` instead of throwing. */
  end(): Uint8Array[];
  /** True after end() when the stream stopped inside a block/frame (expected for .inprogress logs). */
  readonly truncated: boolean;
}
