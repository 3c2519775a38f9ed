import { SparkmemError } from "../conf/errors.js";
import { modelledVersion } from "../conf/modelledVersion.js";
import type { SparkConf } from "../conf/sparkConf.js";
import type { MachineSight } from "../model/context.js";
import { type ExplainInput, explain } from "../model/explain.js";
import { withSettings } from "../model/inverse.js";
import { machineRevealed } from "../model/machineRevealed.js";
import type { Layout } from "../model/types.js";
import { DEFAULT_PROFILE_ID, type ExecutorProfile } from "./resourceProfiles.js";
import type { ExecutorSummary } from "./types.js";

/** "1.8.0_144 (Oracle Corporation)" → 8, "17.0.15 (Debian)" → 17; undefined when unreadable. */
export function javaMajor(text: string | null): number | undefined {
  const m = /^(\d+)(?:\.(\d+))?/.exec(text ?? "");
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major;
}

/** The block manager maximum most processes of a role reported (hosts of one kind report one figure). */
function reportedMaximum(executors: ExecutorSummary[], role: "driver" | "executor"): number | null {
  const counts = new Map<number, number>();
  for (const e of executors) {
    const mine =
      role === "driver" ? e.id === "driver" : e.id !== "driver" && e.resourceProfileId === DEFAULT_PROFILE_ID;
    if (mine && e.maxMemory > 0) counts.set(e.maxMemory, (counts.get(e.maxMemory) ?? 0) + 1);
  }
  let best: [number, number] | null = null;
  for (const c of counts) if (!best || c[1] > best[1]) best = c;
  return best ? best[0] : null;
}

export interface LogLayoutInput {
  input: ExplainInput;
  /** explain's layout for `input`. */
  layout: Layout;
  /** What the block managers' maxima revealed about the machines, or that they disagree with the model. */
  notes: string[];
}

/**
 * explain's input for the settings a log ran with: its version (a vendor or snapshot suffix dropped; an older or
 * newer line laid out as the nearest modelled one, modelledVersion), its properties, its Java; in local mode the machine's cores are the driver's, as the log reports them (the
 * driver's executor entry has the cores local[*] took), so that local[*] gets a layout. Where a block
 * manager's maximum differs from the model's, the machine its JVM saw is found from it (machineRevealed) and
 * the input carries it, with a note. Throws SparkmemError as explain does.
 */
export function logLayoutInput(
  sparkVersion: string | null,
  conf: SparkConf,
  executors: ExecutorSummary[],
  javaVersion: string | null,
): LogLayoutInput {
  const master = conf.entries.get("spark.master")?.value;
  // explain would take local[*]: a log without its master (a test log, a cut environment) is not laid out
  if (master === undefined)
    throw new SparkmemError("spark.master", "is not among the log's Spark properties", {
      expected: "a log whose SparkListenerEnvironmentUpdate records the master it ran on",
    });
  const mapped = modelledVersion(sparkVersion);
  if (mapped.version === null)
    throw new SparkmemError(
      "Spark version",
      "is not in the log (no SparkListenerLogStart, or an empty one)",
      {
        expected: "a log that records the version it ran on (SparkListenerLogStart's Spark Version)",
      },
    );
  const driverCores = executors.find((e) => e.id === "driver")?.totalCores ?? 0;
  const local = master.trim().startsWith("local");
  let input: ExplainInput = {
    sparkVersion: mapped.version,
    conf,
    javaVersion: javaMajor(javaVersion),
    ...(local && driverCores > 0 ? { hostCores: driverCores } : {}),
  };
  // the memory rules of an older line, where the log's own settings do not state them
  const missing = Object.entries(mapped.defaults).filter(([k]) => !conf.entries.has(k));
  if (missing.length > 0) input = withSettings(input, Object.fromEntries(missing));
  const notes: string[] = mapped.note ? [mapped.note] : [];
  const layout = explain(input);
  const machines: Partial<Record<"driver" | "executor", MachineSight>> = {};
  for (const role of ["driver", "executor"] as const) {
    const p = role === "driver" ? layout.driver : layout.executor;
    const reported = reportedMaximum(executors, role);
    if (!p || reported === null || p.uiStorageBytes === reported) continue;
    const found = machineRevealed(input, role, reported);
    if (found) {
      machines[role] = found.machine;
      notes.push(
        `${role}: its block manager's maximum (${reported} bytes) is ${found.reason}; the layout is computed for that machine`,
      );
    } else {
      // the most any machine gives this heap (Parallel's figure grows with memory up to the heap's own)
      const most = explain({ ...input, machines: { ...input.machines, [role]: { memoryBytes: 2 ** 46 } } });
      const top = Math.max(
        p.uiStorageBytes,
        (role === "driver" ? most.driver : most.executor)?.uiStorageBytes ?? 0,
      );
      const why =
        reported > top
          ? `more than a ${p.jvm.xmx} heap gives on any machine: it ran with a larger heap than the log's settings say (an -Xmx, SPARK_${role.toUpperCase()}_MEMORY or launcher default the log does not record)`
          : p.jvm.gc === "Parallel"
            ? `Java ${p.jvm.javaVersion}'s Parallel collector sizes its generations from the machine's memory and CPUs, which the log does not record`
            : "it ran with JVM options or a vendor's defaults the log does not record";
      notes.push(
        `${role}: its block manager's maximum (${reported} bytes) differs from the ${p.uiStorageBytes} these settings give on every machine modelled: ${why}`,
      );
    }
  }
  if (Object.keys(machines).length === 0) return { input, layout, notes };
  input = { ...input, machines };
  return { input, layout: explain(input), notes };
}

/** The layout of a stage-level scheduling profile's executors: the application's, with the profile's requests. */
export function profileLayout(input: ExplainInput, profile: ExecutorProfile): Layout {
  return explain(withSettings(input, profile.settings));
}
