import { SparkmemError } from "./errors.js";
import { javaTrim } from "./javaNumbers.js";
import { own } from "./own.js";

/**
 * Spark's size strings, byte for byte.
 * Source: common/network-common/src/main/java/org/apache/spark/network/util/JavaUtils.java
 * (byteStringAs; 4.x: common/utils/.../JavaUtils.java) and ByteUnit.java.
 */
export type ByteUnit = "BYTE" | "KiB" | "MiB" | "GiB" | "TiB" | "PiB";

const MULTIPLIER: Record<ByteUnit, bigint> = {
  BYTE: 1n,
  KiB: 1n << 10n,
  MiB: 1n << 20n,
  GiB: 1n << 30n,
  TiB: 1n << 40n,
  PiB: 1n << 50n,
};

const BASE_SUFFIXES: Record<string, ByteUnit> = {
  b: "BYTE",
  k: "KiB",
  kb: "KiB",
  m: "MiB",
  mb: "MiB",
  g: "GiB",
  gb: "GiB",
  t: "TiB",
  tb: "TiB",
  p: "PiB",
  pb: "PiB",
};

/** 4.2+ also accepts the IEC spellings (JavaUtils.byteSuffixes, see docs/research/spark-4x-memory-changes.md). */
const WIDE_SUFFIXES: Record<string, ByteUnit> = {
  ...BASE_SUFFIXES,
  ki: "KiB",
  kib: "KiB",
  mi: "MiB",
  mib: "MiB",
  gi: "GiB",
  gib: "GiB",
  ti: "TiB",
  tib: "TiB",
  pi: "PiB",
  pib: "PiB",
};

/** How a Spark version parses sizes: its suffix table and its overflow wording. */
export interface ByteDialect {
  wideSuffixes: boolean;
  /** 4.3: "Conversion of <d> <UNIT> exceeds Long.MAX_VALUE. Try a larger unit (e.g. MiB instead of KiB)." */
  overflowText43: boolean;
}

export const DEFAULT_BYTE_DIALECT: ByteDialect = { wideSuffixes: false, overflowText43: false };

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
const LONG_MAX = (1n << 63n) - 1n;

/** Spark's prefix for every byte-string failure (JavaUtils.byteStringAs). */
export const BYTE_STRING_ERROR =
  "Size must be specified as bytes (b), kibibytes (k), mebibytes (m), gibibytes (g), tebibytes (t), or pebibytes(p). E.g. 50b, 100k, or 250m.";

/** Thrown as Spark throws it; callers wrap it with the key name. */
export class ByteStringError extends Error {}

/** ByteUnit.convertFrom: multiply toward smaller units (overflow-checked), truncate toward larger. */
function convert(value: bigint, from: ByteUnit, to: ByteUnit, dialect: ByteDialect): bigint {
  const f = MULTIPLIER[from];
  const t = MULTIPLIER[to];
  if (f > t) {
    const ratio = f / t;
    if (LONG_MAX / ratio < value) {
      // IllegalArgumentException, not wrapped by byteStringAs' NumberFormatException handler.
      throw new ByteStringError(
        dialect.overflowText43
          ? `Conversion of ${value} ${from} exceeds Long.MAX_VALUE. Try a larger unit (e.g. MiB instead of KiB).`
          : `Conversion of ${value} exceeds Long.MAX_VALUE in ${from}. Try a larger unit (e.g. MiB instead of KiB)`,
      );
    }
    return value * ratio;
  }
  return value / (t / f);
}

/**
 * JavaUtils.byteStringAs(str, unit): lower-case, trim, `([0-9]+)([a-z]+)?`; a bare number is in `unit`.
 * Returns a bigint because Spark works in Java longs; see toSafeNumber for the core's numbers.
 */
