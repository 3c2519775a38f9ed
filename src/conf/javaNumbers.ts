/**
 * String → number the way Spark's typed config entries do it: Scala's `s.trim.toDouble`
 * (java.lang.Double.parseDouble), `toInt`, `toLong`, `toBoolean`
 * (core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala, ConfigHelpers).
 */

/**
 * java.lang.String.trim(): strips characters up to U+0020 (spaces and control characters) at both ends, and
 * nothing else — a no-break space stays, so "4g\u00a0" is refused by Spark where JS's trim() would accept it.
 */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;

export function parseJavaDouble(s: string): number | null {
  const t = javaTrim(s);
  if (!JAVA_DOUBLE.test(t)) return null;
  return Number.parseFloat(t.replace(/[fFdD]$/, ""));
}

export function parseJavaInt(s: string): number | null {
  const t = javaTrim(s);
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

export function parseJavaLong(s: string): bigint | null {
  const t = javaTrim(s);
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = BigInt(t);
  return n >= -(1n << 63n) && n < 1n << 63n ? n : null;
}

export function parseJavaBoolean(s: string): boolean | null {
  const t = javaTrim(s).toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  return null;
}
