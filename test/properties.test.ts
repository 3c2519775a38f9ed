import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteFromString } from "../src/conf/byteString.js";
import { CATALOG } from "../src/conf/catalog.js";
import { parseJavaBoolean, parseJavaDouble, parseJavaInt, parseJavaLong } from "../src/conf/javaNumbers.js";
import { SUPPORTED_LINES } from "../src/conf/version.js";
import type { ExplainInput } from "../src/model/explain.js";
import type { Layout, ProcessLayout } from "../src/model/types.js";
import { layoutOf } from "./helpers.js";

/** A size in MiB written in one of the spellings Spark accepts. */
const sizeText = (mib: number) =>
  fc.constantFrom(
    `${mib}m`,
    `${mib}M`,
    `${mib}mb`,
    `${mib * 1024}k`,
    `${mib * 1024 * 1024}b`,
    mib % 1024 === 0 ? `${mib / 1024}g` : `${mib}m`,
  );

const configs: fc.Arbitrary<ExplainInput> = fc
  .record({
    line: fc.constantFrom(...SUPPORTED_LINES),
    master: fc.constantFrom(
      "local[4]",
      "yarn",
      "k8s://https://k",
      "spark://h:7077",
      "local-cluster[2,4,8192]",
    ),
    deployMode: fc.constantFrom("client", "cluster"),
    appType: fc.constantFrom("jvm", "python", "r") as fc.Arbitrary<"jvm" | "python" | "r">,
    javaVersion: fc.constantFrom(8, 11, 17, 21),
    executorMiB: fc.integer({ min: 450, max: 200_000 }),
    driverMiB: fc.integer({ min: 512, max: 64_000 }),
    fraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
    storageFraction: fc.double({ min: 0, max: 0.99, noNaN: true }),
    offHeapMiB: fc.option(fc.integer({ min: 1, max: 16_384 })),
    overheadMiB: fc.option(fc.integer({ min: 0, max: 20_000 })),
    pysparkMiB: fc.option(fc.integer({ min: 1, max: 8192 })),
    cores: fc.integer({ min: 1, max: 16 }),
    taskCpus: fc.integer({ min: 1, max: 4 }),
    minAlloc: fc.constantFrom(32, 512, 1024),
  })
  .chain((r) =>
    fc.record({ executor: sizeText(r.executorMiB), driver: sizeText(r.driverMiB) }).map((t) => {
      const conf: Record<string, string> = {
        "spark.executor.memory": t.executor,
        "spark.driver.memory": `${r.driverMiB}m`,
        "spark.memory.fraction": String(r.fraction),
        "spark.memory.storageFraction": String(r.storageFraction),
        "spark.executor.cores": String(Math.max(r.cores, r.taskCpus)),
        "spark.task.cpus": String(r.taskCpus),
        "yarn.scheduler.minimum-allocation-mb": String(r.minAlloc),
      };
      if (r.offHeapMiB !== null)
        Object.assign(conf, {
          "spark.memory.offHeap.enabled": "true",
          "spark.memory.offHeap.size": `${r.offHeapMiB}m`,
        });
      if (r.overheadMiB !== null) conf["spark.executor.memoryOverhead"] = `${r.overheadMiB}m`;
      if (r.pysparkMiB !== null) conf["spark.executor.pyspark.memory"] = `${r.pysparkMiB}m`;
      const local = r.master.startsWith("local[");
      const standalonePython = r.master.startsWith("spark") && r.appType === "python";
      return {
        sparkVersion: `${r.line}.0`,
        master: r.master,
        deployMode: local || standalonePython ? "client" : r.deployMode,
        appType: r.appType,
        javaVersion: r.line.startsWith("4") ? Math.max(17, r.javaVersion) : r.javaVersion,
        conf,
      } satisfies ExplainInput;
    }),
  );

function processes(l: Layout): ProcessLayout[] {
  return l.executor ? [l.driver, l.executor] : [l.driver];
}

