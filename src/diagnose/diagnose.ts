import { valueSet } from "../conf/sparkConf.js";
import { toConf } from "../model/explain.js";
import { namesOfLine } from "./advice/lineKeys.js";
import { checkChanges } from "./checkChanges.js";
import { buildDiagnoseContext, deployModeOf } from "./context.js";
import { parseInput } from "./input/parse.js";
import { rankCauses } from "./rank.js";
import { DETECTORS, specificityOf } from "./registry.js";
import type { DiagnoseOptions, DiagnoseResult } from "./types.js";

/**
 * Ranked root causes for a pasted error or log excerpt (driver or executor stderr, `yarn logs`,
 * `kubectl describe pod` text or pod JSON, or an event log's JSON lines), with the settings to
 * change computed through the memory model when a configuration is given. Pure; never throws for
 * any text (a configuration the model refuses only loses the computed figures).
 */
export function diagnose(text: string, opts: DiagnoseOptions = {}): DiagnoseResult {
  const conf = opts.conf === undefined ? null : toConf(opts.conf);
  const deployMode = deployModeOf(opts.deployMode ?? valueSet(conf, "spark.submit.deployMode"));
  const input = parseInput(typeof text === "string" ? text : "", deployMode);
  const ctx = buildDiagnoseContext(
    opts,
    conf,
    input,
    deployMode ?? deployModeOf(valueSet(input.eventLog?.conf, "spark.submit.deployMode")),
  );
  const found = DETECTORS.flatMap((d) => d.detect(input, ctx)).map((c) =>
    namesOfLine(ctx, checkChanges(ctx, c)),
  );
  // "unknown" only stands in when nothing known was recognised
  const known = found.filter((c) => c.id !== "unknown");
  return { causes: rankCauses(known.length > 0 ? known : found, specificityOf), notes: ctx.notes };
}
