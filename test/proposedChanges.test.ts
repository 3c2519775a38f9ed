import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SPARK_RELEASES } from "../src/conf/version.js";
import { diagnose } from "../src/diagnose/index.js";
import type { Finding } from "../src/lint/index.js";
import { explain } from "../src/model/explain.js";
import { size } from "../src/size/index.js";
import { lintConf } from "./support/lint.js";

/**
 * Every change sparkmem proposes is checked by the model: each lint fix, each diagnose change and each
 * size layout, applied to the configuration it was proposed for and linted again, removes the finding it
 * fixed and brings no new error.
 */

const VERSIONS = SPARK_RELEASES;
const MASTERS = ["yarn", "k8s://https://k8s:6443", "local[4]", "spark://h:7077"];

interface Case {
  conf: Record<string, string>;
  opts: { sparkVersion: string; master: string; deployMode: string; appType: "jvm" | "python" };
}

const gib = (n: number) => `${n}g`;
const mib = (n: number) => `${n}m`;

/** Settings drawn where the rules' boundaries are: big and small heaps, many cores, odd fractions, tight clusters. */
const cases: fc.Arbitrary<Case> = fc
  .record({
    sparkVersion: fc.constantFrom(...VERSIONS),
    master: fc.constantFrom(...MASTERS),
    deployMode: fc.constantFrom("client", "cluster"),
    appType: fc.constantFrom("jvm", "python") as fc.Arbitrary<"jvm" | "python">,
    executorMemory: fc.oneof(
      fc.integer({ min: 1, max: 90 }).map(gib),
      fc.integer({ min: 600, max: 4096 }).map(mib),
    ),
    driverMemory: fc.option(
      fc.oneof(fc.integer({ min: 1, max: 40 }).map(gib), fc.integer({ min: 600, max: 2048 }).map(mib)),
    ),
    cores: fc.option(fc.integer({ min: 1, max: 12 })),
    overhead: fc.option(fc.integer({ min: 100, max: 8192 }).map(mib)),
    minOverhead: fc.option(fc.integer({ min: 1, max: 8 }).map(gib)),
    fraction: fc.option(fc.constantFrom("0.3", "0.5", "0.6", "0.75", "0.8", "0.9", "0.95")),
    offHeap: fc.option(fc.integer({ min: 1, max: 8 }).map(gib)),
    pyspark: fc.option(fc.integer({ min: 256, max: 4096 }).map(mib)),
    minAlloc: fc.option(fc.constantFrom("32", "512", "1024", "2048")),
    maxAlloc: fc.option(fc.integer({ min: 4, max: 64 }).map((g) => String(g * 1024))),
    node: fc.option(fc.integer({ min: 8, max: 96 }).map((g) => String(g * 1024))),
    maxResultSize: fc.option(fc.constantFrom("0", "512m", "4g", "64g")),
  })
  .map((r) => {
    const conf: Record<string, string> = { "spark.executor.memory": r.executorMemory };
    const set = (k: string, v: string | null) => {
      if (v !== null) conf[k] = v;
    };
    set("spark.driver.memory", r.driverMemory);
    set("spark.executor.cores", r.cores === null ? null : String(r.cores));
    set("spark.executor.memoryOverhead", r.overhead);
    set("spark.executor.minMemoryOverhead", r.minOverhead);
    set("spark.memory.fraction", r.fraction);
    if (r.offHeap !== null) {
      conf["spark.memory.offHeap.enabled"] = "true";
      conf["spark.memory.offHeap.size"] = r.offHeap;
    }
    set("spark.executor.pyspark.memory", r.pyspark);
    set("yarn.scheduler.minimum-allocation-mb", r.minAlloc);
    set("yarn.scheduler.maximum-allocation-mb", r.maxAlloc);
    set("yarn.nodemanager.resource.memory-mb", r.node);
    set("spark.driver.maxResultSize", r.maxResultSize);
    const deployMode = r.master.startsWith("local") ? "client" : r.deployMode;
    return {
      conf,
      opts: { sparkVersion: r.sparkVersion, master: r.master, deployMode, appType: r.appType },
    };
  });

const lintCase = (c: Case) => lintConf(c.conf, { ...c.opts, hostCores: 8, hostMemoryBytes: 32 * 1024 ** 3 });
const errorsOf = (f: Finding[]) =>
  new Set(f.filter((x) => x.severity === "error").map((x) => `${x.ruleId} ${x.key}`));

function applyFix(conf: Record<string, string>, fix: Finding["fix"]): Record<string, string> {
  const out = { ...conf };
  for (const s of fix) {
    if (s.to === null) delete out[s.key];
    else out[s.key] = s.to;
  }
  return out;
}

