import { own } from "../conf/own.js";
import { flagApplies, flagOfKey } from "../conf/sources/submitFlags.js";
import { MASTER_URL } from "./candidate.js";
import type { SizeManager } from "./types.js";

export interface SnippetContext {
  manager: SizeManager;
  deployMode: "client" | "cluster";
  appType: "jvm" | "python";
  sparkVersion: string;
}

/**
 * spark-submit's own option for a key where spark-submit passes it on for this cluster manager and deploy
 * mode (the one table, src/conf/sources/submitFlags.ts); everything else goes through --conf. The master and
 * deploy mode are written first, from the context.
 */
function submitFlagFor(key: string, x: SnippetContext): string | undefined {
  const f = flagOfKey(key);
  if (!f || key === "spark.master" || key === "spark.submit.deployMode") return undefined;
  return flagApplies(f, x.manager, x.deployMode) ? f.flag : undefined;
}

const ORDER = ["spark.executor.instances", "spark.executor.cores", "spark.executor.memory"];

function ordered(conf: Record<string, string>): [string, string][] {
  const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  return Object.entries(conf).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

const shellQuote = (s: string) => (/^[\w.,:/=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function sparkSubmitFlags(conf: Record<string, string>, x: SnippetContext): string {
  const parts = [`--master ${MASTER_URL[x.manager]}`, `--deploy-mode ${x.deployMode}`];
  for (const [k, v] of ordered(conf)) {
    const flag = submitFlagFor(k, x);
    parts.push(flag ? `${flag} ${shellQuote(v)}` : `--conf ${shellQuote(`${k}=${v}`)}`);
  }
  return `spark-submit ${parts.join(" \\\n  ")}`;
}

export function sparkDefaultsLines(conf: Record<string, string>, x: SnippetContext): string {
  const rows: [string, string][] = [
    ["spark.master", MASTER_URL[x.manager]],
    ["spark.submit.deployMode", x.deployMode],
    ...ordered(conf),
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${k.padEnd(width)}${v}`).join("\n");
}

/** An EMR configuration (aws emr create-cluster --configurations): the spark-defaults classification. */
export function emrConfiguration(conf: Record<string, string>): unknown[] {
  return [{ Classification: "spark-defaults", Properties: Object.fromEntries(ordered(conf)) }];
}

/** spark-operator (v1beta2) fields for executor keys; the rest goes under sparkConf. */
const OPERATOR_FIELDS: Record<string, [string, "int" | "string"]> = {
  "spark.executor.instances": ["instances", "int"],
  "spark.executor.cores": ["cores", "int"],
  "spark.executor.memory": ["memory", "string"],
  "spark.executor.memoryOverhead": ["memoryOverhead", "string"],
  "spark.kubernetes.executor.request.cores": ["coreRequest", "string"],
  "spark.kubernetes.executor.limit.cores": ["coreLimit", "string"],
};

/** A SparkApplication (kubeflow spark-operator v1beta2) spec fragment; strings JSON-quoted, valid YAML. */
export function sparkApplicationYaml(conf: Record<string, string>, x: SnippetContext): string {
  const executor: string[] = [];
  const sparkConf: string[] = [];
  for (const [k, v] of ordered(conf)) {
    const f = own(OPERATOR_FIELDS, k);
    if (f) executor.push(`    ${f[0]}: ${f[1] === "int" && /^\d+$/.test(v) ? v : JSON.stringify(v)}`);
    else sparkConf.push(`    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  }
  return [
    "spec:",
    `  type: ${x.appType === "python" ? "Python" : "Scala"}`,
    `  mode: ${x.deployMode}`,
    `  sparkVersion: ${JSON.stringify(x.sparkVersion)}`,
    "  executor:",
    ...executor,
    ...(sparkConf.length > 0 ? ["  sparkConf:", ...sparkConf] : []),
  ].join("\n");
}
