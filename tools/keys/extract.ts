// Regenerates src/conf/knownKeys.generated.ts from real Spark jars:
//
//   npx tsx tools/keys/extract.ts [--raw <dir>] [--from <dir>]
//
// For every line in SUPPORTED_LINES it takes the newest Spark build installed by `npm run oracle:setup`
// (all of them: SPARKMEM_ORACLE_VERSIONS=all npm run oracle:setup), compiles scripts/keys/SparkKeys.java
// against that build's jars, runs it (see that file for what it prints) and merges the eleven answers into
// one deterministic data module, formatted with Biome. --raw <dir> also keeps each build's JSON answer;
// --from <dir> renders the module from such kept answers without running Java (same output).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SUPPORTED_LINES } from "../../src/conf/version.js";
import { installedVersions, jvmOptions, type OracleVersion } from "../oracle/client.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCE = join(ROOT, "scripts/keys/SparkKeys.java");
const OUTPUT = join(ROOT, "src/conf/knownKeys.generated.ts");

/** What SparkKeys.java prints for one Spark build. */
export interface Dump {
  sparkVersion: string;
  scalaVersion: string;
  holders: { class: string; added: number }[];
  failed: { class: string; error: string; registeredBeforeFailure: number }[];
  initialisedWithoutNewEntries: string[];
  entries: {
    key: string;
    entryClass: string;
    version?: string;
    isPublic?: boolean;
    default?: string;
    alternatives?: string[];
  }[];
  literals: string[];
  transportConfSuffixes: string[];
  sparkDeprecatedConfigs?: { key: string; version: string; message: string }[];
  sparkConfigsWithAlternatives?: {
    key: string;
    alternatives: { key: string; version: string; translated: boolean }[];
  }[];
  sqlDeprecatedConfigs?: { key: string; version: string; comment: string }[];
  sqlRemovedConfigs?: { key: string; version: string; defaultValue: string; comment: string }[];
}

/**
 * Key-like string constants in Spark's classes that are not configuration keys, so not "read by name":
 * namespaces tested with startsWith, local properties (SparkContext.setLocalProperty), column/table
 * metadata and Hadoop-job properties, and a gRPC service name.
 */
export const NOT_KEYS = new Set([
  // namespaces (prefix tests such as key.startsWith("spark.ssl"))
  "spark.akka",
  "spark.auth",
  "spark.driver",
  "spark.executor",
  "spark.kubernetes.authenticate",
  "spark.kubernetes.authenticate.driver",
  "spark.kubernetes.authenticate.driver.mounted",
  "spark.kubernetes.authenticate.executor",
  "spark.kubernetes.authenticate.submission",
  "spark.network",
  "spark.scheduler.listenerbus.eventqueue",
  "spark.sql",
  "spark.sql.streaming.stateStore.rocksdb",
  "spark.sql.test",
  "spark.ssl",
  "spark.ssl.akka",
  "spark.ssl.rpc",
  "spark.task",
  "spark.worker",
  // local properties of a job, not configuration
  "spark.job.description",
  "spark.job.interruptOnCancel",
  "spark.job.tags",
  "spark.jobGroup.id",
  "spark.rdd.scope",
  "spark.rdd.scope.noOverride",
  "spark.scheduler.pool",
  "spark.sql.dataset.queryExecution.id",
  "spark.sql.execution.id",
  "spark.sql.execution.query.id",
  "spark.sql.execution.root.id",
  "spark.streaming.internal.batchTime",
  "spark.streaming.internal.outputOpId",
  // column/table metadata and Hadoop job properties
  "spark.sessionWindow",
  "spark.sql.catalyst.type",
  "spark.sql.sources.schema.num",
  "spark.sql.sources.writeJobUUID",
  "spark.timeWindow",
  "spark.watermarkDelayMs",
  // Spark Connect's gRPC service name; the properties file Spark on Kubernetes mounts into its pods
  "spark.connect.SparkConnectService",
  "spark.properties",
]);