describe("every proposed change is checked by the model", () => {
  it("a lint fix, applied, removes its finding and brings no new error (every version, manager, app type)", () => {
    let fixes = 0;
    fc.assert(
      fc.property(cases, (c) => {
        const before = lintCase(c);
        const had = errorsOf(before);
        for (const f of before.filter((x) => x.fix.length > 0)) {
          fixes++;
          const after = lintCase({ ...c, conf: applyFix(c.conf, f.fix) });
          const again = after.filter((x) => x.ruleId === f.ruleId && x.key === f.key);
          expect(
            again.map((x) => x.message),
            `${f.ruleId} ${f.key}: ${JSON.stringify(f.fix)}`,
          ).toEqual([]);
          const introduced = [...errorsOf(after)].filter((e) => !had.has(e));
          expect(introduced, `${f.ruleId} ${JSON.stringify(f.fix)}`).toEqual([]);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400), seed: Number(process.env.FC_SEED ?? 12) },
    );
    expect(fixes).toBeGreaterThan(300);
  });
});

/** Hadoop's TraditionalBinaryPrefix.long2String(n, "", 1) + "B", as kill messages print sizes. */
const gb = (bytes: number) => {
  const x = Math.round((bytes / 1024 ** 3) * 10) / 10;
  return `${Number.isInteger(x) ? x : x.toFixed(1)} GB`;
};

function applyChanges(conf: Record<string, string>, changes: readonly { key: string; to: string | null }[]) {
  const out = { ...conf };
  for (const c of changes) {
    if (c.to === null) delete out[c.key];
    else out[c.key] = c.to;
  }
  return out;
}

const yarnCases = cases.filter((c) => c.opts.master === "yarn" || c.opts.master.startsWith("k8s"));

describe("diagnose's changes, applied, bring no new error", () => {
  it("for a container killed at the size the model gives it, and for Spark's refusal above YARN's maximum", () => {
    let checked = 0;
    fc.assert(
      fc.property(yarnCases, (c) => {
        const l = explain({ conf: c.conf, ...c.opts });
        const e = l.executor;
        if (!e?.containerAllocatedBytes) return;
        const had = errorsOf(lintCase(c));
        const limit = e.containerAllocatedBytes;
        const messages = [
          c.opts.master === "yarn"
            ? `Container killed by YARN for exceeding physical memory limits. ${gb(limit * 1.05)} of ${gb(limit)} physical memory used. Consider boosting spark.executor.memoryOverhead.`
            : `Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137\nLimits:\n  memory: ${limit / 1024 ** 2}Mi`,
          ...l.errors.filter((x) => x.code === "yarn-container-above-max").map((x) => x.message),
        ];
        // the configuration as an event log carries it: Spark's own marks of a Python application
        const marks: Record<string, string> =
          c.opts.appType !== "python"
            ? {}
            : c.opts.master === "yarn"
              ? { "spark.yarn.isPython": "true" }
              : { "spark.kubernetes.resource.type": "python" };
        const conf = { ...c.conf, ...marks };
        for (const text of messages) {
          const result = diagnose(text, { ...c.opts, conf });
          for (const cause of result.causes) {
            for (const changes of [cause.changes, ...(cause.alternatives ?? []).map((a) => a.changes)]) {
              if (changes.length === 0 || changes.some((x) => x.to !== null && /%$/.test(x.to))) continue;
              checked++;
              const after = lintCase({ ...c, conf: applyChanges(conf, changes) });
              const introduced = [...errorsOf(after)].filter(
                (x) =>
                  !had.has(x) &&
                  !(cause.id === "container-above-max" && x.startsWith("container-above-node")),
              );
              expect(introduced, `${cause.id} ${JSON.stringify(changes)}`).toEqual([]);
              if (cause.id === "container-above-max" && changes === cause.changes) {
                const fixed = explain({ ...c.opts, conf: applyChanges(conf, changes) });
                const still = fixed.errors.filter(
                  (x) => x.code === "yarn-container-above-max" && x.process === cause.process,
                );
                expect(still.map((x) => x.message)).toEqual([]);
              }
            }
          }
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150), seed: Number(process.env.FC_SEED ?? 12) },
    );
    expect(checked).toBeGreaterThan(150);
  });
});

describe("size's layouts, written out, pass lint without an error", () => {
  const clusters = fc.record({
    master: fc.constantFrom("yarn", "kubernetes") as fc.Arbitrary<"yarn" | "kubernetes">,
    sparkVersion: fc.constantFrom(...VERSIONS),
    nodes: fc.integer({ min: 1, max: 8 }),
    cores: fc.constantFrom(4, 8, 16, 32),
    memoryGiB: fc.constantFrom(16, 32, 64, 128),
    workload: fc.constantFrom("etl", "shuffle", "cache", "python-udf") as fc.Arbitrary<
      "etl" | "shuffle" | "cache" | "python-udf"
    >,
  });
  it("every layout of every cluster", () => {
    fc.assert(
      fc.property(clusters, (k) => {
        const r = size({
          master: k.master,
          sparkVersion: k.sparkVersion,
          workload: k.workload,
          groups: [{ name: "core", nodes: k.nodes, cores: k.cores, memoryBytes: k.memoryGiB * 1024 ** 3 }],
        });
        const node = r.cluster.nodeGroups[0]?.nodeMemoryBytes as number;
        for (const x of r.layouts) {
          const conf: Record<string, string> = { ...x.conf };
          if (r.cluster.yarn) {
            conf["yarn.scheduler.minimum-allocation-mb"] = String(r.cluster.yarn.minAllocationMiB);
            conf["yarn.scheduler.maximum-allocation-mb"] = String(r.cluster.yarn.maxAllocationMiB);
            conf["yarn.nodemanager.resource.memory-mb"] = String(node / 1024 ** 2);
          }
          const master = k.master === "yarn" ? "yarn" : "k8s://https://k8s:6443";
          const appType = k.workload === "python-udf" ? "python" : "jvm";
          const f = lintCase({
            conf,
            opts: { sparkVersion: k.sparkVersion, master, deployMode: "client", appType },
          });
          expect(f.filter((y) => y.severity === "error").map((y) => `${y.ruleId}: ${y.message}`)).toEqual([]);
        }
      }),
      { numRuns: Number(process.env.FC_SIZE_RUNS ?? 12), seed: Number(process.env.FC_SEED ?? 12) },
    );
  });
});
