import { availableParallelism, totalmem } from "node:os";
import { basename } from "node:path";
import { analyzeSources } from "../analyze/report.js";
import { SparkmemError } from "../conf/errors.js";
import { parseConfFile } from "../conf/gather.js";
import { type ConfTextKind, looksLikeEmrConfigurations, parseConfText } from "../conf/sources/byKind.js";
import type { SourcedConf } from "../conf/sources/sourced.js";
import { parseSparkSubmitArgs } from "../conf/sources/sparkSubmit.js";
import type { ConfEntry } from "../conf/sparkConf.js";
import type { LintInput } from "../lint/index.js";
import { sourcesOf } from "./eventLogFiles.js";
import { readText } from "./readText.js";

/** The configuration flags lint and diagnose share with explain. */
export interface ConfFlags {
  confFile: string[];
  conf: string[];
  propertiesFile?: string;
  master?: string;
  deployMode?: string;
  sparkVersion?: string;
  appType?: string;
  driverMemory?: string;
  executorMemory?: string;
  executorCores?: string;
  numExecutors?: string;
}

const EVENT_LINE = /^\s*\{\s*"Event"\s*:/;

/** What a file holds, by its name and first bytes. */
export function fileKind(path: string, head: string): ConfTextKind | "event-log" {
  if (path.endsWith(".ipynb")) return "notebook";
  if (path.endsWith(".py")) return "python";
  if (/\.ya?ml$/.test(path)) return "spark-application";
  if (EVENT_LINE.test(head) || /^(app|application|local|spark|eventlog_v2)[-_]/.test(basename(path)))
    return "event-log";
  if (looksLikeEmrConfigurations(head)) return "emr";
  return "conf";
}

/** An event log's Spark and Hadoop properties, with its version and master, as a source to lint. */
async function eventLogSource(path: string): Promise<SourcedConf> {
  const r = await analyzeSources(sourcesOf({ label: path, files: [path], warnings: [] }));
  const file = basename(path);
  const entries: ConfEntry[] = Object.entries({
    ...r.environment.hadoopProperties,
    ...r.environment.sparkProperties,
  }).map(([key, value]) => ({ key, value, origin: { kind: "event-log", file } }));
  const facts: SourcedConf["facts"] = {};
  if (r.application.sparkVersion) facts.sparkVersion = r.application.sparkVersion.replace(/-.*$/, "");
  if (r.environment.sparkProperties["spark.yarn.isPython"] === "true") facts.appType = "python";
  return { entries, facts };
}

async function sourceOfFile(path: string): Promise<SourcedConf> {
  const head = path.endsWith(".ipynb") || path.endsWith(".py") ? "" : readHead(path);
  const kind = fileKind(path, head);
  return kind === "event-log" ? eventLogSource(path) : parseConfText(kind, readText(path), path);
}

function readHead(path: string): string {
  const text = readText(path);
  return text.slice(0, 4096);
}

const FLAGS: [keyof ConfFlags, string][] = [
  ["driverMemory", "--driver-memory"],
  ["executorMemory", "--executor-memory"],
  ["executorCores", "--executor-cores"],
  ["numExecutors", "--num-executors"],
];

/**
 * gather: every source in spark-submit's precedence order, lowest first — the files given (in order),
 * --conf-file, a pasted spark-submit command, then this command's own --conf and flags — kept as
 * separate entries so rules can see what overrides what.
 */
export async function gatherLintInput(files: string[], submit: string[], o: ConfFlags): Promise<LintInput> {
  const entries: ConfEntry[] = [];
  let facts: SourcedConf["facts"] = {};
  const unresolved: NonNullable<SourcedConf["unresolved"]> = [];
  for (const f of files) {
    const s = await sourceOfFile(f);
    entries.push(...s.entries);
    unresolved.push(...(s.unresolved ?? []));
    // the first file that says something wins; cluster settings add up
    facts = { ...s.facts, ...facts, cluster: { ...s.facts.cluster, ...facts.cluster } };
  }
  for (const f of o.confFile) entries.push(...parseConfFile(f, readText(f)).entries.values());
  const tail = submit.length > 0 ? parseSparkSubmitArgs(submit) : null;
  if (tail?.propertiesFile)
    entries.push(...parseConfFile(tail.propertiesFile, readText(tail.propertiesFile)).entries.values());
  if (tail) entries.push(...tail.confEntries, ...tail.flagEntries);
  const ours: string[] = [];
  for (const c of o.conf) ours.push("--conf", c);
  for (const [k, flag] of FLAGS) if (o[k] !== undefined) ours.push(flag, String(o[k]));
  if (ours.length > 0) {
    const flags = parseSparkSubmitArgs(ours);
    entries.push(...flags.confEntries, ...flags.flagEntries);
  }
  const appType = o.appType ?? tail?.appType ?? facts.appType;
  if (appType !== undefined && !["jvm", "python", "r"].includes(appType))
    throw new SparkmemError("--app-type", `"${appType}" is not an app type`, {
      expected: "jvm, python or r",
    });
  // a local-mode driver runs here, as explain assumes
  const input: LintInput = {
    entries,
    facts,
    unresolved,
    hostCores: availableParallelism(),
    hostMemoryBytes: totalmem(),
  };
  const sparkVersion = o.sparkVersion ?? facts.sparkVersion;
  if (sparkVersion) input.sparkVersion = sparkVersion;
  const master = o.master ?? facts.master;
  if (master) input.master = master;
  const deployMode = o.deployMode ?? facts.deployMode;
  if (deployMode) input.deployMode = deployMode;
  if (appType) input.appType = appType as "jvm" | "python" | "r";
  return input;
}
