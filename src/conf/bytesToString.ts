/**
 * Sizes for humans, as Spark prints them (Utils.bytesToString): the largest unit U with
 * size ≥ 2·U, one decimal, "%.1f". Spark 3.0+ says KiB/MiB/GiB, 2.x said KB/MB/GB for the same
 * 1024-based numbers. Division by a power of two is exact in a double, so toFixed rounds as
 * Java's HALF_UP does here (a tie would need 0.05·2^k to be whole, which it never is).
 */
const UNITS = ["EiB", "PiB", "TiB", "GiB", "MiB", "KiB"] as const;
const LEGACY: Record<(typeof UNITS)[number], string> = {
  EiB: "EB",
  PiB: "PB",
  TiB: "TB",
  GiB: "GB",
  MiB: "MB",
  KiB: "KB",
};

export function bytesToString(bytes: number, legacyUnits = false): string {
  for (let i = 0; i < UNITS.length; i++) {
    const unit = UNITS[i] as (typeof UNITS)[number];
    const size = 2 ** (10 * (UNITS.length - i));
    if (Math.abs(bytes) >= 2 * size)
      return `${(bytes / size).toFixed(1)} ${legacyUnits ? LEGACY[unit] : unit}`;
  }
  return `${bytes.toFixed(1)} B`;
}

/** Whole MiB when exact ("33792 MiB"), else Spark's style. */
export function mibOrString(bytes: number): string {
  const mib = bytes / 1048576;
  return Number.isInteger(mib) ? `${mib} MiB` : bytesToString(bytes);
}
