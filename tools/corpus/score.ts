import { diagnose } from "../../src/diagnose/index.js";
import type { DiagnoseResult } from "../../src/diagnose/types.js";

/**
 * A public report of a Spark memory failure (a Q&A or issue thread): what the user posted and the fix the
 * thread accepted. The corpus (test/data/diagnose-corpus/) and any held-out set share this shape.
 */
export interface Report {
  id: string;
  url: string;
  sparkVersion: string | null;
  platform: string | null;
  deployMode: "client" | "cluster" | null;
  settings: Record<string, string>;
  error: string;
  /** The root cause the thread established, in diagnose's vocabulary ("other:…" when it has no id). */
  cause: string;
  process: string;
  /** The keys the accepted fix changed ([] for a code-only fix). */
  fixKeys: string[];
  fix: string;
  notes?: string;
}

/** The master a platform's Spark runs on, when the settings do not name one. */
const MASTER: Record<string, string> = {
  yarn: "yarn",
  emr: "yarn",
  dataproc: "yarn",
  hdinsight: "yarn",
  cloudera: "yarn",
  synapse: "yarn",
  kubernetes: "k8s://https://kubernetes.default.svc:443",
  standalone: "spark://master:7077",
  local: "local[*]",
};

/** Keys that are one setting under two names (a deprecated spelling, a spark-submit flag's key). */
const SAME: Record<string, string> = {
  "spark.yarn.executor.memoryOverhead": "spark.executor.memoryOverhead",
  "spark.yarn.driver.memoryOverhead": "spark.driver.memoryOverhead",
  "spark.kubernetes.memoryOverheadFactor": "spark.executor.memoryOverheadFactor",
  "spark.unsafe.offHeap": "spark.memory.offHeap.enabled",
};
const same = (k: string): string => SAME[k] ?? k;

const FIELDS = ["id", "url", "error", "cause", "process", "fix"] as const;

/** One line naming the report and what is wrong with it, or null when it is well formed. */
export function reportProblem(r: unknown, n: number): string | null {
  if (typeof r !== "object" || r === null) return `report ${n}: not an object`;
  const o = r as Record<string, unknown>;
  for (const f of FIELDS)
    if (typeof o[f] !== "string" || (o[f] as string).trim() === "")
      return `report ${n} (${String(o.id)}): "${f}" must be a non-empty string`;
  if (!/^https?:\/\//.test(o.url as string)) return `report ${n} (${o.id}): "url" is not a link`;
  if (!Array.isArray(o.fixKeys) || !o.fixKeys.every((k) => typeof k === "string"))
    return `report ${n} (${o.id}): "fixKeys" must be an array of keys`;
  if (typeof o.settings !== "object" || o.settings === null || Array.isArray(o.settings))
    return `report ${n} (${o.id}): "settings" must be an object`;
  return null;
}

export interface Scored {
  report: Report;
  result: DiagnoseResult | null;
  /** diagnose threw, or gave no cause. */
  refused: string | null;
  top: string | null;
  topRight: boolean;
  /** null when the accepted fix changed no setting. */
  fixKeyHit: boolean | null;
  /** every change of the top cause is a value (no "+50%") */
  concrete: boolean;
}

export function scoreReport(report: Report): Scored {
  const settings = Object.fromEntries(Object.entries(report.settings).map(([k, v]) => [k, String(v)]));
  const master = settings["spark.master"] ?? (report.platform ? MASTER[report.platform] : undefined);
  let result: DiagnoseResult | null = null;
  let refused: string | null = null;
  try {
    result = diagnose(report.error, {
      ...(Object.keys(settings).length > 0 ? { conf: settings } : {}),
      ...(report.sparkVersion ? { sparkVersion: report.sparkVersion } : {}),
      ...(master ? { master } : {}),
      ...(report.deployMode ? { deployMode: report.deployMode } : {}),
    });
    if (result.causes.length === 0) refused = "no cause";
  } catch (e) {
    refused = String(e);
  }
  const top = result?.causes[0] ?? null;
  const keys = new Set((top?.changes ?? []).filter((c) => c.to !== null).map((c) => same(c.key)));
  const fixKeyHit = report.fixKeys.length === 0 ? null : report.fixKeys.some((k) => keys.has(same(k)));
  return {
    report,
    result,
    refused,
    top: top?.id ?? null,
    topRight: top?.id === report.cause,
    fixKeyHit,
    concrete: (top?.changes ?? []).every((c) => c.to === null || !/%$/.test(c.to)),
  };
}

export interface Figures {
  reports: number;
  top1: number;
  withFixKeys: number;
  fixKeyHits: number;
  refusals: number;
  relative: number;
  byCause: { cause: string; reports: number; top1: number; withFixKeys: number; fixKeyHits: number }[];
}

export function figuresOf(scored: readonly Scored[]): Figures {
  const byCause = new Map<string, Figures["byCause"][number]>();
  for (const s of scored) {
    const c = byCause.get(s.report.cause) ?? {
      cause: s.report.cause,
      reports: 0,
      top1: 0,
      withFixKeys: 0,
      fixKeyHits: 0,
    };
    c.reports++;
    if (s.topRight) c.top1++;
    if (s.fixKeyHit !== null) c.withFixKeys++;
    if (s.fixKeyHit) c.fixKeyHits++;
    byCause.set(s.report.cause, c);
  }
  return {
    reports: scored.length,
    top1: scored.filter((s) => s.topRight).length,
    withFixKeys: scored.filter((s) => s.fixKeyHit !== null).length,
    fixKeyHits: scored.filter((s) => s.fixKeyHit).length,
    refusals: scored.filter((s) => s.refused !== null).length,
    relative: scored.filter((s) => !s.concrete).length,
    byCause: [...byCause.values()].sort((a, b) => b.reports - a.reports || a.cause.localeCompare(b.cause)),
  };
}

const pct = (n: number, d: number): string => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)} %`);

/** The two figures as one line, as README prints them. */
export function headline(f: Figures): string {
  return `top-1 cause ${f.top1}/${f.reports} (${pct(f.top1, f.reports)}), fix key ${f.fixKeyHits}/${f.withFixKeys} (${pct(f.fixKeyHits, f.withFixKeys)}), refusals ${f.refusals}`;
}

/** Per cause: reports, top-1 right, fix key among the top cause's changes (of those with a setting fix). */
export function table(f: Figures): string {
  const rows = f.byCause.map(
    (c) =>
      `| \`${c.cause}\` | ${c.reports} | ${c.top1} (${pct(c.top1, c.reports)}) | ${c.fixKeyHits}/${c.withFixKeys} (${pct(c.fixKeyHits, c.withFixKeys)}) |`,
  );
  return [
    "| cause (the thread's) | reports | top-1 right | fix key in the top cause's changes |",
    "|---|---|---|---|",
    ...rows,
    `| all | ${f.reports} | ${f.top1} (${pct(f.top1, f.reports)}) | ${f.fixKeyHits}/${f.withFixKeys} (${pct(f.fixKeyHits, f.withFixKeys)}) |`,
  ].join("\n");
}
