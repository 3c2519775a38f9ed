import { analyze as analyzeSources, logLayoutInput, modelConf } from "../analyze/index.js";
import { mergeLayers, SparkmemError } from "../conf/index.js";
import { explain, withSettings } from "../model/index.js";
import { renderLogSimulationText } from "../report/index.js";
import { LogTimeline, simulateLog } from "../simulate/index.js";
import { resolveInputs, sourcesOf } from "./eventLogFiles.js";
import { type ConfFlags, commandLayers } from "./gatherConf.js";
import { terminalText } from "./terminalText.js";

/**
 * simulate --from-log LOG: the log's tasks and cached blocks replayed through the layout of the log's settings,
 * with this command's --conf and spark-submit flags on top (the what-if).
 */
export async function runSimulateLog(
  paths: string[],
  o: ConfFlags,
  format: "text" | "json",
): Promise<number> {
  const apps = resolveInputs(paths);
  if (apps.length !== 1)
    throw new SparkmemError("--from-log", `names ${apps.length} applications`, {
      expected: "one event log (a file, a rolling eventlog_v2_ directory or one application's .zip)",
    });
  const app = apps[0] as (typeof apps)[number];
  const timeline = new LogTimeline();
  const report = await analyzeSources(sourcesOf(app), app.warnings, undefined, timeline);
  const version = report.application.sparkVersion;
  if (!version)
    throw new SparkmemError(app.label, "names no Spark version", {
      expected: "a log with SparkListenerLogStart",
    });
  const logged = logLayoutInput(
    version,
    modelConf(report.environment),
    report.executors,
    report.application.javaVersion,
  );
  // the user's own settings on top of the log's: every key this command was given
  const own = mergeLayers(commandLayers([], o)).conf;
  const changes = Object.fromEntries([...own.entries.values()].map((e) => [e.key, e.value]));
  const layout = explain(
    Object.keys(changes).length > 0 ? withSettings(logged.input, changes) : logged.input,
  );
  const first = layout.errors[0];
  if (first) {
    process.stderr.write(
      `sparkmem: ${first.key ?? first.process}: Spark would refuse these settings: ${first.message.replace(/\n/g, " ")}\n`,
    );
    return 2;
  }
  const result = simulateLog(layout, timeline);
  result.notes.unshift(...logged.notes, ...report.warnings);
  if (Object.keys(changes).length > 0)
    result.notes.unshift(
      `With ${Object.entries(changes)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")} over the log's settings.`,
    );
  if (format === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(terminalText(renderLogSimulationText(result)));
  return 0;
}
