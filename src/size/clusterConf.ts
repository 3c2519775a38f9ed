import { type ByteUnit, byteStringAs, GiB, MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { type ConfEntry, confFromEntries, describeEntry, type SparkConf } from "../conf/sparkConf.js";
import { parseCpuQuantity } from "../model/quantity.js";

/**
 * The settings of `size`, split: Spark's (spark.*, kept on every candidate) and the cluster's (yarn.*,
 * kubelet.*, k8s.*, which decide what each node offers), each entry with its origin. spark.hadoop.yarn.* is
 * YARN's key (confFromEntries), as Spark copies spark.hadoop.* into its Hadoop configuration.
 */
export interface SizeConf {
  spark: SparkConf;
  cluster: Map<string, ConfEntry>;
}

const CLUSTER_PREFIXES = ["yarn.", "kubelet.", "k8s."];

/** Where a setting was given, for errors: "--conf KEY" for size's own --conf, else its file or flag. */
export function givenAs(e: ConfEntry): string {
  return e.origin.kind === "conf-flag" || (!e.origin.file && !e.origin.flag)
    ? `--conf ${e.key}`
    : describeEntry(e);
}

export function splitConf(conf: SparkConf): SizeConf {
  const spark: ConfEntry[] = [];
  const cluster = new Map<string, ConfEntry>();
  for (const e of conf.entries.values()) {
    if (CLUSTER_PREFIXES.some((p) => e.key.startsWith(p)))
      cluster.set(e.key, { ...e, value: e.value.trim() });
    else if (e.key.startsWith("spark.")) spark.push(e);
    else
      throw new SparkmemError(givenAs(e), "is neither a Spark setting nor a cluster setting", {
        expected:
          "spark.* (applied to every layout), yarn.* (yarn-site, capacity-scheduler) or kubelet.*/k8s.*",
      });
  }
  return { spark: confFromEntries(spark), cluster };
}

/** A cluster setting's value and where it was given, or undefined when unset. */
export function clusterValue(c: SizeConf, key: string): { value: string; where: string } | undefined {
  const e = c.cluster.get(key);
  return e && { value: e.value, where: givenAs(e) };
}

/** A whole number ≥ min from a cluster key, or null when unset. */
export function clusterInt(c: SizeConf, key: string, min = 1): number | null {
  const given = clusterValue(c, key);
  if (given === undefined) return null;
  const v = given.value;
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new SparkmemError(given.where, `"${v}" is not a whole number ≥ ${min}`, {
      expected: key.endsWith("-mb") ? "MiB as a whole number, e.g. 1024" : "a whole number",
    });
  return Number(v);
}

const K8S_UNITS: Record<string, number> = {
  "": 1,
  Ki: 1024,
  Mi: MiB,
  Gi: GiB,
  Ti: 1024 * GiB,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/**
 * A memory amount: a Kubernetes quantity ("500Mi", "2Gi", "2G", bytes) or a Spark size ("2g", "512m").
 * Lower-case m/g/t are read as Spark's binary units (a Kubernetes "m" is milli, never meant for memory).
 */
export function memoryQuantity(text: string, where: string): number {
  const v = text.trim();
  const k8s = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(v);
  if (k8s) return Math.floor(Number(k8s[1]) * (K8S_UNITS[k8s[2] ?? ""] as number));
  if (/^[0-9]+[mgt]b?$/i.test(v)) return sparkSize(v, where, "BYTE");
  throw new SparkmemError(where, `"${text}" is not a memory amount`, {
    expected: "a Kubernetes quantity (100Mi, 2Gi) or a size (2g, 512m)",
  });
}

/** A size as Spark writes them ("64g", "512m"); a bare number is in `unit`. */
export function sparkSize(text: string, where: string, unit: ByteUnit = "BYTE"): number {
  try {
    const v = byteStringAs(text, unit);
    const mult = { BYTE: 1, KiB: 1024, MiB, GiB, TiB: 1024 * GiB, PiB: 1024 ** 5 }[unit];
    const bytes = Number(v) * mult;
    if (!Number.isSafeInteger(bytes)) throw new Error("too large");
    return bytes;
  } catch {
    throw new SparkmemError(where, `"${text}" is not a size`, { expected: "a size such as 64g or 512m" });
  }
}

/** A CPU amount in millicores ("1", "500m", "1.5"). */
export function cpuMillis(text: string, where: string): number {
  const cores = parseCpuQuantity(text);
  if (cores === null)
    throw new SparkmemError(where, `"${text}" is not a CPU amount`, {
      expected: "cores such as 1, 1.5 or 500m",
    });
  return Math.round(cores * 1000);
}
