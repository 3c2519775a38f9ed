/**
 * The compressed bytes received but not yet decoded, as the list of pushed chunks (no copy until a block
 * spans chunks). Framing decoders peek at a header, wait until the whole block is here, then take it, so
 * the queue never holds more than one block plus one pushed chunk.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private first = 0;
  private pos = 0;
  private size = 0;
  private consumed = 0;

  /** Bytes waiting. */
  get length(): number {
    return this.size;
  }

  /** Offset, in everything ever pushed, of the next byte to read. */
  get offset(): number {
    return this.consumed;
  }

  /** Bytes that can be taken without a copy: the rest of the oldest chunk. */
  get contiguous(): number {
    const head = this.chunks[this.first];
    return head ? head.length - this.pos : 0;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The next n bytes (n ≤ length), without consuming them. */
  peek(n: number): Uint8Array {
    if (n > this.size) throw new RangeError(`peek(${n}) with ${this.size} bytes queued`);
    const head = this.chunks[this.first];
    if (head && head.length - this.pos >= n) return head.subarray(this.pos, this.pos + n);
    const out = new Uint8Array(n);
    let filled = 0;
    for (let i = this.first, p = this.pos; filled < n; i++, p = 0) {
      const c = this.chunks[i] as Uint8Array;
      const k = Math.min(n - filled, c.length - p);
      out.set(c.subarray(p, p + k), filled);
      filled += k;
    }
    return out;
  }

  take(n: number): Uint8Array {
    const out = this.peek(n);
    this.skip(n);
    return out;
  }

  skip(n: number): void {
    if (n > this.size) throw new RangeError(`skip(${n}) with ${this.size} bytes queued`);
    this.size -= n;
    this.consumed += n;
    while (n > 0) {
      const left = (this.chunks[this.first] as Uint8Array).length - this.pos;
      if (n < left) {
        this.pos += n;
        n = 0;
      } else {
        n -= left;
        this.first++;
        this.pos = 0;
      }
    }
    if (this.first === this.chunks.length || this.first > 1024) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}

export const readU32LE = (b: Uint8Array, i: number): number =>
  ((b[i] as number) |
    ((b[i + 1] as number) << 8) |
    ((b[i + 2] as number) << 16) |
    ((b[i + 3] as number) << 24)) >>>
  0;

export const readU32BE = (b: Uint8Array, i: number): number =>
  (((b[i] as number) << 24) |
    ((b[i + 1] as number) << 16) |
    ((b[i + 2] as number) << 8) |
    (b[i + 3] as number)) >>>
  0;

export const readU16BE = (b: Uint8Array, i: number): number => ((b[i] as number) << 8) | (b[i + 1] as number);

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function startsWith(b: Uint8Array, magic: Uint8Array): boolean {
  if (b.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[i] !== magic[i]) return false;
  return true;
}

/** True when b is a (possibly partial) prefix of magic: a file cut inside its first header. */
export function prefixOf(b: Uint8Array, magic: Uint8Array): boolean {
  const n = Math.min(b.length, magic.length);
  for (let i = 0; i < n; i++) if (b[i] !== magic[i]) return false;
  return true;
}
