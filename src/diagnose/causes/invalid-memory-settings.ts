import { changeOf, changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { javaOptionsKey } from "../advice/keys.js";
import type { DiagnoseContext } from "../context.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt } from "../process.js";
import { human } from "../sizes.js";
import type { Change, Process } from "../types.js";

// UnifiedMemoryManager.getMaxMemory (2.0–3.4 text; 3.5+ [INVALID_DRIVER_MEMORY]/[INVALID_EXECUTOR_MEMORY])
const SYSTEM_MEMORY: MessagePattern = {
  // 2.0 printed the minimum as a Double (4.718592E8), followed by the sentence's period
  re: /System memory (\d+) must be at least (\d+(?:\.\d+)?(?:E\d+)?)/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala (getMaxMemory); error-conditions.json INVALID_DRIVER_MEMORY",
};
const EXECUTOR_MEMORY: MessagePattern = {
  re: /Executor memory (\d+) must be at least (\d+)/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala (getMaxMemory); error-conditions.json INVALID_EXECUTOR_MEMORY",
};
const INVALID_HEAP: MessagePattern = {
  re: /Invalid (maximum|initial) heap size:(?: -Xm[xs](\S+))?|Incompatible minimum and maximum heap sizes specified/,
  source: "OpenJDK hotspot src/hotspot/share/runtime/arguments.cpp (parse_each_vm_init_arg)",
};
// a 32-bit JVM: the heap it can address is under 4 GiB (in practice 1.5–3 GiB, by OS)
const REPRESENTABLE: MessagePattern = {
  re: /The specified size exceeds the maximum representable size/,
  source:
    "OpenJDK hotspot src/hotspot/share/runtime/arguments.cpp (check_memory_size / parse_each_vm_init_arg)",
};
/** The heap a 32-bit HotSpot reserves on every OS it runs on (Windows' ceiling is the lowest, about 1.5 GiB). */
const HEAP_32BIT = "1g";
const RESERVE: MessagePattern = {
  re: /Could not reserve enough space for (?:(\d+)KB )?object heap/,
  source: "OpenJDK hotspot src/hotspot/share/memory/universe.cpp (reserve_heap)",
};
// CoarseGrainedExecutorBackend.onStart (3.2+, SPARK-35101): Netty's direct memory must hold a remote block
const NETTY: MessagePattern = {
  re: /Netty direct memory should at least be bigger than 'spark\.network\.maxRemoteBlockSizeFetchToMem', but got (\d+) bytes < (\d+)/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/executor/CoarseGrainedExecutorBackend.scala (onStart)",
};
const OFF_HEAP: MessagePattern = {
  re: /spark\.memory\.offHeap\.size must be > 0 when spark\.memory\.offHeap\.enabled == true/,
  source: "apache/spark core/src/main/scala/org/apache/spark/memory/MemoryManager.scala (require)",
};
const FRACTION: MessagePattern = {
  re: /(spark\.[\w.]+) should be between 0 and 1 \(was '([^']*)'\)/,
  source: "apache/spark core/src/main/scala/org/apache/spark/SparkConf.scala (validateSettings)",
};
const XMX_IN_OPTIONS: MessagePattern = {
  re: /(spark\.[\w.]+) is not allowed to specify max heap memory settings|Not allowed to specify max heap\(Xmx\) memory settings through java options/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/SparkConf.scala (validateSettings); launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java",
};

const DEFAULTS: Record<string, string> = {
  "spark.memory.fraction": "0.6",
  "spark.memory.storageFraction": "0.5",
};

/** The memory key of a process, and its value written the way the JVM and Spark both accept it. */
function fixedSize(value: string): string | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt])?b?\s*$/i.exec(value);
  if (!m) return null;
  const unit = (m[2] ?? "m").toLowerCase();
  const n = Number(m[1]);
  if (Number.isInteger(n)) return `${n}${unit}`;
  const toM: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
  const mib = Math.round(n * (toM[unit] as number));
  // a heap under 1 MiB (-Xmx1.5k) has no whole-MiB spelling worth proposing
  return mib >= 1 ? `${mib}m` : null;
}

