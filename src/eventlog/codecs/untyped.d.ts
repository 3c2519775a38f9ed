// Type declarations for the two raw-codec packages that ship none (both CommonJS, no Node APIs used);
// the encoders are used by the benchmark only.

declare module "lz4js" {
  /** Decodes one raw LZ4 block src[sIndex, sIndex+sLength) into dst from dIndex; returns the end index in dst. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
  /** The largest compressed size of n bytes (tools/bench/encoders.ts writes lz4 logs with it). */
  export function compressBound(n: number): number;
  /** Compresses src[sIndex, sIndex+sLength) into dst as one raw LZ4 block; returns its size, 0 if it does not shrink. */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
}

declare module "snappyjs" {
  /** Decodes one raw Snappy block; throws on a malformed block or a length above maxLength. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** One raw Snappy block (tools/bench/encoders.ts writes snappy logs with it). */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
