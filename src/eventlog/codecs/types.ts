/** The codecs Spark writes event logs with (CompressionCodec.scala), plus gzip that users apply themselves. */
export type Codec = "none" | "lz4" | "lzf" | "snappy" | "zstd" | "gzip";

export const CODECS: readonly Codec[] = ["none", "lz4", "lzf", "snappy", "zstd", "gzip"];

/** The largest piece of decoded output a decoder hands out at once. */
export const MAX_PIECE = 1024 * 1024;

/**
 * A pull decoder for one compressed file. push() only queues input; the pieces it returns are decoded as
 * they are taken, one unit (block, chunk, frame part, slice of deflate input) at a time, so however much a
 * chunk of input expands (a zstd file of 4-byte run-length blocks, a gzip bomb), the decoder holds one
 * unit's output at most and no piece is longer than MAX_PIECE. Memory stays bounded by one compressed
 * unit plus one unit's output, and a multi-GB log can be streamed.
 *
 * Take the pieces of each call before the next call (any of the returned iterables drains the same
 * queue: what one leaves is handed out by the next). A bad unit throws EventLogFormatError from the
 * iteration, after every piece decoded before it; the decoder then throws that error from every call.
 * Pieces are fresh or views of pushed chunks, never reused by the decoder; pushed chunks may be kept by
 * reference until decoded: do not reuse their buffers.
 */
export interface StreamDecoder {
  /** Queues compressed bytes; returns the decoded output, decoded lazily as it is iterated. */
  push(chunk: Uint8Array): Iterable<Uint8Array>;
  /** No more input: the rest of the output. If the input stopped mid-block/mid-frame, sets `truncated` instead of throwing. */
  end(): Iterable<Uint8Array>;
  /** True once end()'s pieces are taken, when the stream stopped inside a block/frame (expected for .inprogress logs). */
  readonly truncated: boolean;
}
