import * as G from "./knownKeys.generated.js";

/**
 * Which configuration keys each Spark line knows, from facts extracted from Spark's jars
 * (./knownKeys.generated.ts, by tools/keys/extract.ts). A key is known in a line when that line declares
 * it as a ConfigEntry, reads it by name, still reads it as an old name of another key (SparkConf's
 * configsWithAlternatives, ConfigEntry.withAlternative), or it matches one of KEY_PATTERNS / TransportConf's
 * per-module keys. A key only listed as deprecated without replacement is not known: Spark ignores it.
 */
export const KEY_LINES: readonly string[] = G.KEY_BUILDS.map((b) => b[0]);

/** A family of keys Spark reads by prefix or by pattern instead of declaring each one. */
export interface KeyPattern {
  /** a key longer than this prefix, or matching this pattern, belongs to the family */
  prefix?: string;
  pattern?: RegExp;
  /** first and (unset: every line since) last line reading it */
  from: string;
  until?: string;
  what: string;
}

const K8S_AUTH = /^spark\.kubernetes\.authenticate(\.submission|\.driver(\.mounted)?|\.executor)?\./;
/** spark.<filter class> of spark.ui.filters: a Java class name (its simple name capitalised) */
const FILTER = /^spark\.([a-z_$][\w$]*\.)+[A-Z][\w$]*/;
const CREDENTIAL = new RegExp(
  `${K8S_AUTH.source}(oauthToken(File)?|clientKeyFile|clientCertFile|caCertFile)$`,
);
/** [prefix or pattern, from, until ("": every line since), what]; from as found in the jars' constants */
const PATTERNS: readonly (readonly [string | RegExp, string, string, string])[] = [
  ["spark.hadoop.", "2.4", "", "Hadoop configuration, copied into Hadoop's Configuration"],
  ["spark.hive.", "3.0", "", "Hive configuration, copied into the Hive conf"],
  ["spark.executorEnv.", "2.4", "", "an executor environment variable"],
  ["spark.yarn.appMasterEnv.", "2.4", "", "a YARN application master environment variable"],
  ["spark.yarn.am.resource.", "3.0", "", "a YARN resource request of the application master"],
  ["spark.yarn.driver.resource.", "3.0", "", "a YARN resource request of the driver"],
  ["spark.yarn.executor.resource.", "3.0", "", "a YARN resource request of executors"],
  ["spark.kubernetes.driverEnv.", "2.4", "", "a driver pod environment variable"],
  ["spark.kubernetes.driver.label.", "2.4", "", "a driver pod label"],
  ["spark.kubernetes.driver.annotation.", "2.4", "", "a driver pod annotation"],
  ["spark.kubernetes.driver.secrets.", "2.4", "", "a secret mounted into the driver pod"],
  ["spark.kubernetes.driver.secretKeyRef.", "2.4", "", "a driver environment variable from a secret"],
  ["spark.kubernetes.driver.volumes.", "2.4", "", "a volume of the driver pod"],
  ["spark.kubernetes.driver.service.annotation.", "3.0", "", "a driver service annotation"],
  ["spark.kubernetes.driver.service.label.", "3.4", "", "a driver service label"],
  ["spark.kubernetes.driver.node.selector.", "3.3", "", "a node selector of the driver pod"],
  ["spark.kubernetes.executor.label.", "2.4", "", "an executor pod label"],
  ["spark.kubernetes.executor.annotation.", "2.4", "", "an executor pod annotation"],
  ["spark.kubernetes.executor.secrets.", "2.4", "", "a secret mounted into executor pods"],
  ["spark.kubernetes.executor.secretKeyRef.", "2.4", "", "an executor environment variable from a secret"],
  ["spark.kubernetes.executor.volumes.", "2.4", "", "a volume of executor pods"],
  ["spark.kubernetes.executor.node.selector.", "3.3", "", "a node selector of executor pods"],
  ["spark.kubernetes.node.selector.", "2.4", "", "a node selector of all pods"],
  [CREDENTIAL, "2.4", "", "a Kubernetes API credential"],
  ["spark.mesos.driverEnv.", "2.4", "3.5", "a Mesos driver environment variable"],
  ["spark.mesos.dispatcher.driverDefault.", "2.4", "3.5", "a Mesos dispatcher default"],
  ["spark.mesos.dispatcher.queue.", "3.1", "3.5", "a Mesos dispatcher queue weight"],
  [/^spark\.(driver|executor)\.resource\..+\.(amount|discoveryScript|vendor)$/, "3.0", "", "a resource"],
  [/^spark\.task\.resource\..+\.amount$/, "3.0", "", "a resource amount per task"],
  [/^spark\.worker\.resource\..+\.(amount|discoveryScript)$/, "3.0", "", "a worker resource"],
  [new RegExp(`${FILTER.source}\\.param\\.[^.]+$`), "2.4", "", "a parameter of a spark.ui.filters filter"],
  [new RegExp(`${FILTER.source}\\.params$`), "2.4", "3.5", "the parameters of a spark.ui.filters filter"],
  ["spark.sql.catalog.", "3.0", "", "a catalog plugin (spark.sql.catalog.<name>) or its option"],
  ["spark.sql.streaming.stateStore.rocksdb.", "3.2", "", "a RocksDB state store setting"],
  ["spark.metrics.conf.", "2.4", "", "a metrics system setting (instead of metrics.properties)"],
  ["spark.ssl.", "2.4", "", "an SSL setting (spark.ssl.*, spark.ssl.<namespace>.*)"],
  ["spark.network.crypto.config.", "2.4", "", "a commons-crypto setting for RPC encryption"],
  ["spark.io.encryption.commons.config.", "2.4", "", "a commons-crypto setting for I/O encryption"],
  ["spark.plugins.internal.conf.", "3.0", "", "a plugin's own setting"],
  ["spark.shuffle.plugin.__config__.", "3.0", "", "a shuffle plugin's own setting"],
  // connector modules that are not among the distribution's jars, so not extracted
  ["spark.kafka.", "2.4", "", "the Kafka connector (spark-sql-kafka)"],
  ["spark.streaming.kafka.", "2.4", "", "the Kafka DStream connector (spark-streaming-kafka)"],
  ["spark.connect.", "3.4", "3.5", "Spark Connect (a separate jar before 4.0)"],
];

