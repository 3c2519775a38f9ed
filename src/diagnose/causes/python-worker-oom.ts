import { changesOf } from "../../conf/change.js";
import type { SparkConf } from "../../conf/sparkConf.js";
import { adviseContainerGrowth } from "../advice/container.js";
import { type DiagnoseContext, model, onDefaults } from "../context.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { confSize, human, MiB, roundUpTo } from "../sizes.js";
import type { Alternative, Cause, Change } from "../types.js";

const CRASHED: MessagePattern = {
  re: /Python worker exited unexpectedly \(crashed\)/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/api/python/PythonRunner.scala (ReaderIterator.handleException)",
};
const MEMORY_ERROR: MessagePattern = {
  // the last line of a traceback names the class: "MemoryError: …", numpy's subclass by its module path
  // ("numpy.core._exceptions._ArrayMemoryError: Unable to allocate …"), never the JVM's OutOfMemoryError
  re: /^\s*MemoryError\b|PythonException:.*\bMemoryError\b|^(?:\w+\.)*(?:_Array)?MemoryError:/,
  source:
    "CPython MemoryError, as pyspark/worker.py sends a task's traceback to PythonRunner (PythonException)",
};
const CONNECT_BACK: MessagePattern = {
  re: /Python worker failed to connect back/,
  source: "apache/spark core/src/main/scala/org/apache/spark/api/python/PythonWorkerFactory.scala",
};
const PY_KILLED: MessagePattern = {
  re: /Kill(?:ed)? process \d+ \(python[^)]*\)|python\S*.{0,80}killed by signal 9|pyspark\.daemon.{0,80}signal 9/i,
  source: "linux mm/oom_kill.c (victim comm python*); POSIX SIGKILL",
};
const WORKER_TRACE = /pyspark[\\/](?:worker|daemon)\.py|Traceback \(most recent call last\)/;

/** The configuration as a Python application, so the model counts spark.executor.pyspark.memory. */
function pythonCtx(ctx: DiagnoseContext): DiagnoseContext {
  if (!ctx.conf) return ctx;
  const [key, value] =
    ctx.manager === "kubernetes"
      ? ["spark.kubernetes.resource.type", "python"]
      : ["spark.yarn.isPython", "true"];
  const entries = new Map(ctx.conf.entries);
  if (!entries.has(key)) entries.set(key, { key, value, origin: { kind: "derived" } });
  const conf: SparkConf = { entries };
  const layout = model({ ...ctx, conf }, []).layout;
  return { ...ctx, conf, layout: layout ?? ctx.layout };
}

