import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SparkmemError } from "../conf/index.js";

/** The Spark application fleet submits (scripts/fleet/), compiled against the user's Spark on first use. */
const SOURCE = fileURLToPath(new URL("../../scripts/fleet/SparkmemFleet.java", import.meta.url));
const MAIN = fileURLToPath(new URL("./main.js", import.meta.url));

export interface FleetOptions {
  out?: string;
  master: string;
  since?: string;
  sparkSubmit?: string;
  timeout: string;
  conf: string[];
  printSubmit?: boolean;
  json?: boolean;
}

/** spark-submit: the option's, else $SPARK_HOME's, else the one on PATH (pip's pyspark installs one). */
function sparkSubmitOf(o: FleetOptions): string {
  if (o.sparkSubmit) return resolve(o.sparkSubmit);
  if (process.env.SPARK_HOME) return join(process.env.SPARK_HOME, "bin", "spark-submit");
  for (const dir of (process.env.PATH ?? "").split(":"))
    if (dir && existsSync(join(dir, "spark-submit"))) return join(dir, "spark-submit");
  throw new SparkmemError(
    "spark-submit",
    "not found (no --spark-submit, SPARK_HOME or spark-submit on PATH)",
    {
      expected: "a Spark installation: pip install pyspark, or --spark-submit PATH",
    },
  );
}

/** The jars spark-submit runs with: jars/ beside its bin/ (a Spark distribution and pip's pyspark alike). */
function jarsOf(sparkSubmit: string): string {
  const jars = join(dirname(dirname(sparkSubmit)), "jars");
  if (!existsSync(jars))
    throw new SparkmemError(sparkSubmit, `has no jars folder beside it (${jars})`, {
      expected: "the bin/spark-submit of a Spark installation",
    });
  return jars;
}

/**
 * The fleet application's jar for this Spark: compiled once by javac (JAVA_HOME's or PATH's) against its jars
 * and kept in ~/.cache/sparkmem/fleet/<hash of the source and the jars' names>/.
 */
export function fleetJar(sparkSubmit: string): string {
  const jars = jarsOf(sparkSubmit);
  const source = readFileSync(SOURCE);
  const hash = createHash("sha256").update(source).update(readdirSync(jars).sort().join("\n")).digest("hex");
  const cache = process.env.SPARKMEM_CACHE ?? join(homedir(), ".cache", "sparkmem");
  const dir = join(cache, "fleet", hash.slice(0, 16));
  const jar = join(dir, "sparkmem-fleet.jar");
  if (existsSync(jar)) return jar;
  const bin = (tool: string) => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", tool) : tool);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const javac = spawnSync(bin("javac"), ["-nowarn", "-cp", join(jars, "*"), "-d", tmp, SOURCE], {
    encoding: "utf8",
  });
  if (javac.error || javac.status !== 0)
    throw new SparkmemError(
      "javac",
      javac.error
        ? `could not run (${javac.error.message})`
        : `failed: ${javac.stderr.split("\n").find((l) => l.includes("error")) ?? javac.stderr.slice(0, 200)}`,
      {
        expected: "a JDK 8+ (JAVA_HOME or javac on PATH): fleet compiles its Spark reader against your Spark",
      },
    );
  // the jar is made beside the classes' folder (-C DIR . takes all of it), then moved into it
  const made = `${tmp}.jar`;
  const jarTool = spawnSync(bin("jar"), ["cf", made, "-C", tmp, "."], { encoding: "utf8" });
  if (jarTool.error || jarTool.status !== 0)
    throw new SparkmemError("jar", `failed: ${jarTool.error?.message ?? jarTool.stderr.slice(0, 200)}`, {
      expected: "the JDK's jar tool beside javac",
    });
  renameSync(made, join(tmp, "sparkmem-fleet.jar"));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return jar;
}

function sinceMs(since: string | undefined): number | null {
  if (since === undefined) return null;
  const t = Date.parse(since);
  if (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(t))
    throw new SparkmemError("--since", `"${since}" is not a date`, {
      expected: "an ISO date or time, e.g. 2026-11-01 or 2026-11-01T12:00:00Z",
    });
  return t;
}

/** The spark-submit command line that runs the fleet over `paths` (each `--conf` passed through). */
export function submitCommand(paths: string[], o: FleetOptions, sparkSubmit: string, jar: string): string[] {
  if (!o.out)
    throw new SparkmemError("--out", "is missing", { expected: "the directory the rows are written to" });
  const timeout = Number(o.timeout);
  if (!/^\d+$/.test(o.timeout) || timeout < 1 || timeout > 604_800)
    throw new SparkmemError("--timeout", `"${o.timeout}" is not a number of seconds`, {
      expected: "a whole number of seconds per log, from 1 to 604800 (a week)",
    });
  const since = sinceMs(o.since);
  const command = JSON.stringify([process.execPath, MAIN, "fleet-read"]);
  return [
    sparkSubmit,
    "--master",
    o.master,
    "--class",
    "SparkmemFleet",
    ...o.conf.flatMap((c) => ["--conf", c]),
    jar,
    "--out",
    o.out,
    "--command",
    command,
    "--timeout",
    String(timeout),
    ...(since === null ? [] : ["--since", String(since)]),
    ...paths,
  ];
}

/**
 * sparkmem fleet PATH… --out DIR: the event logs under each PATH read by a Spark application on `--master`
 * (local[*] by default), each log analysed by this sparkmem on an executor; prints the run's counts.
 */
export function runFleet(paths: string[], o: FleetOptions): number {
  if (paths.length === 0)
    throw new SparkmemError("PATH", "is missing", { expected: "a log directory or file Spark can read" });
  const sparkSubmit = sparkSubmitOf(o);
  const jar = o.printSubmit ? "sparkmem-fleet.jar" : fleetJar(sparkSubmit);
  const argv = submitCommand(paths, o, sparkSubmit, jar);
  if (o.printSubmit) {
    process.stdout.write(
      `${argv.map((a) => (/^[\w./:=,@+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ")}\n`,
    );
    return 0;
  }
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const counts = r.stdout.trim().split("\n").at(-1) ?? "";
  if (r.error || r.status !== 0 || !counts.startsWith("{")) {
    const last = (r.stderr ?? "")
      .split("\n")
      .filter((l) => /Exception|Error/.test(l))
      .at(0);
    throw new SparkmemError(
      "spark-submit",
      r.error
        ? `could not run (${r.error.message})`
        : `failed (exit ${r.status})${last ? `: ${last.trim()}` : ""}`,
      { expected: "a Spark application that runs (see Spark's log with --conf spark.log.level=INFO)" },
    );
  }
  const c = JSON.parse(counts) as {
    listed: number;
    read: number;
    kept: number;
    rows: number;
    errors: number;
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ ...c, out: o.out })}\n`);
    return 0;
  }
  process.stdout.write(
    `sparkmem fleet: ${c.listed} logs listed, ${c.read} read, ${c.kept} unchanged since the last run; ${c.rows} rows (${c.errors} with an error) in ${o.out}/apps.jsonl and ${o.out}/apps.parquet\n`,
  );
  return 0;
}