/** Spark's pass-through and templated key families (TransportConf's per-module keys: keyPattern). */
export const KEY_PATTERNS: readonly KeyPattern[] = PATTERNS.map(([p, from, until, what]) => ({
  ...(typeof p === "string" ? { prefix: p } : { pattern: p }),
  from,
  ...(until ? { until } : {}),
  what,
}));

/** "3.5", "3.5.1" or "3.5.0-amzn-0" → its index in KEY_LINES. */
function lineIndex(versionLine: string): number {
  const m = /^\s*(\d+)\.(\d+)/.exec(versionLine);
  const i = m ? KEY_LINES.indexOf(`${m[1]}.${m[2]}`) : -1;
  if (i < 0) throw new RangeError(`no key data for Spark "${versionLine}" (have ${KEY_LINES.join(", ")})`);
  return i;
}

/** "2.4-3.1,3.3" → a bit mask over KEY_LINES. */
function mask(ranges: string): number {
  let bits = 0;
  for (const r of ranges.split(",")) {
    const [a, b = a] = r.split("-") as [string, string?];
    for (let i = lineIndex(a); i <= lineIndex(b); i++) bits |= 1 << i;
  }
  return bits;
}

type Known = { declared: number; byName: number; since: string; internal: boolean };
type Alternative = { newKey: string; lines: number; since?: string; translated: boolean; source: string };
type Data = { keys: Map<string, Known>; alts: Map<string, Alternative[]>; transport: Map<string, number> };
let cache: Data | undefined;

/** The generated data's space-separated "name:field:..." records, split. */
const records = (groups: Readonly<Record<string, string>>) =>
  Object.values(groups).flatMap((g) => g.split(" ").map((r) => r.split(":")));

function data(): Data {
  if (cache) return cache;
  const keys = new Map<string, Known>();
  const known = (name: string) => {
    const k = keys.get(`spark.${name}`) ?? { declared: 0, byName: 0, since: "", internal: false };
    return keys.set(`spark.${name}`, k) && k;
  };
  for (const [name = "", lines = "", since = "", flag] of records(G.DECLARED))
    Object.assign(known(name), { declared: mask(lines), since, internal: flag === "i" });
  for (const [name = "", lines = ""] of records(G.BY_NAME)) known(name).byName = mask(lines);
  const alternatives = new Map<string, Alternative[]>();
  const alt = (old: string, a: Alternative) => alternatives.set(old, [...(alternatives.get(old) ?? []), a]);
  for (const [old, newKey, since, translated, lines] of G.SPARK_ALTERNATIVES)
    alt(old, { newKey, since, translated, lines: mask(lines), source: "SparkConf.configsWithAlternatives" });
  for (const [old, newKey, lines] of G.ENTRY_ALTERNATIVES)
    alt(old, { newKey, translated: false, lines: mask(lines), source: "ConfigEntry.alternatives" });
  const transport = new Map(
    records({ all: G.TRANSPORT_SUFFIXES }).map(([suffix = "", lines = ""]) => [suffix, mask(lines)]),
  );
  cache = { keys, alts: alternatives, transport };
  return cache;
}