function newestPerLine(all: OracleVersion[]): OracleVersion[] {
  const patch = (v: string) => Number(v.split(".")[2] ?? 0);
  return SUPPORTED_LINES.map((line) => {
    const builds = all.filter((v) => v.version.startsWith(`${line}.`));
    const best = builds.sort((a, b) => patch(b.version) - patch(a.version))[0];
    if (!best)
      throw new Error(
        `Spark ${line} is not installed (have: ${all.map((v) => v.version).join(", ") || "none"}); run SPARKMEM_ORACLE_VERSIONS=all npm run oracle:setup`,
      );
    return best;
  });
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // deterministic defaults: fixed host name, time zone, heap and processor count, no SPARK_* environment
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SPARK_")));
    const child = spawn(cmd, args, {
      cwd,
      env: { ...env, SPARK_LOCAL_HOSTNAME: "localhost", SPARK_LOCAL_IP: "127.0.0.1", TZ: "UTC" },
    });
    const out: Buffer[] = [];
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => {
      err = (err + d.toString()).slice(-20_000);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new Error(`${cmd} ${args.at(-2) ?? ""} exited with ${code}:\n${err.slice(-3000)}`));
    });
  });
}

async function dump(v: OracleVersion, work: string): Promise<{ dump: Dump; stderr: string[] }> {
  const classes = join(work, v.version);
  mkdirSync(classes, { recursive: true });
  await run(
    "javac",
    ["-nowarn", "-encoding", "UTF-8", "-d", classes, "-cp", `${v.jars}/*`, SOURCE],
    work,
    120_000,
  );
  const jvm = [
    ...jvmOptions(),
    "-Xmx1g",
    "-XX:ActiveProcessorCount=4",
    "-Duser.timezone=UTC",
    "-Duser.language=en",
    "-Duser.country=US",
    "-Dfile.encoding=UTF-8",
  ];
  const text = await run(
    "java",
    [...jvm, "-cp", `${classes}:${v.jars}/*`, "SparkKeys", v.jars],
    classes,
    300_000,
  );
  const d = JSON.parse(text) as Dump;
  if (d.sparkVersion !== v.version)
    throw new Error(`jars of ${v.version} report Spark ${d.sparkVersion} (SPARK_VERSION)`);
  return {
    dump: d,
    stderr: d.failed.map((f) => `${v.version}: ${f.class} failed to initialise: ${f.error}`),
  };
}

// ------------------------------------------------------------------------------------------------
// Merging the builds
// ------------------------------------------------------------------------------------------------

/** Sorted line indices as ranges over SUPPORTED_LINES: [0,1,2,4] → "2.4-3.1,3.3". */
export function ranges(indices: Iterable<number>): string {
  const s = [...new Set(indices)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && (s[j + 1] as number) === (s[j] as number) + 1) j++;
    const a = SUPPORTED_LINES[s[i] as number];
    const b = SUPPORTED_LINES[s[j] as number];
    out.push(i === j ? `${a}` : `${a}-${b}`);
    i = j + 1;
  }
  return out.join(",");
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

/** Rows seen in several builds: identical rows merge, each keeping the lines it appears in. */
class Rows {
  private readonly rows = new Map<string, Set<number>>();
  add(row: readonly (string | boolean)[], line: number): void {
    const k = JSON.stringify(row);
    const s = this.rows.get(k) ?? new Set<number>();
    s.add(line);
    this.rows.set(k, s);
  }
  sorted(): (string | boolean)[][] {
    return [...this.rows.entries()]
      .map(([k, s]) => [...(JSON.parse(k) as (string | boolean)[]), ranges(s)])
      .sort((a, b) => byKey(JSON.stringify(a), JSON.stringify(b)));
  }
}

export interface Merged {
  declared: Map<string, { lines: number[]; since: string; internal: boolean }>;
  byName: Map<string, number[]>;
  transport: Map<string, number[]>;
  sparkDeprecated: Rows;
  sparkAlternatives: Rows;
  entryAlternatives: Rows;
  sqlDeprecated: Rows;
  sqlRemoved: Rows;
}

