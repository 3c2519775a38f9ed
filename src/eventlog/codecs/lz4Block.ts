import { copyLiteral, copyMatch } from "./blockCopy.js";
/**
 * Decodes one raw LZ4 block (lz4_Block_format.md) into exactly `originalLen` bytes, checking every length as it
 * goes, in one pass. (lz4js, used before, did not bound-check: a length that ran past the block or the output
 * made it loop on, reading `undefined` and writing nowhere, and it copied byte by byte: 445 MB/s here, slower
 * than the parsing it fed.) Each sequence must stay within the block and the output:
 *   token (literals << 4 | match − 4) | [literal length bytes, 255 = more] | literals
 *   | offset u16 LE (1 … bytes decoded) | [match length bytes, 255 = more]      (the last sequence stops after its literals)
 * Returns the bytes, or a problem naming the block offset (`at` is where the block starts in the file).
 */
export function decodeLz4Block(src: Uint8Array, originalLen: number, at: number): Uint8Array | string {
  const dst = new Uint8Array(originalLen);
  let ip = 0;
  let op = 0;
  const where = (i: number) => `at byte ${at + i}`;
  while (ip < src.length) {
    const token = ip++;
    let literals = (src[token] as number) >> 4;
    if (literals === 15) {
      for (let b = 255; b === 255; ) {
        if (ip >= src.length) return `literal length ${where(token)} runs past the end of the block`;
        b = src[ip++] as number;
        literals += b;
      }
    }
    if (ip + literals > src.length)
      return `${literals} literal bytes ${where(token)} run past the end of the block (${src.length - ip} left)`;
    if (op + literals > originalLen) return longer(originalLen, token + at);
    copyLiteral(dst, op, src, ip, literals);
    ip += literals;
    op += literals;
    if (ip === src.length) break; // the last sequence: literals only
    if (ip + 2 > src.length) return `match offset ${where(ip)} cut by the end of the block`;
    const offset = (src[ip] as number) | ((src[ip + 1] as number) << 8);
    if (offset === 0 || offset > op)
      return `match offset ${offset} ${where(ip)} with ${op} bytes decoded (expected 1 to ${op})`;
    ip += 2;
    let match = ((src[token] as number) & 15) + 4;
    if (match === 19) {
      for (let b = 255; b === 255; ) {
        if (ip >= src.length) return `match length ${where(token)} runs past the end of the block`;
        b = src[ip++] as number;
        match += b;
      }
    }
    if (op + match > originalLen) return longer(originalLen, token + at);
    copyMatch(dst, op, offset, match);
    op += match;
  }
  return op === originalLen ? dst : `LZ4 data decodes to ${op} bytes, header says ${originalLen}`;
}

const longer = (originalLen: number, byte: number) =>
  `the sequence at byte ${byte} decodes past the ${originalLen} bytes the header says`;

/** LZ4_compressBound (lz4-java's LZ4Utils.maxCompressedLength): no LZ4 block of n bytes is longer. */
export const maxCompressedLength = (n: number): number => n + Math.floor(n / 255) + 16;
