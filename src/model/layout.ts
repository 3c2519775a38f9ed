import { readString } from "../conf/sparkConf.js";
import type { ModelContext, StartupError, Warning } from "./context.js";
import { buildAm, buildDriver } from "./driver.js";
import { buildExecutor } from "./executor.js";
import { hasMaxHeapFlag } from "./jvm.js";
import { xmxInOptionsMessage } from "./messages.js";
import type { Layout } from "./types.js";
import { validateConf } from "./validate.js";
import { yarnScheduler } from "./yarnScheduler.js";

/** Checks spark-submit and the launcher make before any JVM sizes memory. */
function submitChecks(ctx: ModelContext, errors: StartupError[]): void {
  const m = ctx.master.manager;
  if (m === "local" && ctx.deployMode === "cluster") {
    errors.push({
      code: "cluster-mode-local",
      process: "submit",
      key: "spark.submit.deployMode",
      message: 'Cluster deploy mode is not compatible with master "local"',
      hint: "Use --deploy-mode client with a local master.",
    });
  }
  if (m === "standalone" && ctx.deployMode === "cluster" && ctx.appType === "python") {
    errors.push({
      code: "python-standalone-cluster",
      process: "submit",
      key: "spark.submit.deployMode",
      message:
        "Cluster deploy mode is currently not supported for python applications on standalone clusters.",
      hint: "Use --deploy-mode client on standalone for Python apps.",
    });
  }
  const execOpts = readString(ctx.conf, "spark.executor.extraJavaOptions");
  if (hasMaxHeapFlag(execOpts)) {
    errors.push({
      code: "xmx-in-java-options",
      process: "executor",
      key: "spark.executor.extraJavaOptions",
      message: xmxInOptionsMessage(
        "spark.executor.extraJavaOptions",
        execOpts as string,
        "spark.executor.memory",
      ),
      hint: "Remove -Xmx from spark.executor.extraJavaOptions and set spark.executor.memory.",
    });
  }
  const driverOpts = readString(ctx.conf, "spark.driver.extraJavaOptions");
  if (hasMaxHeapFlag(driverOpts)) {
    errors.push({
      code: "xmx-in-java-options",
      process: "driver",
      key: "spark.driver.extraJavaOptions",
      message: `Not allowed to specify max heap(Xmx) memory settings through java options (was ${driverOpts}). Use the corresponding --driver-memory or spark.driver.memory configuration instead.`,
      hint: "Remove -Xmx from spark.driver.extraJavaOptions and set spark.driver.memory.",
    });
  }
}

/** gather → model: the whole layout Spark builds for one configuration. */
export function computeLayout(ctx: ModelContext): Layout {
  validateConf(ctx);
  const errors: StartupError[] = [];
  const warnings: Warning[] = [];
  submitChecks(ctx, errors);
  const yarn = yarnScheduler(ctx.conf);
  const driver = buildDriver(ctx, yarn, errors, warnings);
  const executor = ctx.master.manager === "local" ? null : buildExecutor(ctx, yarn, errors, warnings);
  const am = ctx.master.manager === "yarn" && ctx.deployMode === "client" ? buildAm(ctx, yarn, errors) : null;
  return {
    sparkVersion: ctx.version.text,
    master: ctx.master.url,
    clusterManager: ctx.master.manager,
    deployMode: ctx.deployMode,
    appType: ctx.appType,
    driver,
    executor,
    am,
    errors: dedupe(errors),
    warnings: dedupe(warnings),
  };
}

/** One line per distinct text: the memory manager and the container sizing can refuse the same thing. */
function dedupe<T extends { message: string }>(ws: T[]): T[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const id = w.message;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
