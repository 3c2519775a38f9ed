import {
  mergeLayers,
  oneOf as oneOfWords,
  parseSparkSubmitArgs,
  type SparkConf,
  SparkmemError,
  submitSource,
  wholeNumber,
} from "../conf/index.js";
import { renderSizeMarkdown, renderSizeText } from "../report/index.js";
import { type NodeGroupSpec, type SizeInput, size, sparkSize, type WorkloadName } from "../size/index.js";
import { terminalText } from "./terminalText.js";
import { sizeOnLine } from "./versionLine.js";

export interface SizeOptions {
  master?: string;
  instanceType?: string;
  nodeCores?: string;
  nodeMemory?: string;
  nodes?: string;
  nodeGroup: string[];
  osReservedCores?: string;
  osReservedMemory?: string;
  executorCores?: string;
  sparkVersion?: string;
  app?: string;
  deployMode?: string;
  workload?: string;
  conf: string[];
  masterInstanceType?: string;
  amNodeGroup?: string;
  top?: string;
  json?: boolean;
  format: string;
}

const FORMATS = ["text", "markdown", "json"];

const whole = (flag: string, v: string | undefined) =>
  v === undefined ? undefined : wholeNumber(flag, v, 6);

/** A size flag: "64g", "512m"; a bare number is MiB, as for spark-submit's --executor-memory. */
const bytes = (flag: string, v: string | undefined) =>
  v === undefined ? undefined : sparkSize(v.trim(), flag, "MiB");

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  return v === undefined ? undefined : oneOfWords(flag, v, allowed);
}

function manager(v: string | undefined): SizeInput["master"] {
  const m = (v ?? "yarn").trim();
  if (m === "yarn") return "yarn";
  if (m === "k8s" || m === "kubernetes" || m.startsWith("k8s://")) return "kubernetes";
  throw new SparkmemError("--master", `"${m}" is not a cluster manager size knows`, {
    expected: "yarn or k8s",
  });
}

const GROUP_KEYS = ["name", "instance-type", "cores", "memory", "nodes"];

/** --node-group "name=core,instance-type=m5.4xlarge,nodes=4" or "name=task,cores=16,memory=64g,nodes=2". */
export function parseNodeGroup(text: string, i: number): NodeGroupSpec {
  const where = `--node-group "${text}"`;
  const kv = new Map<string, string>();
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const k = part.slice(0, eq).trim();
    if (eq < 0 || !GROUP_KEYS.includes(k))
      throw new SparkmemError(where, `"${part.trim()}" is not a key=value this option takes`, {
        expected: `comma-separated ${GROUP_KEYS.join("=, ")}=, e.g. name=core,instance-type=m5.4xlarge,nodes=4`,
      });
    kv.set(k, part.slice(eq + 1).trim());
  }
  const nodes = whole(`${where} nodes`, kv.get("nodes"));
  if (nodes === undefined)
    throw new SparkmemError(where, "does not say how many nodes", { expected: "nodes=N in the group" });
  const g: NodeGroupSpec = { name: kv.get("name") ?? (i === 0 ? "core" : `group${i + 1}`), nodes, where };
  const t = kv.get("instance-type");
  if (t !== undefined) g.instanceType = t;
  const cores = whole(`${where} cores`, kv.get("cores"));
  if (cores !== undefined) g.cores = cores;
  const mem = bytes(`${where} memory`, kv.get("memory"));
  if (mem !== undefined) g.memoryBytes = mem;
  return g;
}

function groups(o: SizeOptions): NodeGroupSpec[] {
  const list = o.nodeGroup.map(parseNodeGroup);
  const single = o.instanceType !== undefined || o.nodeCores !== undefined || o.nodeMemory !== undefined;
  if (single) {
    const nodes = whole("--nodes", o.nodes);
    if (nodes === undefined)
      throw new SparkmemError("--nodes", "is missing", { expected: "the number of nodes, e.g. --nodes 6" });
    const g: NodeGroupSpec = { name: "core", nodes };
    if (o.instanceType !== undefined) g.instanceType = o.instanceType;
    const cores = whole("--node-cores", o.nodeCores);
    if (cores !== undefined) g.cores = cores;
    const mem = bytes("--node-memory", o.nodeMemory);
    if (mem !== undefined) g.memoryBytes = mem;
    list.unshift(g);
  } else if (o.nodes !== undefined && list.length === 0) {
    throw new SparkmemError("--nodes", "needs a node shape", {
      expected: "--instance-type TYPE or --node-cores N --node-memory SIZE",
    });
  }
  return list;
}

/** size's --conf settings, through the one merger (later wins, each keeps its --conf as origin). */
function confOf(pairs: string[]): SparkConf {
  return mergeLayers([submitSource(parseSparkSubmitArgs(pairs.flatMap((p) => ["--conf", p])))]).conf;
}

/** Options → SizeInput (every flag checked here or in the core, one line per bad value). */
export function sizeInput(o: SizeOptions): SizeInput {
  const input: SizeInput = { master: manager(o.master), groups: groups(o), conf: confOf(o.conf) };
  const set = <K extends keyof SizeInput>(k: K, v: SizeInput[K] | undefined) => {
    if (v !== undefined) input[k] = v;
  };
  set("osReservedCores", whole("--os-reserved-cores", o.osReservedCores));
  set("osReservedMemoryBytes", bytes("--os-reserved-memory", o.osReservedMemory));
  set("executorCores", whole("--executor-cores", o.executorCores));
  set("sparkVersion", o.sparkVersion);
  set("appType", oneOf("--app", o.app, ["jvm", "python"] as const));
  set("deployMode", oneOf("--deploy-mode", o.deployMode, ["client", "cluster"] as const));
  set("workload", oneOf<WorkloadName>("--workload", o.workload, ["etl", "shuffle", "cache", "python-udf"]));
  set("masterInstanceType", o.masterInstanceType);
  set("amNodeGroup", o.amNodeGroup);
  const top = whole("--top", o.top);
  if (top === 0) throw new SparkmemError("--top", "0 lists nothing", { expected: "at least 1" });
  set("top", top);
  return input;
}

export async function runSize(o: SizeOptions): Promise<number> {
  const format = o.json ? "json" : o.format;
  if (!FORMATS.includes(format))
    throw new SparkmemError("--format", `"${format}" is not a format`, { expected: FORMATS.join(", ") });
  // a version outside the modelled lines is sized as the nearest one, and the output says so
  const { input, note } = sizeOnLine(sizeInput(o));
  const sized = size(input);
  const result = note ? { ...sized, notes: [note, ...sized.notes] } : sized;
  const out =
    format === "json"
      ? `${JSON.stringify(result, null, 2)}\n`
      : format === "markdown"
        ? renderSizeMarkdown(result)
        : renderSizeText(result);
  process.stdout.write(format === "json" ? out : terminalText(out));
  return 0;
}