function changesFor(line: string, ctx: DiagnoseContext, process: Process, bits32: boolean): Change[] {
  const conf = ctx.conf;
  const memKey = process === "executor" ? "spark.executor.memory" : "spark.driver.memory";
  /** The change; `from` is the message's value when the configuration does not set the key. */
  const change = (key: string, to: string | null, why: string, said?: string): Change[] => {
    const c = changeOf(conf, key, to, why);
    return [c.from === null && said !== undefined ? { ...c, from: said } : c];
  };
  // the check runs in every JVM: an executor below the minimum needs its own memory raised
  if (SYSTEM_MEMORY.re.test(line)) return change(memKey, "1g", MINIMUM);
  if (EXECUTOR_MEMORY.re.test(line)) {
    const v = valueSet(conf, "spark.executor.memory");
    // a bare number is bytes to this check (and MiB to YARN): write the unit
    const to = v !== null && /^\s*\d+\s*$/.test(v) && Number(v) >= 450 ? `${v.trim()}m` : "1g";
    return change("spark.executor.memory", to, to !== "1g" ? "the same size, with its unit" : MINIMUM);
  }
  const heap = INVALID_HEAP.re.exec(line);
  if (heap && bits32) {
    const keys = [memKey, "spark.driver.memory", "spark.executor.memory", "spark.yarn.am.memory"];
    const key = keys.find((k) => valueSet(conf, k)?.trim() === heap[2]) ?? memKey;
    return change(
      key,
      HEAP_32BIT,
      "a heap a 32-bit JVM can address (a 64-bit Java keeps the size you asked for)",
      heap[2] as string,
    );
  }
  if (heap && heap[2] === undefined) {
    // the message without its value ("Invalid initial heap size:" as quoted): a memory setting the JVM cannot read
    for (const key of [memKey, "spark.driver.memory", "spark.executor.memory", "spark.yarn.am.memory"]) {
      const v = valueSet(conf, key)?.trim();
      const fixed = v === undefined ? null : fixedSize(v);
      if (v !== undefined && fixed !== null && fixed !== v)
        return change(key, fixed, "a size the JVM reads: whole k, m, g or t");
    }
    return [];
  }
  if (heap) {
    // the process's own key first: with the same value in two keys, the one this JVM was started with
    const keys = [memKey, "spark.driver.memory", "spark.executor.memory", "spark.yarn.am.memory"];
    const key = keys.find((k) => valueSet(conf, k)?.trim() === heap[2]) ?? memKey;
    const fixed = fixedSize(heap[2] as string);
    return fixed ? change(key, fixed, "a size the JVM reads: whole k, m, g or t", heap[2] as string) : [];
  }
  const reserve = RESERVE.re.exec(line);
  if (reserve) {
    // the machine (or a 32-bit JVM, or ulimit -v) cannot give the heap asked for: one it can, at most 1g
    const asked = reserve[1] ? Number(reserve[1]) * 1024 : null;
    const to =
      asked !== null && asked <= 1024 ** 3
        ? `${Math.max(256, Math.floor(asked / 2 / 1024 ** 2))}m`
        : HEAP_32BIT;
    return change(
      memKey,
      to,
      "a heap the JVM can reserve here (a 64-bit Java on a machine with the memory keeps the size)",
    );
  }
  if (NETTY.re.test(line))
    return changesOf(
      conf,
      "spark.network.maxRemoteBlockSizeFetchToMem",
      null,
      "Spark's 200m default: larger remote blocks are fetched to disk, within Netty's direct memory",
    );
  if (OFF_HEAP.re.test(line))
    return change("spark.memory.offHeap.enabled", "false", "off-heap memory without a size cannot start");
  const frac = FRACTION.re.exec(line);
  if (frac) {
    const key = frac[1] as string;
    return [
      {
        ...changeOf(conf, key, DEFAULTS[key] ?? null, "a fraction between 0 and 1"),
        from: frac[2] as string,
      },
    ];
  }
  const xmx = XMX_IN_OPTIONS.re.exec(line);
  if (xmx) {
    const key = xmx[1] ?? javaOptionsKey(process === "executor" ? "executor" : "driver");
    const opts = valueSet(conf, key);
    if (opts !== null)
      return change(
        key,
        opts.replace(/\s*-Xm[xs]\S+/g, "").trim() || null,
        "the heap is set by the memory key, not -Xmx",
      );
  }
  return [];
}

