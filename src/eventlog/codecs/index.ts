import { GzipDecoder } from "./gzip.js";
import { Lz4Decoder, type Xxh32 } from "./lz4.js";
import { LzfDecoder } from "./lzf.js";
import { PlainDecoder } from "./plain.js";
import { SnappyDecoder } from "./snappy.js";
import type { Codec, StreamDecoder } from "./types.js";
import { loadWasmBlocks } from "./wasmBlocks.js";

export type { Codec, StreamDecoder } from "./types.js";
export { CODECS, MAX_PIECE } from "./types.js";

/**
 * A fresh decoder for one file (each file of a rolling log is its own compressed stream). Asynchronous
 * because zstd's decoder is a WebAssembly module, loaded and compiled the first time a zstd file is read
 * (the page loads it only then: 30 kB gzip), as are lz4's checksum and the LZF, Snappy and LZ4 block loops (1.5 kB).
 */
export async function createDecoder(codec: Codec): Promise<StreamDecoder> {
  switch (codec) {
    case "none":
      return new PlainDecoder();
    case "lz4":
      return new Lz4Decoder(await loadXxh32(), await loadWasmBlocks());
    case "lzf":
      return new LzfDecoder(await loadWasmBlocks());
    case "snappy":
      return new SnappyDecoder(await loadWasmBlocks());
    case "zstd": {
      const [{ ZstdDecoder }, { loadZstd }] = await Promise.all([
        import("./zstd.js"),
        import("./zstdFrameStream.js"),
      ]);
      return new ZstdDecoder(await loadZstd());
    }
    case "gzip":
      return new GzipDecoder();
  }
}

let xxh32: Promise<Xxh32> | null = null;

/** xxhash-wasm's XXH32, instantiated once per thread (a few kB of WebAssembly, compiled on first use). */
function loadXxh32(): Promise<Xxh32> {
  xxh32 ??= import("xxhash-wasm").then(async (m) => {
    const { h32Raw } = await m.default();
    return h32Raw;
  });
  return xxh32;
}
