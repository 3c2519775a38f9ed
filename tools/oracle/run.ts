import { availableParallelism } from "node:os";
import fc from "fast-check";
import { byteStringCheck, type Check, checksFor, QUANTITIES, type Quantity } from "./checks.js";
import { type Answer, installedVersions, OracleJvm, type OracleVersion, pickVersions } from "./client.js";
import { byteStrings, type OracleConfig, oracleConfigs } from "./generator.js";

export interface QuantityResult {
  version: string;
  quantity: Quantity;
  checked: number;
  exact: number;
  mismatches: { config: unknown; spark: unknown; ours: unknown }[];
  answeredBy: string[];
}

/**
 * Spark's answers kept for replay without Spark (tools/oracle/record.ts → test/data/oracle/): per
 * configuration, the answer to each of its checks in checksFor's order; per byte string, its answer.
 */
export interface Recording {
  version: string;
  seed: number;
  configs: { config: OracleConfig; answers: { quantity: Quantity; spark: unknown }[] }[];
  byteStrings: { input: { text: string; unit: "BYTE" | "KiB" | "MiB" | "GiB" }; spark: unknown }[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field by field, what differs: numbers as ours − Spark's, anything else as Spark's → ours. */
export function difference(spark: unknown, ours: unknown): string {
  const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;
  if (!isRecord(spark) || !isRecord(ours)) return `${JSON.stringify(spark)} → ${JSON.stringify(ours)}`;
  const keys = [...new Set([...Object.keys(spark), ...Object.keys(ours)])];
  return keys
    .filter((k) => !same(spark[k], ours[k]))
    .map((k) => {
      const a = spark[k];
      const b = ours[k];
      if (typeof a === "number" && typeof b === "number") return `${k}: ${b - a > 0 ? "+" : ""}${b - a}`;
      return `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`;
    })
    .join("; ");
}

/** Harness JVMs for one version, asked in turn: the container questions are CPU-bound in Spark/Hadoop code. */
class JvmPool {
  private readonly jvms: OracleJvm[];
  private next = 0;
  constructor(v: OracleVersion, size: number) {
    this.jvms = Array.from({ length: size }, () => new OracleJvm(v));
  }
  ask(request: Record<string, unknown>): Promise<Answer> {
    const jvm = this.jvms[this.next++ % this.jvms.length] as OracleJvm;
    return jvm.ask(request);
  }
  close(): void {
    for (const j of this.jvms) j.close();
  }
}

const poolSize = () =>
  Math.max(1, Number(process.env.SPARKMEM_ORACLE_JVMS ?? Math.min(2, availableParallelism())));

/** The driver pod writes its default overhead factor into the executors' conf (cluster mode). */
async function send(jvm: JvmPool, request: Record<string, unknown>): Promise<Answer> {
  const via = request.viaDriver as
    | { conf: Record<string, string>; mainAppResource: string }
    | null
    | undefined;
  const { viaDriver: _, ...plain } = request;
  if (!via) return jvm.ask(plain);
  const driver = await jvm.ask({ kind: "k8sDriver", ...via });
  if (!driver.ok) return driver;
  // 3.x+ writes it as a pod system property; 2.4 sets it in the driver's conf (createDriverConf)
  const factor = driver.memoryOverheadFactor ?? driver.confMemoryOverheadFactor;
  const conf = { ...(plain.conf as Record<string, string>) };
  if (typeof factor === "string") conf["spark.kubernetes.memoryOverheadFactor"] = factor;
  return jvm.ask({ ...plain, conf });
}

/** Put `n` random configurations (and as many byte strings) to one Spark version and to the model. */
export async function runVersion(
  v: OracleVersion,
  n: number,
  seed: number,
  recording?: Recording,
): Promise<QuantityResult[]> {
  const jvm = new JvmPool(v, poolSize());
  const results = new Map<Quantity, QuantityResult>(
    QUANTITIES.map((q) => [
      q,
      { version: v.version, quantity: q, checked: 0, exact: 0, mismatches: [], answeredBy: [] },
    ]),
  );
  try {
    const hello = await jvm.ask({ kind: "version" });
    if (!hello.ok || typeof hello.sparkVersion !== "string")
      throw new Error(`the ${v.version} harness did not start: ${hello.error ?? JSON.stringify(hello)}`);
    const configs = fc.sample(oracleConfigs, { numRuns: n, seed });
    const strings = fc.sample(byteStrings, { numRuns: n, seed: seed + 1 });
    const checks: Check[] = [
      ...configs.flatMap((c) => checksFor(c, v.version)),
      ...strings.map((b) => byteStringCheck(b, v.version)),
    ];
    // which recorded configuration (index ≥ 0) or byte string (−1 − index) each check belongs to
    const owner = [
      ...configs.flatMap((c, i) => checksFor(c, v.version).map(() => i)),
      ...strings.map((_, j) => -1 - j),
    ];
    if (recording) {
      recording.configs = configs.map((config) => ({ config, answers: [] }));
      recording.byteStrings = strings.map((input) => ({ input, spark: null }));
    }
    const batch = 500;
    for (let i = 0; i < checks.length; i += batch) {
      const slice = checks.slice(i, i + batch);
      // several quantities share one question (unified memory, storage region, off-heap): ask it once
      const asked = new Map<string, Promise<Answer>>();
      const answers = await Promise.all(
        slice.map((c) => {
          const key = JSON.stringify(c.request);
          let answer = asked.get(key);
          if (!answer) {
            answer = send(jvm, c.request);
            asked.set(key, answer);
          }
          return answer;
        }),
      );
      slice.forEach((c, j) => {
        const a = answers[j] as Answer;
        const r = results.get(c.quantity) as QuantityResult;
        const spark = c.spark(a);
        const ours = c.ours();
        const o = owner[i + j] as number;
        if (recording && o >= 0) recording.configs[o]?.answers.push({ quantity: c.quantity, spark });
        else if (recording) (recording.byteStrings[-1 - o] as { spark: unknown }).spark = spark;
        r.checked++;
        if (a.answeredBy && !r.answeredBy.includes(a.answeredBy)) r.answeredBy.push(a.answeredBy);
        if (same(spark, ours)) r.exact++;
        else r.mismatches.push({ config: c.config, spark, ours });
      });
    }
  } finally {
    jvm.close();
  }
  return [...results.values()].filter((r) => r.checked > 0);
}

function parseArgs(argv: string[]) {
  const out = { versions: null as string[] | null, n: 1000, json: false, seed: 42, show: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--versions") out.versions = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a === "--n") out.n = Number(argv[++i]);
    else if (a === "--seed") out.seed = Number(argv[++i]);
    else if (a === "--show") out.show = Number(argv[++i]);
    else if (a === "--json") out.json = true;
    else throw new Error(`unknown option ${a} (use --versions 3.5,4.3 --n 5000 --seed 42 --json --show 3)`);
  }
  if (!Number.isInteger(out.n) || out.n <= 0) throw new Error("--n takes a positive whole number");
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const versions = pickVersions(args.versions, installedVersions());
  if (versions.length === 0)
    throw new Error("no Spark version is installed for the oracle: run npm run oracle:setup");
  let failed = 0;
  for (const v of versions) {
    const started = Date.now();
    const results = await runVersion(v, args.n, args.seed);
    for (const r of results) {
      failed += r.mismatches.length;
      if (args.json) {
        process.stdout.write(
          `${JSON.stringify({ version: r.version, quantity: r.quantity, checked: r.checked, exact: r.exact, mismatches: r.mismatches })}\n`,
        );
        continue;
      }
      process.stdout.write(
        `Spark ${r.version}  ${r.quantity.padEnd(18)} exact ${r.exact}/${r.checked}  (${r.answeredBy.join("; ")})\n`,
      );
      for (const m of r.mismatches.slice(0, args.show)) {
        process.stdout.write(
          `    config ${JSON.stringify(m.config)}\n    spark  ${JSON.stringify(m.spark)}\n    ours   ${JSON.stringify(m.ours)}\n    diff   ${difference(m.spark, m.ours)}\n`,
        );
      }
      if (r.mismatches.length > args.show)
        process.stdout.write(`    … ${r.mismatches.length - args.show} more mismatches\n`);
    }
    if (!args.json)
      process.stdout.write(
        `Spark ${v.version}: ${args.n} configurations in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`,
      );
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      process.stderr.write(`oracle: ${e.message}\n`);
      process.exitCode = 2;
    },
  );
}
