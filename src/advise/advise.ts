import { modelConf } from "../analyze/environment.js";
import { type LogLayoutInput, logLayoutInput } from "../analyze/logLayout.js";
import type { AnalyzeReport } from "../analyze/report.js";
import { DEFAULT_PROFILE_ID } from "../analyze/resourceProfiles.js";
import { bytesToString } from "../conf/bytesToString.js";
import { SparkmemError } from "../conf/errors.js";
import { parseSparkVersion } from "../conf/version.js";
import { type ExplainInput, explain, heapKeyOf, layoutWith, toConf, withSettings } from "../model/index.js";
import type { Layout } from "../model/types.js";
import { adviseCores, containerCap } from "./cores.js";
import { diagnosed, sizeBytes } from "./diagnosed.js";
import { adviseDynamicAllocation } from "./dynamicAllocation.js";
import { confidenceOf, effectOf } from "./effect.js";
import { gcPressure, processEvidence, spilledStages } from "./evidence.js";
import { adviseExecutors } from "./executors.js";
import { failureGuards } from "./failures.js";
import { adviseHeap, processOf } from "./heap.js";
import { type NextNodes, nodeFacts } from "./nodes.js";
import { adviseOverhead } from "./overhead.js";
import { advisePartitions } from "./partitions.js";
import { adviseProfiles } from "./profiles.js";
import { advisePysparkMemory } from "./pysparkMemory.js";
import { adviseResults } from "./results.js";
import { adviseSkew } from "./skew.js";
import type { AdviceChange, AdvisedProcess, AdviseReport, Goal } from "./types.js";

export interface AdviseOptions {
  goal?: Goal;
  /** Settings that replace the log's (--conf): what the job will run with apart from the advice. */
  conf?: Record<string, string>;
  /** An error text of the run (--error FILE): diagnose's causes for it are merged into the advice. */
  errorText?: string;
  /** The next run's nodes (--instance-type, --node-memory …): containers are granted and checked there. */
  nodes?: NextNodes;
}

const PROCESS_TREE = "spark.executor.processTreeMetrics.enabled";

/**
 * Settings for the next run of a job, from one or more event logs of it (the worst run sizes it): heap and
 * overhead of the executors and the driver, each from the peaks of what lived in it, found through the
 * model and checked there (the advised layout must start as the original did). A setting with no evidence,
 * or whose change would be small, is kept and a note says why.
 */
