/**
 * The two copies every LZ77-style block decoder makes (LZ4, Snappy, LZF): a literal run from the input, and a
 * match from what was already decoded. Runs up to 16 bytes go byte by byte (a call to set/copyWithin costs
 * more than that); a match that overlaps what it copies (distance < length repeats the last `distance`
 * bytes) must go byte by byte, in order. The callers have checked both ranges.
 */
export function copyLiteral(dst: Uint8Array, op: number, src: Uint8Array, ip: number, n: number): void {
  if (n > 16) dst.set(src.subarray(ip, ip + n), op);
  else for (let i = 0; i < n; i++) dst[op + i] = src[ip + i] as number;
}

export function copyMatch(dst: Uint8Array, op: number, distance: number, n: number): void {
  const from = op - distance;
  if (n > 16 && distance >= n) dst.copyWithin(op, from, from + n);
  else for (let i = 0; i < n; i++) dst[op + i] = dst[from + i] as number;
}