function inLines(p: KeyPattern, i: number): boolean {
  return lineIndex(p.from) <= i && (p.until === undefined || i <= lineIndex(p.until));
}

/** The KEY_PATTERNS family a key belongs to in a line, if any (TransportConf's keys included). */
export function keyPattern(key: string, versionLine: string): KeyPattern | undefined {
  const i = lineIndex(versionLine);
  const t = /^spark\.(shuffle|rpc|files)\.((?:io|sasl)\.[A-Za-z]+)$/.exec(key);
  if (t && ((data().transport.get(t[2] as string) ?? 0) & (1 << i)) !== 0)
    return { prefix: `spark.${t[1]}.`, from: KEY_LINES[0] as string, what: `TransportConf's ${t[2]}` };
  return KEY_PATTERNS.find(
    (p) =>
      inLines(p, i) &&
      (p.prefix ? key.startsWith(p.prefix) && key.length > p.prefix.length : p.pattern?.test(key)),
  );
}

export type KeyInfo = { declaredIn: string[]; readByNameIn: string[]; since?: string; internal: boolean };

/** What the extracted data says about one key (undefined: never declared nor read by name). */
export function keyInfo(key: string): KeyInfo | undefined {
  const k = data().keys.get(key);
  if (!k) return undefined;
  const lines = (bits: number) => KEY_LINES.filter((_, i) => (bits & (1 << i)) !== 0);
  return {
    declaredIn: lines(k.declared),
    readByNameIn: lines(k.byName),
    ...(k.since ? { since: k.since } : {}),
    internal: k.internal,
  };
}

export function isKnownKey(key: string, versionLine: string): boolean {
  const bit = 1 << lineIndex(versionLine);
  const k = data().keys.get(key);
  if (k && ((k.declared | k.byName) & bit) !== 0) return true;
  if ((data().alts.get(key) ?? []).some((a) => (a.lines & bit) !== 0)) return true;
  return keyPattern(key, versionLine) !== undefined;
}

/** The lines (of KEY_LINES) in which isKnownKey(key, line) holds. */
export function knownKeyVersions(key: string): string[] {
  return KEY_LINES.filter((line) => isKnownKey(key, line));
}

/** since: Spark's own text ("2.3", "3.1.0"); source: the table saying so (e.g. SparkConf.deprecatedConfigs). */
export type Deprecation = { replacedBy?: string; since: string; message?: string; source: string };

/** The key a deprecation text points to ("Use 'x' instead", "Please use x"), if it is known in the line. */
function pointsTo(text: string, versionLine: string): string | undefined {
  const m = /(?:Use|use|replaced by) '?(spark\.[\w.-]+[\w-])'?/.exec(text);
  return m?.[1] && isKnownKey(m[1], versionLine) ? m[1] : undefined;
}

/** Whether Spark deprecates the key in a line, and in favour of what (undefined: not deprecated there). */
export function deprecation(key: string, versionLine: string): Deprecation | undefined {
  const bit = 1 << lineIndex(versionLine);
  const found: Deprecation[] = [];
  for (const a of data().alts.get(key) ?? [])
    if ((a.lines & bit) !== 0)
      found.push({
        replacedBy: a.newKey,
        since: a.since ?? data().keys.get(a.newKey)?.since ?? "",
        message: `Spark reads it as ${a.newKey}${a.translated ? " (translating the value)" : ""}`,
        source: a.source,
      });
  const tables = [
    [G.SPARK_DEPRECATED, "SparkConf.deprecatedConfigs"],
    [G.SQL_DEPRECATED, "SQLConf.deprecatedSQLConfigs"],
  ] as const;
  for (const [table, source] of tables)
    for (const [k, since, message, lines] of table)
      if (k === key && (mask(lines) & bit) !== 0) {
        const replacedBy = pointsTo(message, versionLine);
        found.unshift({ ...(replacedBy ? { replacedBy } : {}), since, message, source });
      }
  const [first, ...rest] = found;
  if (!first) return undefined;
  const replacedBy = first.replacedBy ?? rest.find((d) => d.replacedBy)?.replacedBy;
  return { ...first, ...(replacedBy ? { replacedBy } : {}), since: first.since || (rest[0]?.since ?? "") };
}

