import {
  ByteStringError,
  MiB,
  memoryStringToMb,
  parseJvmMemorySize,
  toSafeNumber,
} from "../conf/byteString.js";
import { describeKey, readBytes, readString } from "../conf/sparkConf.js";
import { atLeast } from "../conf/version.js";
import type { ModelContext, StartupError } from "./context.js";
import { type Derivation, SRC } from "./derivation.js";
import { MAX_MIB, refuseAboveMaxMiB, refuseHeapAbove, SizeLimitError } from "./limits.js";

export interface Heap {
  /** The -Xmx argument as the launcher writes it. */
  xmx: string;
  bytes: number;
  derivation: Derivation;
  error?: StartupError;
}

/** How the -Xmx of a JVM is written, per process and cluster manager (spec §2.4). */
type HeapRule = "raw" | "mib-entry" | "memoryStringToMb";

function heapRule(ctx: ModelContext, role: "driver" | "executor"): HeapRule {
  const m = ctx.master.manager;
  if (role === "driver") {
    if (ctx.deployMode === "client" || m === "local") return "raw"; // launcher passes the string as written
    if (m === "yarn") return "mib-entry";
    if (m === "kubernetes") return "raw"; // spark-submit runs again, in client mode, inside the pod
    return "memoryStringToMb"; // standalone cluster: DriverRunner -Xmx<MB>M
  }
  if (m === "standalone") return "memoryStringToMb"; // SparkContext.executorMemoryInMb
  if (m === "kubernetes" && !atLeast(ctx.version, "3.1")) return "raw";
  return "mib-entry";
}

export function resolveHeap(ctx: ModelContext, role: "driver" | "executor"): Heap {
  const key = `spark.${role}.memory`;
  const text = readString(ctx.conf, key) as string;
  const rule = heapRule(ctx, role);
  const where = describeKey(ctx.conf, key);
  if (rule === "mib-entry") {
    const mib = readBytes(ctx.conf, key, "MiB") as number;
    refuseAboveMaxMiB(ctx.conf, key, mib);
    const source = role === "driver" ? SRC.yarnClient : SRC.resourceProfile;
    return {
      xmx: `-Xmx${mib}m`,
      bytes: mib * MiB,
      derivation: {
        formula: `${where} = ${text} → ${mib} MiB (a bare number means MiB) → -Xmx${mib}m`,
        source,
      },
    };
  }
  if (rule === "memoryStringToMb") {
    readBytes(ctx.conf, key, "MiB"); // validates the text the same way the config entry would
    const mbExact = memoryStringToMbOf(ctx, key, text);
    refuseAboveMaxMiB(ctx.conf, key, mbExact); // Utils.memoryStringToMb's .toInt would wrap
    const mb = toSafeNumber(mbExact, where);
    // SparkContext/standalone: no suffix means BYTES here
    const noSuffix = /^\s*\d+\s*$/.test(text);
    const out: Heap = {
      xmx: `-Xmx${mb}M`,
      bytes: mb * MiB,
      derivation: {
        formula: `Utils.memoryStringToMb(${text}) = ${mb} MB${noSuffix ? " (a bare number means BYTES here)" : ""} → -Xmx${mb}M`,
        source: SRC.sparkContext,
      },
    };
    if (mb * MiB < 2 * MiB) out.error = tooSmallHeap(role, key, out.xmx);
    return out;
  }
  // raw: the JVM parses the string itself
  const parsed = parseJvmMemorySize(text);
  const xmx = `-Xmx${text}`;
  if (parsed === null) {
    const fallback = readBytes(ctx.conf, key, "MiB") as number;
    refuseAboveMaxMiB(ctx.conf, key, fallback);
    return {
      xmx,
      bytes: fallback * MiB,
      derivation: { formula: `${where} = ${text} is passed to the JVM as written`, source: SRC.launcher },
      error: {
        code: "invalid-heap-size",
        process: role,
        key,
        message: `Invalid maximum heap size: ${xmx}\nError: Could not create the Java Virtual Machine.`,
        hint: `The JVM takes only k, m, g or t suffixes (no "b", no decimals): write ${key} as e.g. ${Math.max(1, Math.round(fallback / 1024))}g or ${fallback}m.`,
      },
    };
  }
  refuseHeapAbove(ctx.conf, key, xmx, parsed);
  const bytes = toSafeNumber(parsed, where);
  const out: Heap = {
    xmx,
    bytes,
    derivation: {
      formula: `${where} = ${text} is passed to the JVM as written: ${xmx} = ${bytes} bytes${/^\d+$/.test(text.trim()) ? " (a bare number means BYTES to the JVM)" : ""}`,
      source: SRC.launcher,
    },
  };
  if (bytes < 2 * MiB) out.error = tooSmallHeap(role, key, xmx);
  return out;
}

/** Utils.memoryStringToMb: its bytes are a Java long first, so a size past 8 EiB fails there, in Spark's words. */
function memoryStringToMbOf(ctx: ModelContext, key: string, text: string): bigint {
  try {
    return memoryStringToMb(text, ctx.conf.dialect?.bytes);
  } catch (e) {
    if (!(e instanceof ByteStringError)) throw e;
    throw new SizeLimitError(describeKey(ctx.conf, key), `"${text}" is more bytes than a Java long holds`, {
      expected: `a heap of at most ${MAX_MIB}m (2 PiB − 1 MiB)`,
      sparkMessage: e.message,
    });
  }
}

function tooSmallHeap(role: "driver" | "executor", key: string, xmx: string): StartupError {
  return {
    code: "invalid-heap-size",
    process: role,
    key,
    message: "Error occurred during initialization of VM\nToo small maximum heap",
    hint: `${xmx} is below 2 MiB; give ${key} a unit, e.g. 4g.`,
  };
}
