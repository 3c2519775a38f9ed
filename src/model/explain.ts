import { dialectFor } from "../conf/dialect.js";
import { SparkmemError } from "../conf/errors.js";
import { parseMaster } from "../conf/master.js";
import { type MergedConf, statedApp } from "../conf/merge.js";
import type { AppType } from "../conf/sources/sparkSubmit.js";
import { confFromEntries, readBoolean, readString, type SparkConf, withDialect } from "../conf/sparkConf.js";
import { LATEST_VERSION, parseSparkVersion } from "../conf/version.js";
import type { DeployMode, MachineSight, ModelContext } from "./context.js";
import { defaultJavaVersion, type GcName } from "./jvm.js";
import { computeLayout } from "./layout.js";
import type { Layout } from "./types.js";

export interface ExplainInput {
  /** The merged configuration (parseSparkConf) or a plain map of settings. */
  conf?: SparkConf | Record<string, string | number | boolean>;
  sparkVersion?: string;
  /** Override spark.master / spark.submit.deployMode. */
  master?: string;
  deployMode?: string;
  appType?: AppType;
  javaVersion?: number;
  gc?: GcName;
  /** The machine a local-mode driver or standalone worker runs on. */
  hostCores?: number;
  hostMemoryBytes?: number;
  /** What the driver's or the executors' JVM saw, where known otherwise (see MachineSight). */
  machines?: Partial<Record<"driver" | "executor", MachineSight>>;
}

export function toConf(c: ExplainInput["conf"]): SparkConf {
  if (!c) return confFromEntries([]);
  if ("entries" in c && c.entries instanceof Map) return c as SparkConf;
  return confFromEntries(
    Object.entries(c as Record<string, unknown>).map(([key, v]) => ({
      key,
      value: String(v),
      origin: { kind: "json" as const },
    })),
  );
}

/** What explain is asked for a merged configuration: its settings, and what its sources said besides. */
export function explainInputFrom(m: MergedConf): ExplainInput {
  return { conf: m.conf, ...statedApp(m.facts) };
}

function appTypeOf(input: ExplainInput, conf: SparkConf): AppType {
  if (input.appType) return input.appType;
  const k8sType = readString(conf, "spark.kubernetes.resource.type");
  if (k8sType === "python" || k8sType === "r") return k8sType;
  if (conf.entries.has("spark.yarn.isPython") && readBoolean(conf, "spark.yarn.isPython")) return "python";
  return "jvm";
}

export function buildContext(input: ExplainInput): ModelContext {
  const version = parseSparkVersion(input.sparkVersion ?? LATEST_VERSION);
  const conf = withDialect(toConf(input.conf), dialectFor(version));
  const masterText = input.master ?? readString(conf, "spark.master") ?? "local[*]";
  const master = parseMaster(masterText, input.master ? "--master" : "spark.master");
  const deploy = input.deployMode ?? readString(conf, "spark.submit.deployMode") ?? "client";
  if (deploy !== "client" && deploy !== "cluster") {
    throw new SparkmemError(
      input.deployMode ? "--deploy-mode" : "spark.submit.deployMode",
      `"${deploy}" is not a deploy mode`,
      {
        expected: "client or cluster",
        sparkMessage: "Deploy mode must be either client or cluster",
      },
    );
  }
  const javaVersion = input.javaVersion ?? defaultJavaVersion(version);
  if (!Number.isInteger(javaVersion) || javaVersion < 8 || javaVersion > 30) {
    throw new SparkmemError("--java-version", `${javaVersion} is not a Java version`, {
      expected: "8, 11, 17, 21 or 25",
    });
  }
  for (const [name, v] of [
    ["--host-cores", input.hostCores],
    ["--host-memory", input.hostMemoryBytes],
    ...(["driver", "executor"] as const).flatMap((r) => [
      [`the ${r}'s machine cores`, input.machines?.[r]?.cores] as const,
      [`the ${r}'s machine memory`, input.machines?.[r]?.memoryBytes] as const,
    ]),
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v <= 0)) {
      throw new SparkmemError(name, `${v} is not a positive whole number`, {
        expected: "a positive whole number",
      });
    }
  }
  return {
    version,
    conf,
    master,
    deployMode: deploy as DeployMode,
    appType: appTypeOf(input, conf),
    javaVersion,
    gc: input.gc ?? null,
    hostCores: input.hostCores ?? null,
    hostMemoryBytes: input.hostMemoryBytes ?? null,
    machines: input.machines ?? {},
  };
}

/** The exact layout Spark computes for a driver and its executors. Throws SparkmemError on bad input. */
export function explain(input: ExplainInput): Layout {
  return computeLayout(buildContext(input));
}
