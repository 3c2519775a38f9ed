import fc from "fast-check";

/**
 * Random Spark configurations for the oracle: sizes in every unit spelling Spark accepts (and a
 * few it refuses), fractions across their legal range and just outside it, overhead as a size and
 * as a factor, minimum overhead, off-heap on/off, PySpark memory, JVM/Python/R apps, cores, task
 * cpus, masters and deploy modes, and the client-mode YARN AM's own memory, overhead and cores (an AM
 * heap above the 384 MiB floor is where its overhead's rounding shows).
 */
export interface OracleConfig {
  conf: Record<string, string>;
  appType: "jvm" | "python" | "r";
  master: "yarn" | "k8s";
  deployMode: "client" | "cluster";
  /** spark.testing.memory for the memory-manager questions. */
  systemMemory: number;
  numCores: number;
}

const MiB = 1024 * 1024;

/** A size of about `mib` MiB spelled one of the ways Spark reads (unit: the key's bare-number unit). */
export function sizeText(mib: number, bareUnit: "MiB" | "BYTE"): fc.Arbitrary<string> {
  const bytes = mib * MiB;
  const spellings = [
    `${mib}m`,
    `${mib}M`,
    `${mib}mb`,
    `${mib}MB`,
    `${mib * 1024}k`,
    `${mib * 1024}KB`,
    `${bytes}b`,
    `${bytes}B`,
  ];
  if (mib % 1024 === 0)
    spellings.push(`${mib / 1024}g`, `${mib / 1024}G`, `${mib / 1024}gb`, `${mib / 1024}GB`);
  if (mib % (1024 * 1024) === 0) spellings.push(`${mib / 1024 / 1024}t`, `${mib / 1024 / 1024}tb`);
  spellings.push(bareUnit === "MiB" ? `${mib}` : `${bytes}`);
  return fc.constantFrom(...spellings);
}

const mibSize = fc.oneof(
  fc.integer({ min: 256, max: 4096 }),
  fc.integer({ min: 4096, max: 262_144 }),
  fc.constantFrom(450, 512, 1024, 2048, 4096, 8192, 30720, 122880),
);

const fraction = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.double({ min: 0.05, max: 1, noNaN: true }).map((x) => Math.round(x * 1000) / 1000),
  },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 1.5, -0.1, 0.999, 0.6, 0.75, 0.8) },
);

const maybe = <T>(a: fc.Arbitrary<T>, weight = 1) => fc.option(a, { freq: 1 + weight, nil: undefined });

