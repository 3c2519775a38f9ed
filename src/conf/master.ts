import { SparkmemError } from "./errors.js";
import { javaTrim, parseJavaInt } from "./javaNumbers.js";

export type ClusterManager = "local" | "standalone" | "yarn" | "kubernetes";

/** A parsed master URL (SparkContext.createTaskScheduler / SparkSubmit's master match). */
export type Master =
  | { manager: "local"; url: string; threads: number | "*"; maxFailures: number }
  | {
      manager: "standalone";
      url: string;
      localCluster?: { workers: number; coresPerWorker: number; memoryPerWorkerMiB: number };
    }
  | { manager: "yarn"; url: string }
  | { manager: "kubernetes"; url: string };

const LOCAL_N = /^local\[([0-9]+|\*)\]$/;
const LOCAL_N_FAILURES = /^local\[([0-9]+|\*)\s*,\s*([0-9]+)\]$/;
const LOCAL_CLUSTER = /^local-cluster\[\s*([0-9]+)\s*,\s*([0-9]+)\s*,\s*([0-9]+)\s*\]$/;

export function parseMaster(url: string, where = "spark.master"): Master {
  const u = javaTrim(url);
  if (u === "local") return { manager: "local", url: u, threads: 1, maxFailures: 1 };
  let m = LOCAL_N.exec(u);
  if (m) return { manager: "local", url: u, threads: threads(m[1] as string, u, where), maxFailures: 1 };
  m = LOCAL_N_FAILURES.exec(u);
  if (m)
    return {
      manager: "local",
      url: u,
      threads: threads(m[1] as string, u, where),
      maxFailures: javaInt(m[2] as string, u, where),
    };
  m = LOCAL_CLUSTER.exec(u);
  if (m) {
    return {
      manager: "standalone",
      url: u,
      localCluster: {
        workers: javaInt(m[1] as string, u, where),
        coresPerWorker: javaInt(m[2] as string, u, where),
        memoryPerWorkerMiB: javaInt(m[3] as string, u, where),
      },
    };
  }
  if (u.startsWith("spark://")) return { manager: "standalone", url: u };
  if (u === "yarn") return { manager: "yarn", url: u };
  if (u.startsWith("k8s://")) return { manager: "kubernetes", url: u };
  if (u === "yarn-client" || u === "yarn-cluster") {
    throw new SparkmemError(where, `"${u}" was removed in Spark 3.0`, {
      expected: `--master yarn --deploy-mode ${u.slice(5)}`,
    });
  }
  if (u.startsWith("mesos://")) {
    throw new SparkmemError(where, "Mesos is not modelled by sparkmem (removed from Spark in 4.0)", {
      expected: "local, spark://, yarn or k8s://",
    });
  }
  throw new SparkmemError(where, `Could not parse Master URL: '${u}'`, {
    expected:
      "local, local[N], local[*], local-cluster[N,C,M], spark://host:port, yarn or k8s://https://host",
  });
}

function threads(s: string, url: string, where: string): number | "*" {
  if (s === "*") return "*";
  const n = javaInt(s, url, where);
  if (n <= 0) {
    // SparkContext: "Asked to run locally with $threadCount threads"
    throw new SparkmemError(where, `Asked to run locally with ${n} threads`, {
      expected: `at least 1 thread in ${url}`,
    });
  }
  return n;
}

/** SparkContext reads the numbers of a local master with Scala's toInt: above 2147483647 it fails. */
function javaInt(s: string, url: string, where: string): number {
  const n = parseJavaInt(s);
  if (n === null)
    throw new SparkmemError(where, `NumberFormatException: For input string: "${s}"`, {
      expected: `a whole number up to 2147483647 in ${url}`,
    });
  return n;
}
