import { BLOCKS_WASM } from "./blocksWasm.js";

/**
 * The LZF, Snappy and LZ4 block loops in WebAssembly (blocks.wat): 2.3× (Snappy), 1.9× (LZ4) and 1.7× (LZF) the
 * speed of the JavaScript decoders on a real log, so that a compressed log is read on the parsing thread at
 * 0.94–0.98× the plain rate (bench:eventlog). A fast path only: a block returns null on any fault, and the JavaScript decoder (lzfDecode,
 * decodeSnappyBlock, decodeLz4Block) then decodes it again and names the fault, so messages and results are
 * the JavaScript decoder's in every case.
 */
export type BlockFormat = "lzf" | "snappy" | "lz4";

/** The part of WebAssembly used here (the compiler's ES2022 library does not declare it; Node and browsers have it). */
interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
};
type Kernel = (ip: number, iend: number, op: number, oend: number) => number;

/** Blocks whose input and output together exceed this are left to JavaScript, so the memory never grows past it. */
const MAX_MEMORY = 16 * 1024 * 1024;
const PAGE = 65536;

export class WasmBlocks {
  private bytes: Uint8Array;

  constructor(
    private readonly memory: Memory,
    private readonly kernels: Record<
      BlockFormat,
      (ip: number, iend: number, op: number, oend: number) => number
    >,
  ) {
    this.bytes = new Uint8Array(memory.buffer);
  }

  /**
   * `src` from byte `start` decoded into exactly `length` fresh bytes, or null when the data does not decode to
   * that (or the block is too large for the fast path).
   */
  decode(format: BlockFormat, src: Uint8Array, start: number, length: number): Uint8Array | null {
    const out = (src.length + 7) & ~7;
    if (out + length > MAX_MEMORY) return null;
    if (out + length > this.bytes.length) {
      this.memory.grow(Math.ceil((out + length - this.bytes.length) / PAGE));
      this.bytes = new Uint8Array(this.memory.buffer);
    }
    this.bytes.set(src, 0);
    const n = this.kernels[format](start, src.length, out, out + length);
    return n === length ? this.bytes.slice(out, out + length) : null;
  }
}

let loading: Promise<WasmBlocks | null> | null = null;

/** The module, compiled once per thread; null where WebAssembly cannot run it (the JavaScript decoders serve). */
export function loadWasmBlocks(): Promise<WasmBlocks | null> {
  loading ??= (async () => {
    try {
      const bytes = Uint8Array.from(atob(BLOCKS_WASM), (c) => c.charCodeAt(0));
      const { instance } = await WebAssembly.instantiate(bytes);
      const e = instance.exports as { memory: Memory; lzf: Kernel; snappy: Kernel; lz4: Kernel };
      return new WasmBlocks(e.memory, { lzf: e.lzf, snappy: e.snappy, lz4: e.lz4 });
    } catch {
      return null;
    }
  })();
  return loading;
}
