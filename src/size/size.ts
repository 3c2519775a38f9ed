import { MiB } from "../conf/byteString.js";
import { SparkmemError } from "../conf/errors.js";
import { type SparkConf, withoutKeys } from "../conf/sparkConf.js";
import { atLeast, LATEST_VERSION, parseSparkVersion } from "../conf/version.js";
import { toConf } from "../model/explain.js";
import { evaluate, type SearchContext } from "./candidate.js";
import { givenAs, type SizeConf, splitConf } from "./clusterConf.js";
import { emrInstanceType } from "./emrInstances.js";
import { emrMaximize } from "./emrMaximize.js";
import { kubernetesCluster } from "./kubernetesCluster.js";
import { searchLayouts, toSizedLayout } from "./search.js";
import { emrConfiguration, sparkApplicationYaml, sparkDefaultsLines, sparkSubmitFlags } from "./snippets.js";
import type { Cluster, SizeInput, SizeResult } from "./types.js";
import { workloadProfile } from "./workload.js";
import { yarnCluster } from "./yarnCluster.js";

/** Keys `size` decides; a value given with --conf is replaced (executor cores: use --executor-cores). */
const DECIDED = ["spark.executor.memory", "spark.executor.instances", "spark.dynamicAllocation.maxExecutors"];
const OVERHEAD_KEYS = [
  "spark.executor.memoryOverhead",
  "spark.yarn.executor.memoryOverhead",
  "spark.executor.memoryOverheadFactor",
  "spark.kubernetes.memoryOverheadFactor",
];

function pinnedCores(input: SizeInput, userConf: SparkConf, cluster: Cluster): number | undefined {
  const given = userConf.entries.get("spark.executor.cores");
  const fromConf = given?.value;
  const where = input.executorCores !== undefined ? "--executor-cores" : given ? givenAs(given) : "";
  const cores = input.executorCores ?? (fromConf === undefined ? undefined : Number(fromConf));
  if (cores === undefined) return undefined;
  if (!Number.isSafeInteger(cores) || cores < 1)
    throw new SparkmemError(where, `${fromConf ?? cores} is not a positive whole number`, {
      expected: "the cores of one executor, e.g. 5",
    });
  const best = cluster.groups.reduce((a, g) => (g.cpuMillis > a.cpuMillis ? g : a));
  if (cores * 1000 > best.cpuMillis)
    throw new SparkmemError(
      where,
      `${cores} is more than the ${best.cpuMillis / 1000} ${cluster.manager === "yarn" ? "vcores" : "allocatable CPUs"} a node offers (group "${best.name}": ${best.derivation})`,
      { expected: `at most ${Math.floor(best.cpuMillis / 1000)} cores per executor` },
    );
  return cores;
}