const MINIMUM = "at least Spark's 450 MiB minimum heap";

export const invalidMemorySettings: Detector = {
  id: "invalid-memory-settings",
  title: "The memory settings were refused at start-up",
  explanation:
    "Spark or the JVM refused to start with these settings: a heap below Spark's 450 MiB minimum (1.5 × the 300 MiB reserved memory), a size the JVM cannot parse (only k, m, g, t), a heap the machine cannot reserve, off-heap enabled without a size, a fraction outside 0..1, or -Xmx in extraJavaOptions.",
  docs: "UnifiedMemoryManager.scala (getMaxMemory); SparkConf.scala (validateSettings); Spark docs configuration.md (spark.driver.memory, spark.executor.memory)",
  patterns: [
    SYSTEM_MEMORY,
    EXECUTOR_MEMORY,
    INVALID_HEAP,
    RESERVE,
    OFF_HEAP,
    FRACTION,
    XMX_IN_OPTIONS,
    REPRESENTABLE,
    NETTY,
  ],
  specificity: 10,
  detect(input, ctx) {
    const hits = scan(input, invalidMemorySettings.patterns);
    if (hits.length === 0) return [];
    const changes: Change[] = [];
    const figures: Record<string, number | string> = {};
    let process: Process = "unknown";
    const bits32 = input.lines.some((l) => REPRESENTABLE.re.test(l));
    for (const h of hits) {
      const line = input.lines[h.i] as string;
      const p = EXECUTOR_MEMORY.re.test(line) ? "executor" : processAt(input, h.i);
      if (process === "unknown") process = p === "unknown" && SYSTEM_MEMORY.re.test(line) ? "driver" : p;
      for (const c of changesFor(line, ctx, p, bits32))
        if (!changes.some((x) => x.key === c.key)) changes.push(c);
      const sys = SYSTEM_MEMORY.re.exec(line) ?? EXECUTOR_MEMORY.re.exec(line);
      if (sys) {
        figures.heapBytes = Number(sys[1]);
        figures.minimumBytes = Math.round(Number(sys[2]));
      }
    }
    const first = input.lines[(hits[0] as { i: number }).i] as string;
    const title =
      typeof figures.minimumBytes === "number"
        ? `The ${process === "executor" ? "executor" : "driver"}'s memory (${human(figures.heapBytes as number)}) is below Spark's minimum of ${human(figures.minimumBytes)}`
        : bits32
          ? "A 32-bit Java cannot address a heap this large: the JVM did not start"
          : INVALID_HEAP.re.test(first)
            ? "The JVM cannot parse the heap size: it accepts only k, m, g and t (no 'gb', no decimals)"
            : RESERVE.re.test(first)
              ? "The JVM could not reserve its heap: the machine (or ulimit -v, or a 32-bit JVM) cannot give it that much"
              : "Spark refused the memory settings at start-up";
    return [
      baseCause(invalidMemorySettings, {
        title,
        explanation: invalidMemorySettings.explanation,
        process,
        confidence: 0.95,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures,
        changes,
        nextChecks: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "Run `sparkmem explain` (or lint) on the configuration: it reports the same start-up checks before you submit.",
          ...(input.lines.some((l) => RESERVE.re.test(l)) || bits32
            ? ["Check `ulimit -v` and that the java on the PATH is 64-bit (java -version says '64-Bit')."]
            : []),
        ],
      }),
    ];
  },
};
