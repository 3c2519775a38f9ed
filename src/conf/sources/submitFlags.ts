import type { ClusterManager } from "../master.js";

/**
 * One spark-submit option that sets Spark configuration (launcher/SparkSubmitOptionParser.java for the
 * names, SparkSubmit.scala's OptionAssigner list for the key each one sets). The parser of spark-submit
 * command lines, the CLI's options and the spark-submit snippets `size` writes all read this table.
 */
export interface SubmitFlag {
  /** "--executor-memory" */
  flag: string;
  /** Another spelling spark-submit accepts ("-c" for --conf). */
  short?: string;
  /** The key it sets; null for --conf (any key) and --properties-file (a file of them). */
  key: string | null;
  /** What it takes, as help shows it: "size" for 4g, "n" for a count. */
  takes: string;
  help: string;
  /**
   * Where spark-submit passes it on (OptionAssigner's cluster managers and deploy modes in Spark 3.x/4.x;
   * elsewhere spark-submit drops it, while --conf with its key always applies); absent: everywhere.
   */
  appliesTo?: { managers?: readonly ClusterManager[]; deployModes?: readonly ("client" | "cluster")[] };
}

const TABLE = [
  {
    flag: "--master",
    key: "spark.master",
    takes: "url",
    help: "local[N], local[*], local-cluster[N,C,M], spark://…, yarn, k8s://…",
  },
  { flag: "--deploy-mode", key: "spark.submit.deployMode", takes: "mode", help: "client or cluster" },
  { flag: "--conf", short: "-c", key: null, takes: "key=value", help: "a Spark setting (repeatable)" },
  {
    flag: "--properties-file",
    key: null,
    takes: "path",
    help: "a file of Spark settings instead of spark-defaults.conf, as spark-submit reads it",
  },
  { flag: "--driver-memory", key: "spark.driver.memory", takes: "size", help: "the driver's heap, e.g. 4g" },
  {
    flag: "--driver-cores",
    key: "spark.driver.cores",
    takes: "n",
    help: "the driver's cores (cluster mode)",
    appliesTo: { managers: ["standalone", "yarn", "kubernetes"], deployModes: ["cluster"] },
  },
  {
    flag: "--driver-java-options",
    key: "spark.driver.extraJavaOptions",
    takes: "options",
    help: "JVM options of the driver, e.g. -XX:+UseG1GC",
  },
  {
    flag: "--executor-memory",
    key: "spark.executor.memory",
    takes: "size",
    help: "each executor's heap, e.g. 4g",
    appliesTo: { managers: ["standalone", "yarn", "kubernetes"] },
  },
  {
    flag: "--executor-cores",
    key: "spark.executor.cores",
    takes: "n",
    help: "cores of each executor",
    appliesTo: { managers: ["standalone", "yarn", "kubernetes"] },
  },
  {
    flag: "--num-executors",
    key: "spark.executor.instances",
    takes: "n",
    help: "how many executors (YARN, Kubernetes)",
    appliesTo: { managers: ["yarn", "kubernetes"] },
  },
  {
    flag: "--total-executor-cores",
    key: "spark.cores.max",
    takes: "n",
    help: "cores of all executors together (standalone, Kubernetes)",
    appliesTo: { managers: ["standalone", "kubernetes"] },
  },
  {
    flag: "--queue",
    key: "spark.yarn.queue",
    takes: "name",
    help: "the YARN queue",
    appliesTo: { managers: ["yarn"] },
  },
] as const satisfies readonly SubmitFlag[];

export const SUBMIT_FLAGS: readonly SubmitFlag[] = TABLE;

/** The options' names, as types: "--master" | "--deploy-mode" | … */
export type SubmitFlagName = (typeof TABLE)[number]["flag"];

/** The option named `name` ("--conf", "-c", "--executor-memory"), if spark-submit has it in the table. */
export function submitFlag(name: string): SubmitFlag | undefined {
  return SUBMIT_FLAGS.find((f) => f.flag === name || f.short === name);
}

/** The option that sets `key`, if one does. */
export function flagOfKey(key: string): SubmitFlag | undefined {
  return SUBMIT_FLAGS.find((f) => f.key === key);
}

/** Whether spark-submit passes the option on for this cluster manager and deploy mode. */
export function flagApplies(
  f: SubmitFlag,
  manager: ClusterManager,
  deployMode: "client" | "cluster",
): boolean {
  const a = f.appliesTo;
  return (
    (a?.managers === undefined || a.managers.includes(manager)) &&
    (a?.deployModes === undefined || a.deployModes.includes(deployMode))
  );
}
