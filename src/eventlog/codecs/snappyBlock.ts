import { copyLiteral, copyMatch } from "./blockCopy.js";
/**
 * Decodes one raw Snappy block (format_description.txt), checking every length as it goes, in one pass.
 * (snappyjs, used before, trusted the lengths: a literal whose 4-byte length has the top bit set read as
 * negative and moved its position back by ~2^31, so a 34-byte file looped for minutes; a copy could run past
 * the output, and a block that decoded short left zeros.) A block decodes to exactly its declared length,
 * each element within the block and the output:
 *   uncompressed length (varint, ≤ 5 bytes) | elements, by the low 2 bits of a tag byte:
 *   00 literal (length − 1 in the tag's 6 high bits, or 60–63: in the next 1–4 bytes LE) | the bytes
 *   01 copy, length 4–11, offset 11 bits (1 more byte); 10 / 11 copy, length 1–64, offset in 2 / 4 bytes LE
 * `at` is where the block starts in the file, for the messages; `maxLength` bounds the declared length.
 * Returns the bytes, or the problem.
 */
export function decodeSnappyBlock(src: Uint8Array, maxLength: number, at: number): Uint8Array | string {
  const declared = snappyLength(src, maxLength, at);
  if (typeof declared === "string") return declared;
  let ip = declared.start;
  const { length } = declared;
  const dst = new Uint8Array(length);
  let op = 0;
  const where = (i: number) => `at byte ${at + i}`;
  while (ip < src.length) {
    const tag = ip++;
    const t = src[tag] as number;
    let len: number;
    if ((t & 3) === 0) {
      len = (t >> 2) + 1;
      if (len > 60) {
        const n = len - 60;
        if (ip + n > src.length) return `literal length ${where(tag)} cut by the end of the block`;
        len = 1;
        for (let i = 0; i < n; i++) len += (src[ip + i] as number) * 2 ** (8 * i);
        ip += n;
      }
      if (ip + len > src.length)
        return `literal of ${len} bytes ${where(tag)} runs past the end of the block (${src.length - ip} left)`;
      if (op + len > length) return past(length, at + tag);
      copyLiteral(dst, op, src, ip, len);
      ip += len;
    } else {
      const kind = t & 3; // 1, 2, 3: an offset of 1 (plus 3 bits of the tag), 2 or 4 bytes
      const n = kind === 3 ? 4 : kind;
      if (ip + n > src.length) return `copy ${where(tag)} cut by the end of the block`;
      let offset: number;
      if (kind === 1) {
        len = ((t >> 2) & 7) + 4;
        offset = ((t >> 5) << 8) | (src[ip] as number);
      } else {
        len = (t >> 2) + 1;
        offset = (src[ip] as number) | ((src[ip + 1] as number) << 8);
        if (kind === 3)
          offset = (offset | ((src[ip + 2] as number) << 16) | ((src[ip + 3] as number) << 24)) >>> 0;
      }
      ip += n;
      if (offset === 0 || offset > op)
        return `copy offset ${offset} ${where(tag)} with ${op} bytes decoded (expected 1 to ${op})`;
      if (op + len > length) return past(length, at + tag);
      copyMatch(dst, op, offset, len);
    }
    op += len;
  }
  return op === length ? dst : `Snappy data decodes to ${op} bytes, the block declares ${length}`;
}

/** The block's uncompressed length (a varint of ≤ 5 bytes, at most maxLength) and where its elements start. */
export function snappyLength(
  src: Uint8Array,
  maxLength: number,
  at: number,
): { length: number; start: number } | string {
  let ip = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (ip >= src.length || shift > 28) return `uncompressed length at byte ${at} is not a varint`;
    const b = src[ip++] as number;
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (length > maxLength)
    return `uncompressed length ${length} at byte ${at} above the ${maxLength} bytes the block can hold`;
  return { length, start: ip };
}

const past = (length: number, byte: number) =>
  `the element at byte ${byte} decodes past the ${length} bytes the block declares`;
