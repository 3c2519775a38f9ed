import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AdviseReport, advise } from "../../src/advise/index.js";
import { type AnalyzeReport, analyze } from "../../src/analyze/index.js";
import { resolveInputs, sourcesOf } from "../../src/cli/eventLogFiles.js";
import { explain } from "../../src/model/explain.js";
import type { Layout } from "../../src/model/types.js";
import { type OracleVersion, selectedVersions } from "../oracle/client.js";

/**
 * npm run rerun [-- --json]: the proof of `advise`. Each workload of tools/rerun/workloads.py runs on real
 * Spark (a local-cluster: executors in JVMs of their own) with a first configuration that is wrong in a known
 * way; sparkmem advises on its event log; the workload runs again with the advised settings; both runs'
 * outcome, duration, peaks, spill and executor GiB-hours are compared. The newest installed pyspark (or
 * SPARKMEM_ORACLE_VERSIONS) runs it.
 */
export const WORKLOADS = [
  "oversized",
  "spills",
  "cores",
  "partitions",
  "idle",
  "results",
  "pyspark",
  "skew",
  "capped",
  "pymemory",
] as const;
export type Workload = (typeof WORKLOADS)[number];

/**
 * Workloads whose executors run in an emulated YARN container (container.py: a cgroup limited to what YARN grants
 * for the run's settings, so a physical-memory kill really happens), with their first settings. Advise is told
 * the cluster is YARN (--conf spark.master=yarn), so its layouts have the containers that were enforced.
 */
const IN_CONTAINERS: Partial<Record<Workload, Record<string, string>>> = {
  pyspark: { "spark.executor.memory": "1g", "spark.executor.instances": "1" },
  capped: { "spark.executor.memory": "1g", "spark.executor.cores": "4" },
  pymemory: {
    "spark.executor.memory": "1g",
    "spark.executor.instances": "1",
    "spark.executor.pyspark.memory": "4g",
  },
};
const ON_YARN = { "spark.master": "yarn" };
/**
 * The YARN cluster each contained workload is advised for, beyond spark.master: a 2 GiB maximum allocation for
 * "capped"; spark.yarn.isPython, which spark-submit sets for a Python app on YARN (the PySpark memory is in the
 * container only then), for the Python ones.
 */
const YARN_OF: Partial<Record<Workload, Record<string, string>>> = {
  pyspark: { "spark.yarn.isPython": "true" },
  capped: { "yarn.scheduler.maximum-allocation-mb": "2048" },
  pymemory: { "spark.yarn.isPython": "true" },
};

/** What YARN grants an executor for these settings (the model's figure), in bytes. */
function yarnContainer(layout: Layout): number {
  const granted = layout.executor?.containerAllocatedBytes;
  if (!granted) throw new Error("the model gives no YARN container for the executors");
  return granted;
}

const yarnOf = (w: Workload) => ({ ...ON_YARN, ...YARN_OF[w] });

const SCRIPT = new URL("./workloads.py", import.meta.url).pathname;

export interface RunFigures {
  app: string;
  ok: boolean;
  error: string | null;
  seconds: number;
  /** The largest JVMHeapMemory of any executor. */
  executorHeapPeakBytes: number | null;
  executorHeapBytes: number | null;
  spilledBytes: number;
  failedTasks: number;
  /** Memory the executors held (container, or heap where there is none) × their lifetimes. */
  executorGibHours: number | null;
  /** The emulated YARN container's limit, or null where executors ran without one. */
  containerBytes: number | null;
  /** Processes the kernel killed for exceeding it. */
  kills: number;
  /** The longest task of any stage (the largest taskDurationMs[4]), or null where no stage has durations. */
  longestTaskMs: number | null;
}

export interface Rerun {
  workload: Workload;
  sparkVersion: string;
  advice: AdviseReport;
  /** The settings the second run was given (the advice's changes that set a value). */
  settings: Record<string, string>;
  before: RunFigures;
  after: RunFigures;
}

/** A workload of workloads.py run once: the rerun ones, and "profiles" (a log with two resource profiles). */
export function runWorkload(
  v: OracleVersion,
  dir: string,
  w: Workload | "profiles",
  settings: Record<string, string>,
  containerBytes: number | null = null,
) {
  const env: NodeJS.ProcessEnv = { ...process.env, SPARK_LOCAL_IP: "127.0.0.1" };
  if (containerBytes !== null) env.SPARKMEM_CONTAINER_BYTES = String(containerBytes);
  const r = spawnSync(
    v.python as string,
    [SCRIPT, dir, w, ...Object.entries(settings).map(([k, x]) => `${k}=${x}`)],
    { encoding: "utf8", timeout: 600_000, env },
  );
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.status !== 0 || !last.startsWith("{")) throw new Error(`${w}: ${r.stderr.slice(-3000)}`);
  return JSON.parse(last) as Run;
}

interface Run {
  app: string;
  ok: boolean;
  error: string | null;
  seconds: number;
  kills: number;
}

export async function read(dir: string, app: string): Promise<AnalyzeReport> {
  const input = resolveInputs([join(dir, app)])[0];
  if (!input) throw new Error(`no event log for ${app} in ${dir}`);
  return analyze(sourcesOf(input));
}

