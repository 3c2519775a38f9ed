import { sizeSetting } from "../conf/byteString.js";

/** Sizes as the messages print them, read back into integer bytes; and sizes written as settings. */

export const MiB = 1048576;
export const GiB = 1073741824;

const BINARY: Record<string, number> = { "": 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

/**
 * Hadoop's StringUtils.TraditionalBinaryPrefix.long2String(n, "", 1) + "B" ("33.2 GB", "33 GB",
 * "512B"): binary prefixes (1 GB = 2^30), one decimal, rounded half-up by String.format.
 * Spark's Utils.bytesToString ("1024.0 MiB", 2.x "1024.0 MB") is also binary. Null if unreadable.
 */
export function parseBinarySize(text: string): number | null {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGTPE]?)(?:i?B)?\s*$/i.exec(text);
  if (!m) return null;
  const exp = BINARY[(m[2] as string).toUpperCase()];
  if (exp === undefined) return null;
  return Math.round(Number(m[1]) * 1024 ** exp);
}

/** A Kubernetes memory quantity ("1408Mi", "2Gi", "1500M", "129e6", "134217728") → bytes. */
export function parseMemoryQuantity(q: string): number | null {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?(?:[eE][0-9]+)?)\s*(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?\s*$/.exec(q);
  if (!m) return null;
  const n = Number(m[1]);
  const suffix = m[2] ?? "";
  const binary: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
  const decimal: Record<string, number> = { k: 1, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };
  if (suffix in binary) return Math.round(n * 1024 ** (binary[suffix] as number));
  if (suffix in decimal) return Math.round(n * 1000 ** (decimal[suffix] as number));
  return Math.round(n);
}

/** A JVM size flag's value ("-Xmx4g", "512m", "4096k", "1073741824"), or null (JVM units only). */
export function parseJvmSize(text: string): number | null {
  const m = /^([0-9]+)([kKmMgGtT]?)$/.exec(text.trim());
  if (!m) return null;
  const exp: Record<string, number> = { "": 0, k: 1, m: 2, g: 3, t: 4 };
  return Number(m[1]) * 1024 ** (exp[(m[2] as string).toLowerCase()] as number);
}

export function ceilMiB(bytes: number): number {
  return Math.ceil(bytes / MiB);
}

export function roundUpTo(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

/** A MiB figure as a user writes it in --conf: whole GiB as "7g", else "7168m". */
export const confSize = (mib: number): string => sizeSetting(mib * MiB);

/** For titles: "33 GiB", "33.2 GiB", "384 MiB". */
export function human(bytes: number): string {
  if (bytes >= GiB) return `${trim(bytes / GiB)} GiB`;
  if (bytes >= MiB) return `${trim(bytes / MiB)} MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

function trim(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