describe("properties over random configurations", () => {
  it("regions add up: user + unified + reserved = system memory, storage + execution = unified", () => {
    fc.assert(
      fc.property(configs, (input) => {
        for (const p of processes(layoutOf(input))) {
          if (p.memoryManager !== "unified" || p.systemMemoryBytes < p.reservedBytes) continue;
          expect(p.userBytes + p.unifiedBytes + p.reservedBytes).toBe(p.systemMemoryBytes);
          expect(p.storageRegionBytes + p.executionRegionBytes).toBe(p.unifiedBytes);
          expect(p.offHeapStorageRegionBytes + p.offHeapExecutionRegionBytes).toBe(p.offHeapBytes);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("no negative or fractional bytes anywhere", () => {
    fc.assert(
      fc.property(configs, (input) => {
        const l = layoutOf(input);
        const all: [string, unknown][] = processes(l).flatMap((p) => Object.entries(p));
        if (l.am) all.push(...Object.entries(l.am));
        for (const [k, v] of all) {
          if (!k.endsWith("Bytes") || v === null) continue;
          expect(Number.isSafeInteger(v), `${k}=${v}`).toBe(true);
          expect(v as number, k).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("containers are the sum of their terms, and YARN grants a multiple of the minimum allocation", () => {
    fc.assert(
      fc.property(configs, (input) => {
        const l = layoutOf(input);
        const e = l.executor;
        if (!e || e.containerBytes === null || e.containerAllocatedBytes === null) return;
        if (l.clusterManager === "yarn" || l.clusterManager === "kubernetes") {
          // the container's parts are layout fields: no caller rebuilds one by subtraction
          if (e.heapBytes % 1048576 === 0)
            expect(e.heapBytes + e.overheadBytes + e.containerOffHeapBytes + e.pysparkBytes).toBe(
              e.containerBytes,
            );
          expect(e.containerOffHeapBytes).toBeLessThanOrEqual(e.offHeapBytes);
        }
        if (l.clusterManager === "yarn") {
          const min =
            Number(
              input.conf && (input.conf as Record<string, string>)["yarn.scheduler.minimum-allocation-mb"],
            ) * 1048576;
          expect(e.containerAllocatedBytes).toBeGreaterThanOrEqual(e.containerBytes);
          expect(e.containerAllocatedBytes % min).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("monotone: more executor memory never shrinks the heap, unified region or container", () => {
    fc.assert(
      fc.property(configs, fc.integer({ min: 1, max: 50_000 }), (input, extra) => {
        const conf = input.conf as Record<string, string>;
        const base = layoutOf({ ...input, conf: { ...conf, "spark.executor.memory": "4096m" } }).executor;
        const more = layoutOf({
          ...input,
          conf: { ...conf, "spark.executor.memory": `${4096 + extra}m` },
        }).executor;
        if (!base || !more) return;
        expect(more.heapBytes).toBeGreaterThan(base.heapBytes);
        expect(more.systemMemoryBytes).toBeGreaterThanOrEqual(base.systemMemoryBytes);
        expect(more.unifiedBytes).toBeGreaterThanOrEqual(base.unifiedBytes);
        expect(more.containerBytes ?? 0).toBeGreaterThanOrEqual(base.containerBytes ?? 0);
        expect(more.containerAllocatedBytes ?? 0).toBeGreaterThanOrEqual(base.containerAllocatedBytes ?? 0);
      }),
      { numRuns: 300 },
    );
  });

  it("monotone: a larger memory fraction grows unified memory and shrinks user memory; more cores mean more slots", () => {
    fc.assert(
      fc.property(configs, fc.double({ min: 0, max: 0.5, noNaN: true }), (input, delta) => {
        const conf = input.conf as Record<string, string>;
        const f = Number(conf["spark.memory.fraction"]) * (1 - delta);
        const lo = layoutOf({ ...input, conf: { ...conf, "spark.memory.fraction": String(f) } }).driver;
        const hi = layoutOf(input).driver;
        expect(hi.unifiedBytes).toBeGreaterThanOrEqual(lo.unifiedBytes);
        expect(hi.userBytes).toBeLessThanOrEqual(lo.userBytes);
        const cores = Number(conf["spark.executor.cores"]);
        const few = layoutOf(input).executor;
        const many = layoutOf({
          ...input,
          conf: { ...conf, "spark.executor.cores": String(cores + 2) },
        }).executor;
        if (few && many) {
          expect(many.taskSlots).toBeGreaterThanOrEqual(few.taskSlots);
          expect(many.perTaskExecutionMaxBytes).toBeLessThanOrEqual(few.perTaskExecutionMaxBytes);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the catalog", () => {
  it("every key's default parses as its kind", () => {
    for (const spec of CATALOG) {
      if (spec.default === null) continue;
      const d = spec.default;
      const parsed =
        spec.kind === "bytes"
          ? byteFromString(d, spec.unit ?? "BYTE")
          : spec.kind === "double"
            ? parseJavaDouble(d)
            : spec.kind === "int"
              ? parseJavaInt(d)
              : spec.kind === "long"
                ? parseJavaLong(d)
                : spec.kind === "boolean"
                  ? parseJavaBoolean(d)
                  : d;
      expect(parsed, spec.key).not.toBeNull();
    }
  });
  it("every key has a doc line and a version", () => {
    for (const spec of CATALOG) {
      expect(spec.doc.length, spec.key).toBeGreaterThan(10);
      expect(spec.since, spec.key).toMatch(/^\d+\.\d+$/);
    }
  });
});