export function advise(reports: AnalyzeReport[], opts: AdviseOptions = {}): AdviseReport {
  const first = reports[0];
  if (!first) throw new SparkmemError("LOG", "is missing", { expected: "one or more event logs of one job" });
  const goal = opts.goal ?? "balanced";
  const { input: logInput, layout: logLayout, notes: layoutNotes } = inputOf(first);
  // the next run's nodes give the YARN settings the containers are granted under; --conf wins over them
  const nodes = opts.nodes ? nodeFacts(logLayout.clusterManager, opts.nodes) : null;
  const input = withSettings(logInput, { ...nodes?.settings, ...opts.conf });
  const current = layoutOf(input, first);
  const conf = toConf(input.conf);
  // a spill that more shuffle partitions fix does not raise the heap
  const partitions = advisePartitions(reports, conf, parseSparkVersion(current.sparkVersion), current);
  const gc = gcPressure(reports);
  // a skewed stage AQE will split does not raise the heap either
  const skew = adviseSkew(reports, conf, parseSparkVersion(current.sparkVersion));
  const spills = spilledStages(reports, current.executor?.taskSlots ?? 1).filter(
    (e) => !partitions.fixed.has(`${e.log}:${e.stage}`) && !skew.fixed.has(`${e.log}:${e.stage}`),
  );
  // failures first: diagnose's causes guard what failed, and what it asks for is merged below
  const found = diagnosed(reports, input, opts.errorText ?? null);
  const names = new Set(reports.map((r) => r.application.name));
  const notes: string[] = [
    ...(names.size > 1
      ? [`the logs are of different applications (${[...names].join(", ")}): advised as one job`]
      : []),
    ...layoutNotes,
  ];
  const changes: AdviceChange[] = [];
  const settings: Record<string, string | null> = {};
  const from = (key: string) => conf.entries.get(key)?.value ?? null;
  let processTreeAsked = false;
  let coresChanged = false;
  for (const role of ["executor", "driver"] as AdvisedProcess[]) {
    if (!processOf(current, role)) continue;
    const ev = processEvidence(reports, role, DEFAULT_PROFILE_ID);
    const guards = failureGuards(reports, role, found.causes);
    // a killed container is not made smaller through its heap either
    const heap = adviseHeap(input, current, role, ev, spills, goal, guards.heap ?? guards.container, gc);
    notes.push(...heap.notes);
    const heapSettings: Record<string, string> = {};
    if (heap.value !== null) {
      const key = heapKeyOf(role);
      heapSettings[key] = heap.value;
      settings[key] = heap.value;
      changes.push({
        process: role,
        key,
        from: from(key),
        to: heap.value,
        why: heap.why,
        evidence: heap.evidence,
      });
    }
    // a raise that no node grants: fewer cores per executor, each slot with more of the heap that fits
    const cap =
      role === "executor" && heap.raisedFor ? containerCap(conf, nodes?.maxContainerBytes ?? null) : null;
    const cores =
      cap && heap.raisedFor ? adviseCores(input, conf, current, settings, heap.raisedFor, cap) : null;
    if (cores && "note" in cores) notes.push(cores.note);
    else if (cores) {
      const key = heapKeyOf(role);
      heapSettings[key] = cores.heap;
      settings[key] = cores.heap;
      const mine = changes.find((c) => c.key === key);
      if (mine)
        Object.assign(mine, {
          to: cores.heap,
          why: `higher, but the ${mine.to} the slots need together is not granted: ${cores.changes[0]?.why}`,
        });
      for (const c of cores.changes) {
        settings[c.key] = c.to;
        changes.push(c);
      }
      coresChanged = true;
    }
    // Python workers' own allowance first: the overhead is what the container needs beyond it
    const python =
      role === "executor" ? advisePysparkMemory(reports, input, conf, current, goal, guards.container) : null;
    notes.push(...(python?.notes ?? []));
    if (python?.change?.to) {
      heapSettings[python.change.key] = python.change.to;
      settings[python.change.key] = python.change.to;
      changes.push(python.change);
    }
    const overhead = adviseOverhead(input, role, heapSettings, ev, goal, guards.container);
    notes.push(...overhead.notes);
    for (const [key, value] of Object.entries(overhead.settings)) {
      settings[key] = value;
      changes.push({
        process: role,
        key,
        from: from(key),
        to: value,
        why: overhead.why,
        evidence: overhead.evidence,
      });
    }
    if (overhead.enableProcessTree && !processTreeAsked && from(PROCESS_TREE) !== "true") {
      processTreeAsked = true;
      settings[PROCESS_TREE] = "true";
      changes.push({
        process: "executor",
        key: PROCESS_TREE,
        from: from(PROCESS_TREE),
        to: "true",
        why: "the next run's log then has the process-tree RSS (JVM, Python workers, other children) that sizes the overhead",
        evidence: [],
      });
    }
  }
  // stage-level scheduling profiles size their own executors: notes, as their requests are the app's code
  notes.push(
    ...adviseProfiles(
      reports,
      input,
      spills,
      goal,
      failureGuards(reports, "executor", found.causes).heap,
      gc,
    ),
  );
  // fewer cores came with the executors that keep the job's task slots
  const executors = coresChanged ? null : adviseExecutors(reports, input, conf, current, settings);
  if (executors) {
    const { key, from: was, to, why, evidence } = executors;
    settings[key] = to;
    changes.push({ process: "executor", key, from: was, to, why, evidence });
  }
  for (const c of adviseDynamicAllocation(reports, input, conf, current, settings)) {
    settings[c.key] = c.to;
    changes.push(c);
  }
  notes.push(...skew.notes);
  for (const c of skew.changes) {
    settings[c.key] = c.to;
    changes.push(c);
  }
  if (partitions.to !== null) {
    const { key, from: was, to, why, evidence } = partitions;
    settings[key] = to;
    changes.push({ process: "executor", key, from: was, to, why, evidence });
  }
  // what diagnose asks for to prevent the failures, and what the results sent to the driver need, where the
  // peaks asked for less
  notes.push(...found.notes);
  const results = adviseResults(reports, conf, current);
  for (const d of [...found.changes, ...results.changes]) {
    const mine = changes.find((c) => c.key === d.key);
    const mineBytes = mine?.to ? sizeBytes(d.key, mine.to) : null;
    if (mineBytes !== null && mineBytes >= d.bytes) continue;
    if (mine)
      Object.assign(mine, { to: d.to, why: `${d.why} (raised from the ${mine.to} advised otherwise)` });
    else
      changes.push({
        process: d.process,
        key: d.key,
        from: from(d.key),
        to: d.to,
        why: d.why,
        evidence: d.evidence ?? [],
      });
    settings[d.key] = d.to;
  }
  const advised = layoutWith(input, settings);
  const pod = advised.executor?.containerAllocatedBytes ?? null;
  if (nodes && pod !== null && pod > nodes.maxContainerBytes)
    notes.push(
      `the advised executor ${advised.clusterManager === "kubernetes" ? "pod" : "container"} (${bytesToString(pod)}) is larger than a node of the next run accepts (${bytesToString(nodes.maxContainerBytes)}; ${nodes.derivation}): it would not be scheduled`,
    );
  const added = advised.errors.filter((e) => !current.errors.some((c) => c.code === e.code));
  if (added.length > 0)
    notes.push(`the advised settings would not start as they are: ${added.map((e) => e.message).join("; ")}`);
  const resolved = current.errors.filter((e) => !advised.errors.some((a) => a.code === e.code));
  if (resolved.length > 0)
    notes.push(
      `the settings the log ran with would not start here (${resolved.map((e) => e.message).join("; ")}); the advised ones do`,
    );
  return {
    application: {
      id: first.application.id,
      name: first.application.name,
      sparkVersion: first.application.sparkVersion,
      logs: reports.length,
    },
    goal,
    changes,
    current,
    advised,
    effect: effectOf(reports, current, advised),
    confidence: confidenceOf(reports),
    // checkBySimulation fills it where the log's timeline was read (the CLI): the page's chunk stays without it
    simulated: null,
    notes,
  };
}