/**
 * From SQLConf.removedSQLConfigs (since: Spark's text; defaultValue: the only value Spark still accepts), or
 * "absent": since is the first line without the key, lastLine the last earlier line that knew it.
 */
export type Removal = {
  since: string;
  lastLine?: string;
  defaultValue?: string;
  message?: string;
  source: "SQLConf.removedSQLConfigs" | "absent";
};

/** Whether a key that existed before is gone in this line (undefined: known, or never known before). */
export function removed(key: string, versionLine: string): Removal | undefined {
  const i = lineIndex(versionLine);
  for (const [k, since, defaultValue, message, lines] of G.SQL_REMOVED)
    if (k === key && (mask(lines) & (1 << i)) !== 0)
      return { since, defaultValue, message, source: "SQLConf.removedSQLConfigs" };
  if (isKnownKey(key, versionLine)) return undefined;
  for (let j = i - 1; j >= 0; j--)
    if (isKnownKey(key, KEY_LINES[j] as string))
      return { since: KEY_LINES[j + 1] as string, lastLine: KEY_LINES[j] as string, source: "absent" };
  return undefined;
}

/** "spark.executor.memoryOverheadFactor" → ["executor", "memory", "overhead", "factor"] */
function tokens(key: string): string[] {
  const spaced = key.replace(/^spark\./, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2");
  return spaced
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Optimal-string-alignment Damerau-Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev2 = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length] as number;
}

const CLUSTER_MANAGERS = new Set(["yarn", "kubernetes", "mesos", "standalone"]);
type Candidate = { key: string; lower: string; words: string[] };
const suggestable = new Map<number, Candidate[]>();

/** The keys a line may suggest: known there, neither internal nor for tests. */
function suggestableIn(i: number): Candidate[] {
  const bit = 1 << i;
  let list = suggestable.get(i);
  if (!list) {
    list = [...data().keys]
      .filter(([, v]) => ((v.declared | v.byName) & bit) !== 0 && !(v.declared & bit && v.internal))
      .filter(([k]) => !/^spark\.test(ing)?\./.test(k))
      .map(([key]) => ({ key, lower: key.toLowerCase(), words: tokens(key) }));
    suggestable.set(i, list);
  }
  return list;
}

/**
 * Did-you-mean: the n known public keys of a line nearest to key, half by the edit distance of the whole
 * (lower-cased) key, half by the words the keys share. Keys of a cluster manager's namespace are only
 * favoured when the key names that cluster manager; internal and test keys are never suggested.
 */
export function similarKeys(key: string, versionLine: string, n = 3): string[] {
  const q = key.toLowerCase();
  const qt = new Set(tokens(key));
  // a bound from the length difference first, so most keys need no edit distance
  const candidates = suggestableIn(lineIndex(versionLine))
    .filter((c) => c.key !== key)
    .map((c) => {
      const words = c.words.filter((t) => qt.has(t)).length / Math.max(qt.size, new Set(c.words).size);
      const cm = CLUSTER_MANAGERS.has(c.words[0] as string) && !qt.has(c.words[0] as string) ? 0.15 : 0;
      const longest = Math.max(q.length, c.lower.length);
      const bound = 0.5 * words + 0.5 * (1 - Math.abs(q.length - c.lower.length) / longest) - cm;
      return { ...c, words, cm, longest, bound };
    })
    .sort((a, b) => b.bound - a.bound);
  const best: [number, string][] = [];
  for (const c of candidates) {
    const worst = best.length < n ? Number.NEGATIVE_INFINITY : (best[n - 1] as [number, string])[0];
    if (c.bound < worst) break;
    const score = 0.5 * c.words + 0.5 * (1 - distance(q, c.lower) / c.longest) - c.cm;
    best.push([score, c.key]);
    best.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
    best.length = Math.min(best.length, n);
  }
  return best.map(([, k]) => k);
}