export const pythonWorkerOom: Detector = {
  id: "python-worker-oom",
  title: "A PySpark Python worker ran out of memory or died",
  explanation:
    "Each executor core runs its own Python worker process, outside the JVM. Its memory is not part of the heap: without spark.executor.pyspark.memory it must fit in the overhead beside the JVM's own native memory; with it, each worker is capped (RLIMIT_AS) at pyspark.memory / cores and a larger allocation raises MemoryError. A worker killed by the kernel or the container's limit shows up as 'Python worker exited unexpectedly (crashed)'.",
  docs: "Spark docs configuration.md (spark.executor.pyspark.memory, spark.python.worker.memory); python/pyspark/worker.py (RLIMIT_AS); PythonRunner.scala",
  patterns: [MEMORY_ERROR, PY_KILLED, CRASHED, CONNECT_BACK],
  specificity: 9,
  detect(input, ctx0) {
    const hits = scan(input, [MEMORY_ERROR, PY_KILLED, CRASHED, CONNECT_BACK]);
    // neither regex can match a line break, so testing each line is testing the whole text
    const anyLine = (re: RegExp) => input.lines.some((l) => re.test(l));
    const memoryError =
      hits.some((h) => MEMORY_ERROR.re.test(input.lines[h.i] as string)) && anyLine(WORKER_TRACE);
    const killed = hits.some((h) => PY_KILLED.re.test(input.lines[h.i] as string));
    const crashed = hits.some((h) => CRASHED.re.test(input.lines[h.i] as string));
    if (!memoryError && !killed && !crashed) {
      if (!hits.some((h) => CONNECT_BACK.re.test(input.lines[h.i] as string))) return [];
    }
    const containerKill = anyLine(/Container killed by YARN|OOMKilled|exit code 137/);
    const confidence = memoryError || killed ? 0.9 : crashed ? (containerKill ? 0.7 : 0.5) : 0.3;
    // without the job's settings: Spark's defaults, saying so
    const defaults = onDefaults(ctx0);
    const ctx = pythonCtx(defaults?.ctx ?? ctx0);
    const ex = ctx.layout?.executor ?? null;
    const figures: Record<string, number | string> = {};
    let changes: Change[];
    const alternatives: Alternative[] = [];
    if (ex && ex.pysparkBytes > 0) {
      figures.pysparkBytes = ex.pysparkBytes;
      figures.perWorkerLimitBytes = Math.floor(ex.pysparkBytes / MiB / ex.cores) * MiB;
      changes = changesOf(
        ctx.conf,
        "spark.executor.pyspark.memory",
        confSize(roundUpTo((ex.pysparkBytes / MiB) * 2, 1024)),
        "twice the memory each Python worker may use",
      );
    } else {
      const grow = adviseContainerGrowth(ctx, {
        role: "executor",
        usedBytes: null,
        limitBytes: null,
        manager: ctx.manager,
      });
      changes = grow.changes;
      Object.assign(figures, grow.figures);
      // 1 GiB per core, relative without a configuration
      const pyspark = ex ? confSize(ex.cores * 1024) : null;
      const setPy = changesOf(
        ctx.conf,
        "spark.executor.pyspark.memory",
        pyspark,
        "memory of the Python workers' own, counted in the container and capped per worker",
      );
      // ctx already makes it a Python application unless the configuration says otherwise
      const v = model(ctx, setPy).layout?.executor ?? null;
      if (pyspark !== null)
        alternatives.push({
          title: `Give the Python workers their own memory (spark.executor.pyspark.memory = 1 GiB per core${pyspark === null ? "" : `: ${pyspark}`}): counted in the container and capped per worker, so one greedy worker fails with MemoryError instead of getting the executor killed`,
          changes: setPy,
          containerBytes: v ? (v.containerAllocatedBytes ?? v.containerBytes) : null,
          heapBytes: v?.heapBytes ?? null,
        });
    }
    if (ex && ex.cores > 1) {
      const cores = Math.max(1, Math.floor(ex.cores / 2));
      const c = changesOf(
        ctx.conf,
        "spark.executor.cores",
        String(cores),
        "one Python worker runs per concurrent task",
      );
      const v = model(ctx, c).layout?.executor ?? null;
      alternatives.push({
        title: `Fewer Python workers per executor (spark.executor.cores ${ex.cores} → ${cores}): one worker runs per concurrent task`,
        changes: c,
        containerBytes: v ? (v.containerAllocatedBytes ?? v.containerBytes) : null,
        heapBytes: v?.heapBytes ?? null,
      });
    }
    const cause: Cause = baseCause(pythonWorkerOom, {
      title: memoryError
        ? `A Python worker raised MemoryError${typeof figures.perWorkerLimitBytes === "number" ? ` at its ${human(figures.perWorkerLimitBytes)} limit (spark.executor.pyspark.memory / cores)` : ""}`
        : killed
          ? "A Python worker was killed for memory (SIGKILL)"
          : crashed
            ? "A Python worker died without a Python error (crashed) — often killed for memory"
            : "A Python worker could not connect back to its executor",
      explanation: pythonWorkerOom.explanation,
      process: "python-worker",
      confidence,
      evidence: evidenceOf(
        input,
        hits.map((h) => h.i),
      ),
      figures,
      changes,
      alternatives,
      codeChanges: [
        // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
        "Pandas UDFs hold whole Arrow batches in Python: lower spark.sql.execution.arrow.maxRecordsPerBatch; applyInPandas loads one whole group — spread a skewed group.",
        // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
        "A broadcast variable is loaded by every Python worker, once per core: keep broadcasts small.",
      ],
      nextChecks: [
        crashed && !memoryError && !killed
          ? "A crash without a Python traceback is a killed or segfaulting worker: look in the executor's stderr for 'Fatal Python error' (spark.python.worker.faulthandler.enabled=true, 3.2+) and in dmesg for a killed python process."
          : "The Python traceback's last frames show the allocation that failed.",
        ...(defaults ? [defaults.note] : []),
      ],
    });
    return [cause];
  },
};
