import { availableParallelism, totalmem } from "node:os";
import { basename } from "node:path";
import { analyze as analyzeSources, environmentSource } from "../analyze/index.js";
import {
  appTypeOf,
  confFileSource,
  confTextKind,
  type MergedConf,
  mergeLayers,
  parseConfText,
  parseSparkSubmitArgs,
  type SourcedConf,
  SparkmemError,
  submitSource,
} from "../conf/index.js";
import { codecFromMagic, ROLLING_DIR_PREFIX } from "../eventlog/index.js";
import { type LintInput, lintInputFrom } from "../lint/index.js";
import { resolveInputs, sourcesOf } from "./eventLogFiles.js";
import { pathKind } from "./pathKind.js";
import { readHead, readText } from "./readText.js";
import { type SubmitOptionValues, submitArgsOf } from "./submitOptions.js";

/** The configuration options explain, lint and diagnose share: spark-submit's (the table's), and these. */
export interface ConfFlags extends Omit<SubmitOptionValues, "conf"> {
  confFile: string[];
  conf: string[];
  sparkVersion?: string;
  appType?: string;
}

/** An event log's Spark and Hadoop properties, with its version and app type, as a source to lint. */
async function eventLogSource(path: string): Promise<SourcedConf> {
  // resolveInputs: a rolling eventlog_v2_ directory's events files in Spark's order, or the one file
  const app = resolveInputs([path])[0] ?? { label: path, files: [path], warnings: [] };
  const r = await analyzeSources(sourcesOf(app));
  return environmentSource(r.environment, r.application.sparkVersion, basename(path));
}

/**
 * A file lint or diagnose is given, read as what its name and first bytes say it is. A pipe or a device
 * (`<(…)`, /dev/stdin) is read once, whole and bounded: its first bytes cannot be read twice.
 */
async function fileSource(path: string): Promise<SourcedConf> {
  const kind = pathKind(path);
  if (kind === "directory" && basename(path.replace(/\/+$/, "")).startsWith(ROLLING_DIR_PREFIX))
    return eventLogSource(path);
  // a path that cannot be stat-ed goes on to readHead, which names it and the reason in one line
  if (kind === "directory" || kind === "not a regular file") {
    const text = readText(path);
    const textKind = confTextKind(text.slice(0, 4096), path);
    if (textKind === "event-log")
      throw new SparkmemError(path, "is an event log in a pipe", { expected: "an event log as a file" });
    return parseConfText(textKind, text, path, readText);
  }
  const head = readHead(path);
  // by content first: a compressed event log under any name (Spark's codecs and gzip by their magic)
  const magic = codecFromMagic(head.subarray(0, 16));
  const textKind =
    magic !== null && magic !== "none" ? "event-log" : confTextKind(head.toString("utf8"), path);
  return textKind === "event-log"
    ? eventLogSource(path)
    : parseConfText(textKind, readText(path), path, readText);
}

/**
 * The layers every command that reads configuration has, lowest first: --conf-file (in order), a pasted
 * spark-submit command (its --properties-file, --conf, flags), then this command's own spark-submit options
 * (likewise), with --spark-version, --master, --deploy-mode and --app-type as its facts.
 */
export function commandLayers(submit: string[], o: ConfFlags): SourcedConf[] {
  const layers = o.confFile.map((f) => confFileSource(f, readText(f)));
  if (submit.length > 0) layers.push(submitSource(parseSparkSubmitArgs(submit), readText));
  const own = submitSource(parseSparkSubmitArgs(submitArgsOf(o)), readText);
  if (o.sparkVersion !== undefined) own.facts.sparkVersion = o.sparkVersion;
  if (o.master !== undefined) own.facts.master = o.master;
  if (o.deployMode !== undefined) own.facts.deployMode = o.deployMode;
  if (o.appType !== undefined) own.facts.appType = appTypeOf("--app-type", o.appType);
  layers.push(own);
  return layers;
}

/**
 * lint's and diagnose's configuration: the files given (in order) below the command's layers, merged in
 * spark-submit's precedence with every entry kept, so rules can see what overrides what.
 */
export async function gatherConf(files: string[], submit: string[], o: ConfFlags): Promise<MergedConf> {
  const sources: SourcedConf[] = [];
  for (const f of files) sources.push(await fileSource(f));
  // a log of a line sparkmem does not model (2.1, 1.6) is read as the nearest line (versionLine.ts)
  return mergeLayers([...sources, ...commandLayers(submit, o)]);
}

/** What lint is asked: a local-mode driver runs on this machine, as explain assumes. */
export function lintInputOf(m: MergedConf): LintInput {
  return { ...lintInputFrom(m), hostCores: availableParallelism(), hostMemoryBytes: totalmem() };
}