export const oracleConfigs: fc.Arbitrary<OracleConfig> = fc
  .record({
    executorMiB: mibSize,
    driverMiB: mibSize,
    fraction: maybe(fraction),
    storageFraction: maybe(fraction),
    offHeapEnabled: fc.boolean(),
    offHeapMiB: maybe(fc.oneof(fc.integer({ min: 0, max: 16384 }), fc.constant(0))),
    offHeapRawBytes: maybe(fc.integer({ min: 0, max: 4 * MiB }), 6),
    executorOverheadMiB: maybe(fc.integer({ min: 0, max: 20_000 }), 2),
    yarnLegacyOverhead: fc.boolean(),
    driverOverheadMiB: maybe(fc.integer({ min: 0, max: 8192 }), 3),
    executorFactor: maybe(fc.constantFrom(0.05, 0.1, 0.1875, 0.2, 0.4, 1.5)),
    driverFactor: maybe(fc.constantFrom(0.05, 0.1, 0.25, 0.4)),
    amMiB: maybe(
      fc.oneof(fc.integer({ min: 256, max: 16384 }), fc.constantFrom(384, 3840, 3841, 3850, 4000)),
      3,
    ),
    amOverheadMiB: maybe(fc.integer({ min: 0, max: 4096 }), 1),
    amCores: maybe(fc.integer({ min: 1, max: 8 }), 1),
    k8sFactor: maybe(fc.constantFrom(0, 0.1, 0.2, 0.4, 0.9)),
    minOverheadMiB: maybe(fc.constantFrom(0, 100, 384, 512, 2048)),
    pysparkMiB: maybe(fc.integer({ min: 1, max: 8192 })),
    cores: fc.integer({ min: 1, max: 32 }),
    driverCores: fc.integer({ min: 1, max: 8 }),
    taskCpus: maybe(fc.integer({ min: 1, max: 4 }), 4),
    k8sRequestCores: maybe(fc.constantFrom("500m", "1", "1.5", "3", "3500m")),
    k8sLimitCores: maybe(fc.constantFrom("1", "2", "4", "4000m")),
    appType: fc.constantFrom("jvm", "python", "r") as fc.Arbitrary<"jvm" | "python" | "r">,
    master: fc.constantFrom("yarn", "k8s") as fc.Arbitrary<"yarn" | "k8s">,
    deployMode: fc.constantFrom("client", "cluster") as fc.Arbitrary<"client" | "cluster">,
    systemMemory: fc.oneof(
      fc.integer({ min: 300 * MiB, max: 2048 * MiB }),
      fc.integer({ min: 2048 * MiB, max: 256 * 1024 * MiB }),
      fc.constantFrom(471859199, 471859200, 1073741824, 954728448, 28633464832),
    ),
    numCores: fc.integer({ min: 1, max: 64 }),
  })
  .chain((r) =>
    fc
      .record({
        executor: sizeText(r.executorMiB, "MiB"),
        driver: sizeText(r.driverMiB, "MiB"),
        offHeap: r.offHeapMiB === undefined ? fc.constant(undefined) : sizeText(r.offHeapMiB, "BYTE"),
        overhead:
          r.executorOverheadMiB === undefined
            ? fc.constant(undefined)
            : sizeText(r.executorOverheadMiB, "MiB"),
        pyspark: r.pysparkMiB === undefined ? fc.constant(undefined) : sizeText(r.pysparkMiB, "MiB"),
        am: r.amMiB === undefined ? fc.constant(undefined) : sizeText(r.amMiB, "MiB"),
      })
      .map((t) => {
        const conf: Record<string, string> = {
          "spark.executor.memory": t.executor,
          "spark.driver.memory": t.driver,
          "spark.executor.cores": String(r.cores),
          "spark.driver.cores": String(r.driverCores),
        };
        const set = (k: string, v: string | number | undefined) => {
          if (v !== undefined) conf[k] = String(v);
        };
        set("spark.memory.fraction", r.fraction);
        set("spark.memory.storageFraction", r.storageFraction);
        if (r.offHeapEnabled) conf["spark.memory.offHeap.enabled"] = "true";
        set(
          "spark.memory.offHeap.size",
          r.offHeapRawBytes !== undefined ? String(r.offHeapRawBytes) : t.offHeap,
        );
        set(
          r.yarnLegacyOverhead ? "spark.yarn.executor.memoryOverhead" : "spark.executor.memoryOverhead",
          t.overhead,
        );
        set(
          "spark.driver.memoryOverhead",
          r.driverOverheadMiB === undefined ? undefined : `${r.driverOverheadMiB}m`,
        );
        set("spark.yarn.am.memory", t.am);
        set(
          "spark.yarn.am.memoryOverhead",
          r.amOverheadMiB === undefined ? undefined : `${r.amOverheadMiB}m`,
        );
        set("spark.yarn.am.cores", r.amCores);
        set("spark.executor.memoryOverheadFactor", r.executorFactor);
        set("spark.driver.memoryOverheadFactor", r.driverFactor);
        set("spark.kubernetes.memoryOverheadFactor", r.k8sFactor);
        set(
          "spark.executor.minMemoryOverhead",
          r.minOverheadMiB === undefined ? undefined : `${r.minOverheadMiB}m`,
        );
        set("spark.executor.pyspark.memory", t.pyspark);
        set("spark.task.cpus", r.taskCpus);
        set("spark.kubernetes.executor.request.cores", r.k8sRequestCores);
        set("spark.kubernetes.executor.limit.cores", r.k8sLimitCores);
        return {
          conf,
          appType: r.appType,
          master: r.master,
          deployMode: r.deployMode,
          systemMemory: r.systemMemory,
          numCores: r.numCores,
        };
      }),
  );

/** Byte strings for JavaUtils.byteStringAs: every suffix, any case, bad ones too. */
export const byteStrings: fc.Arbitrary<{ text: string; unit: "BYTE" | "KiB" | "MiB" | "GiB" }> = fc.record({
  text: fc.oneof(
    fc
      .tuple(
        fc.oneof(
          fc.integer({ min: 0, max: 100_000 }),
          fc.constantFrom(0, 1, 1023, 1024, 1536, 9223372036854775807n.toString().length),
        ),
        fc.constantFrom(
          "",
          "b",
          "k",
          "kb",
          "m",
          "mb",
          "g",
          "gb",
          "t",
          "tb",
          "p",
          "pb",
          "K",
          "Mb",
          "GB",
          "ki",
          "mi",
          "gi",
          "kib",
          "mib",
          "gib",
          "x",
          "bytes",
        ),
        fc.constantFrom("", " ", "  "),
      )
      .map(([n, s, pad]) => `${pad}${n}${s}${pad}`),
    fc.constantFrom(
      "1.5g",
      "-1g",
      "",
      "g",
      "4 g",
      "0x10",
      "99999999999999999999",
      "9000000p",
      "8388608t",
      "1e3m",
    ),
  ),
  unit: fc.constantFrom("BYTE", "KiB", "MiB", "GiB"),
});
