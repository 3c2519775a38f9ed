import {
  type AdviseReport,
  advise,
  checkBySimulation,
  GOALS,
  type Goal,
  type NextNodes,
} from "../advise/index.js";
import { type AnalyzeReport, analyze as analyzeSources } from "../analyze/index.js";
import { SparkmemError, wholeNumber } from "../conf/index.js";
import { renderAdviseMarkdown, renderAdviseText } from "../report/index.js";
import { LogTimeline } from "../simulate/index.js";
import {
  emrConfiguration,
  type SnippetContext,
  sparkApplicationYaml,
  sparkDefaultsLines,
  sparkSize,
  sparkSubmitFlags,
} from "../size/index.js";
import { PARTIAL_EXIT } from "./analyzeCommand.js";
import { readInput } from "./diagnoseCommand.js";
import { resolveInputs, sourcesOf } from "./eventLogFiles.js";
import { terminalText } from "./terminalText.js";

export interface AdviseCliOptions {
  json?: boolean;
  format: string;
  goal: string;
  conf: string[];
  instanceType?: string;
  nodeCores?: string;
  nodeMemory?: string;
  osReservedMemory?: string;
  error?: string;
}

const FORMATS = [
  "text",
  "markdown",
  "json",
  "spark-submit",
  "spark-defaults",
  "emr-json",
  "sparkapplication",
];

/**
 * sparkmem advise LOG…: every log (file, rolling directory) is one run of the job; the advice is printed
 * as text, JSON or paste-ready settings. 0 on success, 2 on bad input, 3 when a log is partial (corrupt).
 */
export async function runAdvise(paths: string[], opts: AdviseCliOptions): Promise<number> {
  const format = opts.json ? "json" : opts.format;
  if (!FORMATS.includes(format))
    throw new SparkmemError("--format", `"${format}" is not a format`, { expected: FORMATS.join(", ") });
  if (!(GOALS as readonly string[]).includes(opts.goal))
    throw new SparkmemError("--goal", `"${opts.goal}" is not a goal`, { expected: GOALS.join(", ") });
  if (paths.length === 0)
    throw new SparkmemError("LOG", "is missing", { expected: "one or more event logs of one job" });
  const conf: Record<string, string> = {};
  for (const kv of opts.conf) {
    const at = kv.indexOf("=");
    if (at <= 0)
      throw new SparkmemError(`--conf ${kv}`, "is not key=value", {
        expected: "e.g. spark.executor.cores=4",
      });
    conf[kv.slice(0, at).trim()] = kv.slice(at + 1).trim();
  }
  const nodes = nextNodes(opts, conf);
  const reports: AnalyzeReport[] = [];
  // the first log's tasks and cached blocks, read in its analyze pass, check the advice by simulation
  const timeline = new LogTimeline();
  for (const app of resolveInputs(paths))
    reports.push(
      await analyzeSources(
        sourcesOf(app),
        app.warnings,
        undefined,
        reports.length === 0 ? timeline : undefined,
      ),
    );
  const errorText = opts.error === undefined ? undefined : await readInput(opts.error);
  const result = advise(reports, {
    goal: opts.goal as Goal,
    conf,
    ...(errorText === undefined ? {} : { errorText }),
    ...(nodes === undefined ? {} : { nodes }),
  });
  // checked by simulation before it is shown: the first log replayed through the current and advised layouts
  const simulated = checkBySimulation(result.current, result.advised, timeline);
  result.simulated = simulated.check;
  result.notes.push(...simulated.notes);
  process.stdout.write(render(result, format));
  return reports.some((r) => r.input.files.some((f) => f.error !== null)) ? PARTIAL_EXIT : 0;
}

const CLUSTER_PREFIXES = ["yarn.", "kubelet.", "k8s."];

/**
 * The next run's nodes from size's flags (an EMR instance type, or --node-cores and --node-memory), with the
 * cluster settings among the --conf (yarn.*, kubelet.*, k8s.*: the kubelet's are not Spark's and leave the
 * settings); undefined when no node flag is given, so the log's own YARN settings stand.
 */
function nextNodes(o: AdviseCliOptions, conf: Record<string, string>): NextNodes | undefined {
  const cluster: Record<string, string> = {};
  for (const [k, v] of Object.entries(conf))
    if (CLUSTER_PREFIXES.some((p) => k.startsWith(p))) {
      cluster[k] = v;
      if (!k.startsWith("yarn.")) delete conf[k];
    }
  if (o.instanceType === undefined && o.nodeCores === undefined && o.nodeMemory === undefined)
    return undefined;
  const size = (flag: string, v: string | undefined) =>
    v === undefined ? undefined : sparkSize(v.trim(), flag, "MiB");
  const cores = o.nodeCores === undefined ? undefined : wholeNumber("--node-cores", o.nodeCores, 6);
  const memoryBytes = size("--node-memory", o.nodeMemory);
  const reserved = size("--os-reserved-memory", o.osReservedMemory);
  return {
    ...(o.instanceType !== undefined ? { instanceType: o.instanceType } : {}),
    ...(cores !== undefined ? { cores } : {}),
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
    ...(reserved !== undefined ? { osReservedMemoryBytes: reserved } : {}),
    cluster,
  };
}

function render(r: AdviseReport, format: string): string {
  if (format === "json") return `${JSON.stringify(r, null, 2)}\n`;
  if (format === "text") return terminalText(renderAdviseText(r));
  if (format === "markdown") return terminalText(renderAdviseMarkdown(r));
  const set: Record<string, string> = {};
  const removed: string[] = [];
  for (const c of r.changes) {
    if (c.to === null) removed.push(c.key);
    else set[c.key] = c.to;
  }
  const comment = removed.map((k) => `# remove ${k} (Spark's default applies)\n`).join("");
  if (format === "emr-json") return `${comment}${JSON.stringify(emrConfiguration(set), null, 2)}\n`;
  const manager = r.current.clusterManager === "kubernetes" ? "kubernetes" : "yarn";
  const x: SnippetContext = {
    manager,
    deployMode: r.current.deployMode === "cluster" ? "cluster" : "client",
    appType: r.current.appType === "python" ? "python" : "jvm",
    sparkVersion: r.current.sparkVersion,
  };
  const text =
    format === "spark-submit"
      ? sparkSubmitFlags(set, x)
      : format === "sparkapplication"
        ? sparkApplicationYaml(set, x)
        : sparkDefaultsLines(set, x);
  return `${comment}${text}\n`;
}