/** Executor layouts for a cluster and workload, best first, with EMR's maximizeResourceAllocation beside them. */
export function size(input: SizeInput): SizeResult {
  if (input.groups.length === 0)
    throw new SparkmemError("size", "has no nodes to size for", {
      expected:
        "--instance-type TYPE or --node-cores N --node-memory SIZE, with --nodes N (or --node-group …)",
    });
  const version = parseSparkVersion(input.sparkVersion ?? LATEST_VERSION);
  const profile = workloadProfile(input.workload);
  const appType = input.appType ?? (profile.name === "python-udf" ? "python" : "jvm");
  if (profile.name === "python-udf" && appType !== "python")
    throw new SparkmemError("--app", "jvm does not run Python UDFs", {
      expected: "--app python with --workload python-udf",
    });
  const deployMode = input.deployMode ?? "client";
  const conf = splitConf(toConf(input.conf));
  const cluster = clusterOf(input, conf);
  if (input.amNodeGroup !== undefined) {
    const i = cluster.groups.findIndex((g) => g.name === input.amNodeGroup);
    if (i < 0)
      throw new SparkmemError("--am-node-group", `no node group is named "${input.amNodeGroup}"`, {
        expected: cluster.groups.map((g) => g.name).join(", "),
      });
    cluster.amGroup = i;
  }
  const notes = [...cluster.notes];
  const cores = pinnedCores(input, conf.spark, cluster);
  for (const k of DECIDED)
    if (conf.spark.entries.has(k)) notes.push(`--conf ${k} was replaced: size computes it.`);
  const userConf = withoutKeys(conf.spark, ["spark.executor.cores", ...DECIDED]);
  const ctx: SearchContext = {
    manager: cluster.manager,
    sparkVersion: version.text,
    deployMode,
    appType,
    userConf,
    yarn: cluster.yarn,
    profile,
    overheadFactor: null,
    factorKey: atLeast(version, "3.3"),
    pysparkPerCoreMiB: 0,
    cache: new Map(),
  };
  // the profile's overhead only when above what Spark would use anyway (0.4 for K8s non-JVM cluster-mode pods)
  const userOverhead = OVERHEAD_KEYS.some((k) => userConf.entries.has(k));
  const plain = evaluate({ ...ctx, cache: new Map() }, 1, 10240).candidate;
  const sparkFactor = plain ? plain.overheadBytes / plain.heapBytes : 0.1;
  if (profile.overheadFactor !== null && !userOverhead && profile.overheadFactor > sparkFactor + 1e-9)
    ctx.overheadFactor = profile.overheadFactor;
  if (profile.pysparkPerCoreBytes > 0 && !userConf.entries.has("spark.executor.pyspark.memory"))
    ctx.pysparkPerCoreMiB = profile.pysparkPerCoreBytes / MiB;
  if (userOverhead && profile.overheadFactor !== null)
    notes.push(
      `The ${profile.name} profile's overhead factor ${profile.overheadFactor} was not applied: the overhead is set with --conf.`,
    );

  const { scored, firstError } = searchLayouts(ctx, cluster, cores);
  const best = scored[0];
  if (!best)
    throw new SparkmemError(
      cores !== undefined ? "--executor-cores" : "size",
      firstError
        ? `no executor can start: ${firstError}`
        : `no executor${cores !== undefined ? ` of ${cores} cores` : ""} with at least a 1 GiB heap and a whole core fits on these nodes (${cluster.groups.map((g) => `${g.name}: ${g.derivation}`).join("; ")})`,
      { expected: "larger nodes, fewer reserved resources or fewer cores per executor" },
    );
  const layouts = scored
    .slice(0, input.top ?? 8)
    .map((s, i) => toSizedLayout(s, i + 1, i === 0 ? null : best, ctx));
  const master = input.masterInstanceType
    ? emrInstanceType(input.masterInstanceType, "--master-instance-type")
    : null;
  const bestEval = evaluate(ctx, best.candidate.cores, best.candidate.heapBytes / MiB);
  for (const w of bestEval.layout.warnings) notes.push(w.message);
  const x = { manager: cluster.manager, deployMode, appType, sparkVersion: version.text };
  const chosenConf = (layouts[0] as SizeResult["layouts"][number]).conf;
  return {
    layouts,
    maximizeResourceAllocation: emrMaximize(ctx, cluster, master, best),
    cluster: {
      clusterManager: cluster.manager,
      sparkVersion: version.text,
      appType,
      deployMode,
      workload: profile,
      nodeGroups: cluster.groups.map((g) => ({
        name: g.name,
        nodes: g.nodes,
        instanceType: g.instanceType?.name ?? null,
        nodeCores: g.cpuMillis / 1000,
        nodeMemoryBytes: g.memoryBytes,
        maxContainerBytes: g.maxContainerBytes,
        derivation: g.derivation,
      })),
      yarn: cluster.yarn && {
        minAllocationMiB: cluster.yarn.minAllocationMiB,
        maxAllocationMiB: cluster.yarn.maxAllocationMiB,
        stepMiB: cluster.yarn.stepMiB,
        scheduler: cluster.yarn.scheduler,
        resourceCalculator: cluster.yarn.resourceCalculator,
        maxAllocationVcores: cluster.yarn.maxAllocationVcores,
      },
      driver: best.candidate.driver
        ? {
            what: best.candidate.driver.what,
            memoryBytes: best.candidate.driver.memoryBytes,
            cores: best.candidate.driver.cpuMillis / 1000,
          }
        : null,
    },
    chosen: {
      sparkSubmit: sparkSubmitFlags(chosenConf, x),
      sparkDefaults: sparkDefaultsLines(chosenConf, x),
      emrConfiguration: emrConfiguration(chosenConf),
      sparkApplication: sparkApplicationYaml(chosenConf, x),
    },
    notes,
  };
}

/** What each node offers YARN or the kubelet (NodeManager memory, allocatable, the largest container). */
export function clusterOf(input: SizeInput, conf: SizeConf = splitConf(toConf(input.conf))): Cluster {
  return input.master === "yarn" ? yarnCluster(input, conf) : kubernetesCluster(input, conf);
}