export function byteStringAs(
  str: string,
  unit: ByteUnit,
  dialect: ByteDialect = DEFAULT_BYTE_DIALECT,
): bigint {
  const suffixes = dialect.wideSuffixes ? WIDE_SUFFIXES : BASE_SUFFIXES;
  const lower = javaTrim(str.toLowerCase());
  const m = /^([0-9]+)([a-z]+)?$/.exec(lower);
  try {
    if (m) {
      const digits = m[1] as string;
      const suffix = m[2];
      const value = BigInt(digits);
      if (value > LONG_MAX) throw new ByteStringError(`For input string: "${digits}"`);
      if (suffix !== undefined && own(suffixes, suffix) === undefined) {
        throw new ByteStringError(`Invalid suffix: "${suffix}"`);
      }
      return convert(value, suffix === undefined ? unit : (suffixes[suffix] as ByteUnit), unit, dialect);
    }
    const frac = /^([0-9]+\.[0-9]+)([a-z]+)?$/.exec(lower);
    if (frac) throw new ByteStringError(`Fractional values are not supported. Input was: ${frac[1]}`);
    throw new ByteStringError(`Failed to parse byte string: ${str}`);
  } catch (e) {
    if (e instanceof ByteStringError && e.message.startsWith("Conversion of")) throw e;
    throw new ByteStringError(`${BYTE_STRING_ERROR}\n${(e as Error).message}`);
  }
}

/** ConfigHelpers.byteFromString: config entries accept a leading '-' that negates the value. */
export function byteFromString(
  str: string,
  unit: ByteUnit,
  dialect: ByteDialect = DEFAULT_BYTE_DIALECT,
): bigint {
  if (str.length > 0 && str.charAt(0) === "-") return -byteStringAs(str.substring(1), unit, dialect);
  return byteStringAs(str, unit, dialect);
}

/** bigint → number, refusing anything the core cannot hold exactly. */
export function toSafeNumber(v: bigint, where: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SparkmemError(where, `value ${v} is too large to compute with exactly`, {
      expected: "a size below 8 PiB",
    });
  }
  return Number(v);
}

/**
 * Utils.memoryStringToMb: byteStringAsBytes / 1024 / 1024, so a bare number is BYTES.
 * Used by standalone executors (SparkContext.executorMemoryInMb) and off-heap → MiB.
 * Source: core/src/main/scala/org/apache/spark/util/Utils.scala
 */
export function memoryStringToMb(str: string, dialect: ByteDialect = DEFAULT_BYTE_DIALECT): bigint {
  return byteStringAs(str, "BYTE", dialect) / 1024n / 1024n;
}

/**
 * What the JVM accepts for -Xmx (HotSpot Arguments::parse_memory_size): digits with an optional
 * k/m/g/t suffix in either case, bare digits are bytes. "2gb" and "1.5g" are refused.
 * Returns null when the JVM would print "Invalid maximum heap size".
 */
export function parseJvmMemorySize(str: string): bigint | null {
  const m = /^([0-9]+)([kKmMgGtT])?$/.exec(str);
  if (!m) return null;
  const shift: Record<string, bigint> = { k: 10n, m: 20n, g: 30n, t: 40n };
  const n = BigInt(m[1] as string);
  return m[2] ? n << (shift[m[2].toLowerCase()] as bigint) : n;
}

/**
 * PySpark's _parse_memory (python/pyspark/util.py, rdd.py in 2.4): last char in g/m/t/k, any
 * case, value may be fractional; result in MiB, truncated by int(). "512mb" is invalid.
 */
export function pythonParseMemoryMiB(s: string): number | null {
  const units: Record<string, number> = { g: 1024, m: 1, t: 1 << 20, k: 1 / 1024 };
  const last = s.slice(-1).toLowerCase();
  const factor = units[last];
  if (factor === undefined) return null;
  const num = s.slice(0, -1).trim(); // Python's float() strips Unicode whitespace, as JS's trim does
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) return null;
  return Math.trunc(Number.parseFloat(num) * factor);
}

/** Bytes as a user writes a size setting in --conf: whole GiB as "6g", else MiB rounded up as "6144m". */
export function sizeSetting(bytes: number): string {
  if (bytes > 0 && bytes % GiB === 0) return `${bytes / GiB}g`;
  return `${Math.ceil(bytes / MiB)}m`;
}
