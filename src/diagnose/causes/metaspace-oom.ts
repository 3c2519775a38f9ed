import { changesOf } from "../../conf/change.js";
import { valueSet } from "../../conf/sparkConf.js";
import { jvmSize, sizeFlag, withFlag } from "../advice/javaOptions.js";
import { javaOptionsKey, roleOf } from "../advice/keys.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt, processName } from "../process.js";
import { MiB } from "../sizes.js";
import type { Cause, Change, Process } from "../types.js";

const METASPACE: MessagePattern = {
  re: /OutOfMemoryError: (Metaspace|Compressed class space|PermGen space)/,
  source:
    'OpenJDK hotspot src/hotspot/share/memory/metaspace (report_java_out_of_memory "Metaspace" / "Compressed class space"); Java 7 "PermGen space"',
};

export const metaspaceOom: Detector = {
  id: "metaspace-oom",
  title: "Class metadata space ran out (Metaspace / Compressed class space)",
  explanation:
    "Loaded classes' metadata lives in Metaspace, outside the heap. It is unlimited unless -XX:MaxMetaspaceSize is set; the compressed class space is 1 GiB by default. Spark generates a class per compiled query stage, and notebooks, UDF registrations and repeated SparkSessions keep loading more: a limit that was fine becomes too small, or classes leak.",
  docs: "Oracle Java SE Troubleshooting Guide (Metaspace, Compressed class space); Spark docs configuration.md (spark.executor.extraJavaOptions)",
  patterns: [METASPACE],
  specificity: 9,
  detect(input, ctx) {
    const groups = new Map<Process, { i: number; space: string }[]>();
    for (const h of scan(input, [METASPACE])) {
      const p = processAt(input, h.i);
      {
        // push, not a copy per hit: a log with many hits stays linear
        const g = groups.get(p) ?? [];
        g.push({ i: h.i, space: h.m[1] as string });
        groups.set(p, g);
      }
    }
    const out: Cause[] = [];
    for (const [process, hits] of groups) {
      const space = (hits[0] as { space: string }).space;
      const flag = space === "Compressed class space" ? "CompressedClassSpaceSize" : "MaxMetaspaceSize";
      const key = javaOptionsKey(roleOf(process));
      const opts = valueSet(ctx.conf, key);
      const limit = sizeFlag(opts, flag);
      const changes: Change[] = [];
      const figures: Record<string, number | string> = { space };
      if (limit !== null) {
        figures.limitBytes = limit;
        const to = withFlag(opts, flag, jvmSize(Math.ceil((limit * 2) / MiB)));
        changes.push(...changesOf(ctx.conf, key, to, `twice the ${space} the JVM may use`));
      } else if (flag === "CompressedClassSpaceSize") {
        changes.push(
          ...changesOf(ctx.conf, key, withFlag(opts, flag, "2g"), "twice the default 1 GiB of class space"),
        );
      }
      out.push(
        baseCause(metaspaceOom, {
          title: `The ${processName(process)}'s ${space} ran out`,
          explanation: `${space} holds class metadata outside the heap${limit !== null ? `; ${key} caps it with -XX:${flag}` : ""}. More heap does not help; a higher limit needs the same amount more overhead.`,
          process,
          confidence: 0.9,
          evidence: evidenceOf(
            input,
            hits.map((h) => h.i),
          ),
          figures,
          changes,
          codeChanges: [
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Create one SparkSession and register UDFs once, not inside loops; in notebooks restart the kernel when classes pile up.",
          ],
          nextChecks: [
            ...(limit === null && flag === "MaxMetaspaceSize"
              ? [
                  // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
                  "Metaspace is unlimited unless -XX:MaxMetaspaceSize is set: find where (JAVA_TOOL_OPTIONS, spark-env.sh, spark-defaults.conf) and raise it, or look for a class leak (jcmd <pid> VM.classloader_stats).",
                ]
              : []),
            // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
            "Metaspace and class space are outside the heap: raise the overhead by as much as the limit.",
          ],
        }),
      );
    }
    return out;
  },
};
