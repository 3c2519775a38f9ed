import { own, SPARK_RELEASES } from "../../src/conf/index.js";
import { EXAMPLES } from "../../src/model/index.js";

/** The memory keys the form edits, in the order shown. Everything else goes in the paste box. */
export const FORM_KEYS = [
  { key: "spark.driver.memory", label: "Driver memory", placeholder: "1g", kind: "size" },
  { key: "spark.driver.cores", label: "Driver cores", placeholder: "1", kind: "count" },
  { key: "spark.executor.memory", label: "Executor memory", placeholder: "1g", kind: "size" },
  { key: "spark.executor.cores", label: "Executor cores", placeholder: "1 on YARN", kind: "count" },
  { key: "spark.executor.instances", label: "Executors", placeholder: "2 on YARN", kind: "count" },
  {
    key: "spark.executor.memoryOverhead",
    label: "Executor overhead",
    placeholder: "max(384m, 10%)",
    kind: "size",
  },
  { key: "spark.memory.offHeap.enabled", label: "Off-heap enabled", placeholder: "", kind: "flag" },
  { key: "spark.memory.offHeap.size", label: "Off-heap size", placeholder: "0", kind: "size" },
  { key: "spark.executor.pyspark.memory", label: "PySpark memory", placeholder: "unset", kind: "size" },
  { key: "spark.memory.fraction", label: "Memory fraction", placeholder: "0.6", kind: "fraction" },
  {
    key: "spark.memory.storageFraction",
    label: "Storage fraction",
    placeholder: "0.5",
    kind: "fraction",
  },
] as const;

export type FormKey = (typeof FORM_KEYS)[number]["key"];

export { SPARK_RELEASES };

export const MASTERS = [
  "local[*]",
  "local[4]",
  "yarn",
  "k8s://https://kubernetes.default.svc",
  "spark://master:7077",
];

export const PRESETS: { name: string; label: string }[] = [
  { name: "seed", label: "Case study: YARN, 10 × 30g (2.4)" },
  { name: "notebook", label: "Local notebook (pyspark)" },
  { name: "emr", label: "YARN / EMR, cluster mode" },
  { name: "k8s", label: "Kubernetes, PySpark, off-heap" },
];

/** The page's views, as tabs; the fragment names one with view=… (none: Explain, as links made before tabs). */
export const VIEWS = ["explain", "lint", "diagnose", "simulate", "analyze", "advise", "size"] as const;
export type ViewName = (typeof VIEWS)[number];
const isView = (v: string | null): v is ViewName => VIEWS.includes(v as ViewName);

/** Everything the page shows is a function of this, and this is what the URL carries. */
export interface PageState {
  /** The tab shown. */
  view: ViewName;
  /** The preset last chosen (only labels the select; the fields below are the truth). */
  preset: string;
  sparkVersion: string;
  master: string;
  deployMode: string;
  appType: string;
  /** The machine a local-mode or client-mode driver runs on (the CLI's --host-cores / --host-memory). */
  hostCores: string;
  hostMemory: string;
  /** An EMR instance type (src/size/emrInstances.ts) whose YARN settings apply on YARN; empty: none. */
  emrType: string;
  /** Form keys; an empty or missing value leaves Spark's default. */
  conf: Partial<Record<FormKey, string>>;
  /** A pasted spark-submit command, spark-defaults text or JSON; it wins over the form. */
  paste: string;
  /**
   * The Simulate view's scenario as its own parameters (sim.cache=2g, sim.json=…), read and written by that
   * view (simulateInput.ts): this module only carries them, so the first load holds none of its code.
   */
  sim?: Record<string, string>;
}

/** The machine assumed when a preset names none: a laptop. The CLI uses the machine it runs on. */
export const DEFAULT_HOST = { cores: "4", memory: "16g" };
export const DEFAULT_PRESET = "seed";

const isFormKey = (k: string): k is FormKey => FORM_KEYS.some((f) => f.key === k);

function sizeText(bytes: number): string {
  for (const [unit, size] of [
    ["t", 2 ** 40],
    ["g", 2 ** 30],
    ["m", 2 ** 20],
    ["k", 2 ** 10],
  ] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

export function emptyState(): PageState {
  return {
    view: "explain",
    preset: "",
    sparkVersion: SPARK_RELEASES[SPARK_RELEASES.length - 1] as string,
    master: "",
    deployMode: "client",
    appType: "jvm",
    hostCores: "",
    hostMemory: "",
    emrType: "",
    conf: {},
    paste: "",
  };
}

/** A built-in example (src/examples.ts) as form values; keys the form lacks become spark-defaults lines. */
export function presetState(name: string): PageState {
  const ex = own(EXAMPLES, name);
  if (!ex) throw new Error(`no preset ${name}`);
  const { input } = ex;
  const s = emptyState();
  s.preset = name;
  if (input.sparkVersion) s.sparkVersion = input.sparkVersion;
  s.master = input.master ?? "local[*]";
  s.deployMode = input.deployMode ?? "client";
  s.appType = input.appType ?? "jvm";
  s.hostCores = String(input.hostCores ?? DEFAULT_HOST.cores);
  s.hostMemory = input.hostMemoryBytes ? sizeText(input.hostMemoryBytes) : DEFAULT_HOST.memory;
  const extra: string[] = [];
  const conf = (input.conf ?? {}) as Record<string, string | number | boolean>;
  for (const [k, v] of Object.entries(conf)) {
    if (isFormKey(k)) s.conf[k] = String(v);
    else extra.push(`${k} ${v}`);
  }
  s.paste = extra.join("\n");
  return s;
}

const SCALARS = [
  ["preset", "preset"],
  ["v", "sparkVersion"],
  ["master", "master"],
  ["deploy", "deployMode"],
  ["app", "appType"],
  ["hostCores", "hostCores"],
  ["hostMemory", "hostMemory"],
  ["emr", "emrType"],
] as const;

/** State → the URL fragment (after #). The fragment never reaches a server, so neither does the configuration. */
export function toHash(s: PageState): string {
  const q = new URLSearchParams();
  if (s.view !== "explain") q.set("view", s.view);
  for (const [param, field] of SCALARS) if (s[field]) q.set(param, s[field]);
  for (const { key } of FORM_KEYS) {
    const v = s.conf[key];
    if (v) q.set(key, v);
  }
  if (s.paste) q.set("paste", s.paste);
  for (const [k, v] of Object.entries(s.sim ?? {})) q.set(k, v);
  return q.toString();
}

/**
 * The URL fragment → state; no fragment, or only a view and a scenario, means the default preset. Unknown
 * parameters are ignored.
 */
export function fromHash(hash: string): PageState {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const view = q.get("view");
  const isSim = (k: string) => k.startsWith("sim.");
  const s = [...q.keys()].every((k) => k === "view" || isSim(k)) ? presetState(DEFAULT_PRESET) : emptyState();
  if (isView(view)) s.view = view;
  for (const [param, field] of SCALARS) {
    const v = q.get(param);
    if (v !== null) s[field] = v;
  }
  for (const { key } of FORM_KEYS) {
    const v = q.get(key);
    if (v !== null) s.conf[key] = v;
  }
  s.paste = q.get("paste") ?? s.paste;
  const sim = [...q].filter(([k]) => isSim(k));
  if (sim.length) s.sim = Object.fromEntries(sim);
  return s;
}