export function merge(dumps: Dump[]): Merged {
  const m: Merged = {
    declared: new Map(),
    byName: new Map(),
    transport: new Map(),
    sparkDeprecated: new Rows(),
    sparkAlternatives: new Rows(),
    entryAlternatives: new Rows(),
    sqlDeprecated: new Rows(),
    sqlRemoved: new Rows(),
  };
  const push = (map: Map<string, number[]>, k: string, i: number) => map.set(k, [...(map.get(k) ?? []), i]);
  dumps.forEach((d, i) => {
    const tableKeys = new Set<string>();
    for (const e of d.entries) {
      const prev = m.declared.get(e.key);
      // since and internal: from the newest build that declares the key (builds come oldest first)
      m.declared.set(e.key, {
        lines: [...(prev?.lines ?? []), i],
        since: clean(e.version) || prev?.since || "",
        internal: e.isPublic === false,
      });
      for (const old of e.alternatives ?? []) {
        m.entryAlternatives.add([old, e.key], i);
        tableKeys.add(old);
      }
    }
    for (const c of d.sparkDeprecatedConfigs ?? []) {
      m.sparkDeprecated.add([c.key, clean(c.version), clean(c.message)], i);
      tableKeys.add(c.key);
    }
    for (const c of d.sparkConfigsWithAlternatives ?? [])
      for (const a of c.alternatives) {
        m.sparkAlternatives.add([a.key, c.key, clean(a.version), a.translated], i);
        tableKeys.add(a.key);
      }
    for (const c of d.sqlDeprecatedConfigs ?? []) {
      m.sqlDeprecated.add([c.key, clean(c.version), clean(c.comment)], i);
      tableKeys.add(c.key);
    }
    for (const c of d.sqlRemovedConfigs ?? []) {
      m.sqlRemoved.add([c.key, clean(c.version), c.defaultValue ?? "", clean(c.comment)], i);
      tableKeys.add(c.key);
    }
    const declaredHere = new Set(d.entries.map((e) => e.key));
    // a constant ending in "." is a prefix test: src/conf/knownKeys.ts lists the key families by hand
    for (const l of d.literals)
      if (!declaredHere.has(l) && !tableKeys.has(l) && !NOT_KEYS.has(l) && !l.endsWith("."))
        push(m.byName, l, i);
    for (const s of d.transportConfSuffixes) push(m.transport, s, i);
  });
  return m;
}

// ------------------------------------------------------------------------------------------------
// The module
// ------------------------------------------------------------------------------------------------

/** "name:lines" records (keys without "spark."), one string per first letter. */
function grouped(records: [string, string][]): string {
  const groups = new Map<string, string[]>();
  for (const [key, rec] of records.sort((a, b) => byKey(a[0], b[0]))) {
    const letter = key.slice("spark.".length, "spark.".length + 1).toLowerCase();
    groups.set(letter, [...(groups.get(letter) ?? []), rec]);
  }
  return [...groups.entries()]
    .sort((a, b) => byKey(a[0], b[0]))
    .map(
      ([letter, recs]) =>
        `  ${/^[a-z]$/.test(letter) ? letter : JSON.stringify(letter)}: ${JSON.stringify(recs.join(" "))},`,
    )
    .join("\n");
}

function table(name: string, doc: string, type: string, rows: (string | boolean)[][]): string {
  const body = rows.map((r) => `  [${r.map((x) => JSON.stringify(x)).join(", ")}],`).join("\n");
  return `/** ${doc} */\n// biome-ignore format: generated table, one row per line\nexport const ${name}: readonly (readonly [${type}])[] = [\n${body}\n];\n`;
}

