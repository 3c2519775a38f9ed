import { type ByteUnit, byteStringAs, GiB, MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { parseCpuQuantity } from "../model/quantity.js";

/**
 * The --conf settings of `size`, split: Spark's (spark.*, kept on every candidate) and the cluster's
 * (yarn.*, kubelet.*, k8s.*, which decide what each node offers). spark.hadoop.yarn.* is YARN's key, as
 * Spark copies spark.hadoop.* into its Hadoop configuration.
 */
export interface SizeConf {
  spark: Record<string, string>;
  cluster: Map<string, string>;
}

const CLUSTER_PREFIXES = ["yarn.", "kubelet.", "k8s."];

export function splitConf(conf: Record<string, string> = {}): SizeConf {
  const spark: Record<string, string> = {};
  const cluster = new Map<string, string>();
  for (const [rawKey, value] of Object.entries(conf)) {
    const key = rawKey.startsWith("spark.hadoop.yarn.") ? rawKey.slice("spark.hadoop.".length) : rawKey;
    if (CLUSTER_PREFIXES.some((p) => key.startsWith(p))) cluster.set(key, value.trim());
    else if (key.startsWith("spark.")) spark[key] = value;
    else
      throw new SparkmemError(`--conf ${rawKey}`, "is neither a Spark setting nor a cluster setting", {
        expected:
          "spark.* (applied to every layout), yarn.* (yarn-site, capacity-scheduler) or kubelet.*/k8s.*",
      });
  }
  return { spark, cluster };
}

/** A whole number ≥ min from a cluster key, or null when unset. */
export function clusterInt(c: SizeConf, key: string, min = 1): number | null {
  const v = c.cluster.get(key);
  if (v === undefined) return null;
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new SparkmemError(`--conf ${key}`, `"${v}" is not a whole number ≥ ${min}`, {
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
