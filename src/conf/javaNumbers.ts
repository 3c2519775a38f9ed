/**
 * String → number the way Spark's typed config entries do it: Scala's `s.trim.toDouble`
 * (java.lang.Double.parseDouble), `toInt`, `toLong`, `toBoolean`
 * (core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala, ConfigHelpers).
 */

const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;

export function parseJavaDouble(s: string): number | null {
  const t = s.trim();
  if (!JAVA_DOUBLE.test(t)) return null;
  return Number.parseFloat(t.replace(/[fFdD]$/, ""));
}

export function parseJavaInt(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

export function parseJavaLong(s: string): bigint | null {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = BigInt(t);
  return n >= -(1n << 63n) && n < 1n << 63n ? n : null;
}

export function parseJavaBoolean(s: string): boolean | null {
  const t = s.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  return null;
}