export function render(dumps: Dump[], m: Merged): string {
  const strip = (k: string) => k.slice("spark.".length);
  const declared = [...m.declared.entries()].map(([k, v]): [string, string] => [
    k,
    `${strip(k)}:${ranges(v.lines)}:${v.since}${v.internal ? ":i" : ""}`,
  ]);
  const byName = [...m.byName.entries()].map(([k, v]): [string, string] => [k, `${strip(k)}:${ranges(v)}`]);
  const transport = [...m.transport.entries()]
    .sort((a, b) => byKey(a[0], b[0]))
    .map(([s, v]) => `${s}:${ranges(v)}`)
    .join(" ");
  const counts = dumps.map((d, i) => {
    const names = [...m.byName.values()].filter((v) => v.includes(i)).length;
    return `//   ${d.sparkVersion} (Scala ${d.scalaVersion}): ${d.entries.length} declared, ${names} read by name, ${d.holders.length} holder objects${d.failed.length ? `, ${d.failed.length} failed to initialise` : ""}`;
  });
  return `// GENERATED FILE, do not edit: regenerate with
//   SPARKMEM_ORACLE_VERSIONS=all npm run oracle:setup && npx tsx tools/keys/extract.ts
// scripts/keys/SparkKeys.java ran against the jars of each Spark build below (from the pyspark sdist on PyPI),
// on Java 17 with -Xmx1g -XX:ActiveProcessorCount=4 -Duser.timezone=UTC: it initialised every Scala object
// of the spark-*.jar files that builds config entries, then read ConfigEntry.knownConfigs, the SparkConf and
// SQLConf deprecation tables, and the key-like string constants of Spark's classes. Helpers: ./knownKeys.ts.
${counts.join("\n")}
//
// "lines" fields are ranges of KEY_BUILDS lines, e.g. "2.4-3.1,3.3-4.3". Table texts have whitespace collapsed.

/** The Spark builds extracted, oldest first: [line, exact version, Scala version]. */
export const KEY_BUILDS = [
${dumps.map((d) => `  [${JSON.stringify(d.sparkVersion.split(".").slice(0, 2).join("."))}, ${JSON.stringify(d.sparkVersion)}, ${JSON.stringify(d.scalaVersion)}],`).join("\n")}
] as const;

/**
 * Keys declared as a ConfigEntry (ConfigEntry.knownConfigs), without "spark.", by first letter; records
 * "name:lines:since" then ":i" if internal (not isPublic) in the newest line declaring it. since is the
 * entry's version() in that line ("" when no build declaring it has one: version() is new in 3.0).
 */
export const DECLARED: Readonly<Record<string, string>> = {
${grouped(declared)}
};

/**
 * Keys Spark reads by name without a ConfigEntry (string constants of its classes, e.g. spark.master, and
 * most keys of 2.4), in the lines where they are not declared; records "name:lines" as in DECLARED. Not here:
 * constants that are namespaces, local properties or metadata (tools/keys/extract.ts NOT_KEYS) and keys of
 * the tables below.
 */
export const BY_NAME: Readonly<Record<string, string>> = {
${grouped(byName)}
};

/** TransportConf suffixes: it reads "spark.<module>.<suffix>" for modules shuffle, rpc, files ("suffix:lines"). */
export const TRANSPORT_SUFFIXES =
  ${JSON.stringify(transport)};

${table("SPARK_DEPRECATED", "SparkConf.deprecatedConfigs: [key, deprecated since, message, lines].", "string, string, string, string", m.sparkDeprecated.sorted())}
${table("SPARK_ALTERNATIVES", "SparkConf.configsWithAlternatives: [old key, new key, deprecated since, value translated, lines].", "string, string, string, boolean, string", m.sparkAlternatives.sorted())}
${table("ENTRY_ALTERNATIVES", "ConfigEntry.alternatives (withAlternative): [old key, new key, lines]; Spark reads the old key silently.", "string, string, string", m.entryAlternatives.sorted())}
${table("SQL_DEPRECATED", "SQLConf.deprecatedSQLConfigs (3.0+): [key, deprecated since, comment, lines].", "string, string, string, string", m.sqlDeprecated.sorted())}
${table("SQL_REMOVED", "SQLConf.removedSQLConfigs (3.0+): [key, removed in, default value, comment, lines].", "string, string, string, string, string", m.sqlRemoved.sorted())}`;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function extract(builds: OracleVersion[]): Promise<Dump[]> {
  const work = mkdtempSync(join(tmpdir(), "sparkmem-keys-"));
  try {
    const results: { dump: Dump; stderr: string[] }[] = [];
    // four JVMs at a time
    for (let i = 0; i < builds.length; i += 4)
      results.push(...(await Promise.all(builds.slice(i, i + 4).map((v) => dump(v, work)))));
    for (const r of results) for (const line of r.stderr) console.error(line);
    return results.map((r) => r.dump);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rawDir = option("--raw");
  const fromDir = option("--from");
  const dumps = fromDir
    ? SUPPORTED_LINES.map((line) => {
        const d = newestPerLine(installedVersions()).find((v) => v.version.startsWith(`${line}.`));
        return JSON.parse(readFileSync(join(fromDir, `${d?.version}.json`), "utf8")) as Dump;
      })
    : await extract(newestPerLine(installedVersions()));
  if (rawDir) {
    mkdirSync(rawDir, { recursive: true });
    for (const d of dumps)
      writeFileSync(join(rawDir, `${d.sparkVersion}.json`), `${JSON.stringify(d, null, 1)}\n`);
  }
  writeFileSync(OUTPUT, render(dumps, merge(dumps)));
  const biome = spawnSync(join(ROOT, "node_modules/.bin/biome"), ["format", "--write", OUTPUT], {
    encoding: "utf8",
  });
  if (biome.status !== 0) throw new Error(`biome format failed:\n${biome.stdout}${biome.stderr}`);
  for (const d of dumps)
    console.error(
      `${d.sparkVersion}: ${d.entries.length} declared keys, ${d.literals.length} key-like constants`,
    );
  console.error(`wrote ${OUTPUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
