import {
  type Document,
  isMap,
  isScalar,
  LineCounter,
  type Node,
  parseAllDocuments,
  type YAMLMap,
} from "yaml";
import { SparkmemError } from "../errors.js";
import { own } from "../own.js";
import type { ConfEntry } from "../sparkConf.js";
import type { SourcedConf } from "./sourced.js";

const EXPECTED = "a sparkoperator.k8s.io/v1beta2 SparkApplication (or ScheduledSparkApplication) with a spec";
const KINDS = new Set(["SparkApplication", "ScheduledSparkApplication"]);
/** The master the operator passes as --master (pkg/util GetMasterURL, from the in-cluster service). */
const K8S_MASTER = "k8s://https://kubernetes.default.svc";
/** spec.type (api/v1beta2 SparkApplicationType); the operator defaults it to Scala. */
const APP_TYPES: Record<string, "jvm" | "python" | "r"> = {
  Java: "jvm",
  Scala: "jvm",
  Python: "python",
  R: "r",
};

/**
 * A Kubeflow spark-operator SparkApplication, turned into the --conf settings the operator passes
 * to spark-submit (internal/controller/sparkapplication/submission.go, buildSparkSubmitArgs).
 * Entries come in the operator's argument order, so a later one wins exactly as it does there:
 * spec.driver.memory overrides spec.sparkConf's spark.driver.memory.
 */