/** The layout the log ran with; a log whose settings the model cannot lay out is named with the reason. */
function layoutOf(input: ExplainInput, r: AnalyzeReport): Layout {
  try {
    return explain(input);
  } catch (e) {
    throw cannotLayOut(e, r);
  }
}

/** A model error on a log's settings, named by the log: the flag-like place alone would mislead. */
function cannotLayOut(e: unknown, r: AnalyzeReport): unknown {
  if (!(e instanceof SparkmemError)) return e;
  return new SparkmemError(
    logName(r),
    `its layout cannot be computed (${e.where}: ${e.problem})`,
    e.expected === undefined ? {} : { expected: e.expected },
  );
}

/** The application's id, else its files' names: what a message names the log by. */
const logName = (r: AnalyzeReport) => r.application.id ?? r.input.files.map((f) => f.name).join(", ");

/** explain's input for the settings a log ran with, as analyze lays it out (logLayoutInput), with its notes. */
function inputOf(r: AnalyzeReport): LogLayoutInput {
  if (!r.application.sparkVersion)
    throw new SparkmemError(logName(r), "names no Spark version", {
      expected: "a log with SparkListenerLogStart (Spark 2.4 or later)",
    });
  // without its environment the log's settings are unknown: Spark's defaults would be advised against, wrongly
  if (Object.keys(r.environment.sparkProperties).length === 0)
    throw new SparkmemError(
      logName(r),
      "holds no Spark properties (no SparkListenerEnvironmentUpdate: cut early?)",
      {
        expected: "a log that records the settings it ran with",
      },
    );
  try {
    return logLayoutInput(
      r.application.sparkVersion,
      modelConf(r.environment),
      r.executors,
      r.application.javaVersion,
    );
  } catch (e) {
    throw cannotLayOut(e, r);
  }
}