function figures(run: Run, r: AnalyzeReport, containerBytes: number | null) {
  const executors = r.executors.filter((e) => e.id !== "driver");
  const heaps = executors.map((e) => e.peakMetrics?.JVMHeapMemory ?? null).filter((x) => x !== null);
  const uses = "unavailable" in r.memory ? [] : r.memory.executors.filter((e) => e.id !== "driver");
  const hours = uses.every((u) => u.lifetimeMs !== null)
    ? uses.reduce(
        (a, u) =>
          a +
          (((containerBytes ?? u.containerBytes ?? u.heapAllocatedBytes) / 1024 ** 3) * (u.lifetimeMs ?? 0)) /
            3_600_000,
        0,
      )
    : null;
  const longest = r.stages.map((s) => s.taskDurationMs?.[4] ?? null).filter((x) => x !== null);
  return {
    ...run,
    executorHeapPeakBytes: heaps.length > 0 ? Math.max(...heaps) : null,
    executorHeapBytes: uses[0]?.heapAllocatedBytes ?? null,
    spilledBytes: r.stages.reduce((a, s) => a + s.memoryBytesSpilled, 0),
    failedTasks: r.stages.reduce((a, s) => a + s.numFailedTasks, 0),
    executorGibHours: hours,
    containerBytes,
    longestTaskMs: longest.length > 0 ? Math.max(...longest) : null,
  } satisfies RunFigures;
}

/** One workload: run, advise, run again with the advice. */
export async function rerun(v: OracleVersion, w: Workload): Promise<Rerun> {
  const dir = mkdtempSync(join(tmpdir(), `sparkmem-rerun-${w}-`));
  const contained = IN_CONTAINERS[w];
  const limit1 = contained
    ? yarnContainer(explain({ sparkVersion: v.version, conf: { ...contained, ...yarnOf(w) } }))
    : null;
  const first = runWorkload(v, dir, w, {}, limit1);
  const before = await read(dir, first.app);
  const advice = advise([before], contained ? { conf: yarnOf(w) } : {});
  // the container enforced is the one advise starts from: the log's own settings, on YARN
  if (limit1 !== null && yarnContainer(advice.current) !== limit1)
    throw new Error(
      `${w}: enforced ${limit1} bytes, but the log's settings give ${yarnContainer(advice.current)}`,
    );
  const settings = Object.fromEntries(
    advice.changes.filter((c) => c.to !== null).map((c) => [c.key, c.to as string]),
  );
  const limit2 = contained ? yarnContainer(advice.advised) : null;
  const second = runWorkload(v, dir, w, settings, limit2);
  const after = await read(dir, second.app);
  return {
    workload: w,
    sparkVersion: v.version,
    advice,
    settings,
    before: figures(first, before, limit1),
    after: figures(second, after, limit2),
  };
}

const outcome = (f: RunFigures) =>
  `${f.ok ? "ok" : "failed"}${f.kills > 0 ? ` (${f.kills} killed)` : ""}${f.containerBytes !== null ? ` in ${gb(f.containerBytes)}` : ""}`;

const sec = (ms: number | null) => (ms === null ? "-" : (ms / 1000).toFixed(1));

const gb = (b: number | null) => (b === null ? "-" : `${(b / 1024 ** 3).toFixed(2)} GiB`);

/** The README's table: one row per workload, before → after. */
export function rerunTable(rows: Rerun[]): string {
  const head =
    "| Spark | workload | advised | run | seconds | longest task (s) | executor heap (peak) | spill | failed tasks | executor GiB-hours |";
  const line = "|---|---|---|---|---|---|---|---|---|---|";
  const arrow = (a: string, b: string) => `${a} → ${b}`;
  return [
    head,
    line,
    ...rows.map((r) =>
      [
        r.sparkVersion,
        r.workload,
        Object.entries(r.settings)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ") || "nothing",
        arrow(outcome(r.before), outcome(r.after)),
        arrow(r.before.seconds.toFixed(1), r.after.seconds.toFixed(1)),
        arrow(sec(r.before.longestTaskMs), sec(r.after.longestTaskMs)),
        arrow(
          `${gb(r.before.executorHeapBytes)} (${gb(r.before.executorHeapPeakBytes)})`,
          `${gb(r.after.executorHeapBytes)} (${gb(r.after.executorHeapPeakBytes)})`,
        ),
        arrow(gb(r.before.spilledBytes), gb(r.after.spilledBytes)),
        arrow(String(r.before.failedTasks), String(r.after.failedTasks)),
        arrow(r.before.executorGibHours?.toFixed(4) ?? "-", r.after.executorGibHours?.toFixed(4) ?? "-"),
      ].join(" | "),
    ),
  ]
    .map((l) => (l.startsWith("|") ? l : `| ${l} |`))
    .join("\n");
}

async function main(): Promise<void> {
  const v = selectedVersions()
    .filter((x) => x.python !== null)
    .pop();
  if (!v) throw new Error("no pyspark installed: npm run oracle:setup");
  const rows: Rerun[] = [];
  for (const w of WORKLOADS) rows.push(await rerun(v, w));
  if (process.argv.includes("--json"))
    process.stdout.write(
      `${JSON.stringify(
        rows.map(({ advice: _a, ...r }) => r),
        null,
        2,
      )}\n`,
    );
  else process.stdout.write(`${rerunTable(rows)}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() as string)) await main();