export function parseSparkApplication(text: string, file: string): SourcedConf {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const lineOf = (n: Node | null | undefined) => (n?.range ? lc.linePos(n.range[0]).line : undefined);
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const e = doc.errors[0];
    if (e) {
      const pos = e.linePos?.[0];
      throw new SparkmemError(
        pos ? `${file}:${pos.line}:${pos.col}` : file,
        `not valid YAML: ${e.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "")}`,
        {
          expected: EXPECTED,
        },
      );
    }
  }
  const kinds = list.map((d) => (isMap(d.contents) ? scalarOf(d.contents.get("kind", true)) : undefined));
  const apps = list.filter((d, i) => {
    const api = isMap(d.contents) ? scalarOf(d.contents.get("apiVersion", true)) : undefined;
    return KINDS.has(kinds[i] ?? "") && (api === undefined || api.startsWith("sparkoperator.k8s.io/"));
  });
  const doc = apps[0];
  if (!doc || !isMap(doc.contents)) {
    const other = kinds.find((k) => k !== undefined);
    throw new SparkmemError(
      file,
      other ? `kind "${other}" is not a SparkApplication` : "no SparkApplication found",
      {
        expected: EXPECTED,
      },
    );
  }
  if (apps[1]) {
    throw new SparkmemError(
      `${file}:${lineOf(apps[1].contents) ?? 1}`,
      "a second SparkApplication in one file",
      {
        expected: "one SparkApplication per file",
      },
    );
  }
  const scheduled = scalarOf(doc.contents.get("kind", true)) === "ScheduledSparkApplication";
  const top = child(doc.contents, "spec");
  const spec = scheduled && isMap(top?.value) ? child(top.value, "template") : top;
  if (!spec || !isMap(spec.value)) {
    throw new SparkmemError(
      `${file}:${lineOf(top?.key ?? doc.contents) ?? 1}`,
      `no ${scheduled ? "spec.template" : "spec"}`,
      {
        expected: EXPECTED,
      },
    );
  }

  const entries: ConfEntry[] = [];
  const fail = (n: Node | null | undefined, problem: string, expected: string): never => {
    throw new SparkmemError(`${file}:${lineOf(n) ?? 1}`, problem, { expected });
  };
  /** A string field, or a number/boolean as written (1.0 stays "1.0"). */
  const str = (f: Field, path: string): string => {
    const v = isScalar(f.value) ? f.value.value : undefined;
    if (typeof v === "string") return v;
    if (isScalar(f.value) && (typeof v === "number" || typeof v === "boolean"))
      return f.value.source ?? String(v);
    return fail(f.key, `${path} has no plain value`, "a string such as 4g");
  };
  /** An int32 field: the operator formats it with %d. */
  const int = (f: Field, path: string): string => {
    const v = isScalar(f.value) ? f.value.value : undefined;
    if (typeof v === "number" && Number.isInteger(v)) return String(v);
    if (typeof v === "string" && /^\d+$/.test(v)) return String(Number(v));
    return fail(f.key, `${path} is not a whole number`, "a whole number such as 4");
  };
  /** A bool field: the operator formats it with %t. */
  const bool = (f: Field, path: string): string => {
    const v = isScalar(f.value) ? f.value.value : undefined;
    if (typeof v === "boolean") return String(v);
    if (v === "true" || v === "false") return v;
    return fail(f.key, `${path} is not true or false`, "true or false");
  };
  const add = (key: string, value: string, f: Field) =>
    entries.push({ key, value, origin: { kind: "spark-application", file, line: lineOf(f.key) ?? 1 } });
  const field = (m: YAMLMap, name: string, key: string, read: typeof str) => {
    const f = child(m, name);
    if (f) add(key, read(f, name), f);
  };
  const s = spec.value;

  // memoryOverheadFactorOption, sparkConfOption, hadoopConfOption
  field(s, "memoryOverheadFactor", "spark.kubernetes.memoryOverheadFactor", str);
  for (const [name, prefix] of [
    ["sparkConf", ""],
    ["hadoopConf", "spark.hadoop."],
  ] as const) {
    const m = child(s, name);
    if (!m || m.value === null || (isScalar(m.value) && m.value.value === null)) continue;
    if (!isMap(m.value)) fail(m.key, `spec.${name} is not a map`, `spec.${name} as key: value lines`);
    for (const f of fields(m.value as YAMLMap)) {
      // The operator sets the driver pod name itself and drops this one key.
      if (name === "sparkConf" && f.name === "spark.kubernetes.driver.pod.name") continue;
      add(prefix + f.name, str(f, `spec.${name}.${f.name}`), f);
    }
  }
  // driverConfOption, executorConfOption: the same order as the operator appends them
  for (const role of ["driver", "executor"] as const) {
    const r = child(s, role);
    if (!r || !isMap(r.value)) continue;
    if (role === "executor") field(r.value, "instances", "spark.executor.instances", int);
    field(r.value, "cores", `spark.${role}.cores`, int);
    field(r.value, "coreRequest", `spark.kubernetes.${role}.request.cores`, str);
    field(r.value, "coreLimit", `spark.kubernetes.${role}.limit.cores`, str);
    field(r.value, "memory", `spark.${role}.memory`, str);
    field(r.value, "memoryOverhead", `spark.${role}.memoryOverhead`, str);
    field(r.value, "javaOptions", `spark.${role}.extraJavaOptions`, str);
  }
  // dynamicAllocationOption: only when enabled; shuffle tracking defaults to true there
  const da = child(s, "dynamicAllocation");
  const enabled = da && isMap(da.value) ? child(da.value, "enabled") : undefined;
  if (da && isMap(da.value) && enabled && bool(enabled, "dynamicAllocation.enabled") === "true") {
    add("spark.dynamicAllocation.enabled", "true", enabled);
    for (const n of ["initialExecutors", "minExecutors", "maxExecutors"]) {
      field(da.value, n, `spark.dynamicAllocation.${n}`, int);
    }
    const tracking = child(da.value, "shuffleTrackingEnabled");
    const trackingValue = tracking ? bool(tracking, "dynamicAllocation.shuffleTrackingEnabled") : "true";
    add("spark.dynamicAllocation.shuffleTracking.enabled", trackingValue, tracking ?? enabled);
    field(da.value, "shuffleTrackingTimeout", "spark.dynamicAllocation.shuffleTracking.timeout", int);
  }

  const facts: SourcedConf["facts"] = { master: K8S_MASTER, deployMode: "cluster", appType: "jvm" };
  const version = child(s, "sparkVersion");
  if (version) facts.sparkVersion = str(version, "sparkVersion");
  const mode = child(s, "mode");
  if (mode) {
    const m = str(mode, "mode");
    // in-cluster-client: the driver runs in a pod the user made, in client mode
    if (m === "client" || m === "in-cluster-client") facts.deployMode = "client";
    else if (m !== "cluster") fail(mode.key, `mode "${m}"`, "cluster, client or in-cluster-client");
  }
  const type = child(s, "type");
  if (type) {
    const t = str(type, "type");
    const appType = own(APP_TYPES, t);
    if (!appType) fail(type.key, `type "${t}"`, "Java, Scala, Python or R");
    facts.appType = appType;
  }
  return { entries, facts };
}

interface Field {
  name: string;
  key: Node | null;
  value: unknown;
}

function scalarOf(n: unknown): string | undefined {
  return isScalar(n) && typeof n.value === "string" ? n.value : undefined;
}

function fields(m: YAMLMap): Field[] {
  return m.items.map((p) => ({
    name: isScalar(p.key) ? String(p.key.value) : String(p.key),
    key: isScalar(p.key) ? p.key : null,
    value: p.value,
  }));
}

function child(m: YAMLMap, name: string): Field | undefined {
  return fields(m).find((f) => f.name === name);
}
