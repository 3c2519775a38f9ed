import { SparkmemError } from "./errors.js";

/** A Spark release as major.minor.patch; vendor suffixes ("3.3.0-amzn-0") are kept as text. */
export interface SparkVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

/** The minor lines sparkmem models; the last one is the default. */
export const SUPPORTED_LINES = [
  "2.4",
  "3.0",
  "3.1",
  "3.2",
  "3.3",
  "3.4",
  "3.5",
  "4.0",
  "4.1",
  "4.2",
  "4.3",
] as const;

/** The newest release of every line (the ones the oracle installs); the last is LATEST_VERSION. */
export const SPARK_RELEASES = [
  "2.4.8",
  "3.0.3",
  "3.1.3",
  "3.2.4",
  "3.3.4",
  "3.4.4",
  "3.5.9",
  "4.0.5",
  "4.1.4",
  "4.2.1",
  "4.3.0",
] as const;

export const LATEST_VERSION = "4.3.0";

export function parseSparkVersion(text: string, where = "--spark-version"): SparkVersion {
  const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?([-+.][0-9A-Za-z.+-]*)?\s*$/.exec(text);
  if (!m) {
    throw new SparkmemError(where, `"${text}" is not a Spark version`, {
      expected: `a version such as 3.5.1 (supported: ${SUPPORTED_LINES.join(", ")})`,
    });
  }
  const v: SparkVersion = {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] === undefined ? 0 : Number(m[3]),
    text: text.trim(),
  };
  if (!(SUPPORTED_LINES as readonly string[]).includes(`${v.major}.${v.minor}`)) {
    throw new SparkmemError(where, `Spark ${v.major}.${v.minor} is not modelled`, {
      expected: `one of ${SUPPORTED_LINES.join(", ")}`,
    });
  }
  return v;
}

/** v >= "major.minor" */
export function atLeast(v: SparkVersion, line: string): boolean {
  const [maj, min] = line.split(".").map(Number) as [number, number];
  return v.major > maj || (v.major === maj && v.minor >= min);
}

export function lineOf(v: SparkVersion): string {
  return `${v.major}.${v.minor}`;
}
