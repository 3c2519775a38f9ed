// Type declarations for the two raw-codec packages that ship none (both CommonJS, no Node APIs used).

declare module "lz4js" {
  /** Decodes one raw LZ4 block src[sIndex, sIndex+sLength) into dst from dIndex; returns the end index in dst. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
}

declare module "snappyjs" {
  /** Decodes one raw Snappy block; throws on a malformed block or a length above maxLength. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
}
