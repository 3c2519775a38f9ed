import { changesOf } from "../../conf/change.js";
import { parseBytesValue, valueSet } from "../../conf/sparkConf.js";
import { baseCause, type Detector, evidenceOf, type MessagePattern, scan } from "../detector.js";
import { processAt } from "../process.js";
import { human, MiB } from "../sizes.js";

// KryoSerializerInstance.serialize: "Kryo serialization failed: Buffer overflow. Available: 0, required: 57.
// To avoid this, increase spark.kryoserializer.buffer.max value." (3.3+ error class KRYO_BUFFER_OVERFLOW);
// Kryo's own "com.esotericsoftware.kryo.KryoException: Buffer overflow. Available: A, required: R"
const OVERFLOW: MessagePattern = {
  re: /(?:Kryo serialization failed: |KryoException: )Buffer overflow\. Available: (\d+), required: (\d+)/,
  source:
    "apache/spark core/src/main/scala/org/apache/spark/serializer/KryoSerializer.scala (serialize); error-conditions.json KRYO_BUFFER_OVERFLOW",
};

/** KryoSerializer requires spark.kryoserializer.buffer.max below 2048 MiB (a Java array's limit). */
const MAX_MIB = 2047;
const DEFAULT_MAX_MIB = 64;

export const kryoBufferOverflow: Detector = {
  id: "kryo-buffer-overflow",
  title: "An object did not fit Kryo's serialization buffer (spark.kryoserializer.buffer.max)",
  explanation:
    "With the Kryo serializer each record, task result or broadcast is written into a buffer that grows up to spark.kryoserializer.buffer.max (64m by default, below 2048m). An object larger than that cannot be serialized: the task fails. It is a limit, not a shortage of heap.",
  docs: "Spark docs configuration.md (spark.kryoserializer.buffer.max); tuning.md (Data Serialization); KryoSerializer.scala",
  patterns: [OVERFLOW],
  specificity: 10,
  detect(input, ctx) {
    const hits = scan(input, [OVERFLOW]);
    if (hits.length === 0) return [];
    const required = Math.max(...hits.map((h) => Number(h.m[2])));
    const set = valueSet(ctx.conf, "spark.kryoserializer.buffer.max");
    const nowMiB = (set === null ? null : safeMiB(set)) ?? DEFAULT_MAX_MIB;
    // twice the limit and room for the object that did not fit, as a power of two, below Spark's cap
    let to = 1;
    while (to < Math.max(2 * nowMiB, nowMiB + Math.ceil(required / MiB))) to *= 2;
    const toMiB = Math.min(MAX_MIB, to);
    const atCap = nowMiB >= MAX_MIB;
    const first = hits[0]?.i ?? 0;
    const process = processAt(input, first);
    return [
      baseCause(kryoBufferOverflow, {
        title: `An object of more than ${human(nowMiB * MiB)} did not fit Kryo's buffer (spark.kryoserializer.buffer.max${set === null ? ", 64m by default" : ` = ${set}`})`,
        explanation: kryoBufferOverflow.explanation,
        process: process === "unknown" ? "executor" : process,
        confidence: 0.95,
        evidence: evidenceOf(
          input,
          hits.map((h) => h.i),
        ),
        figures: { requiredBytes: required, limitBytes: nowMiB * MiB },
        changes: atCap
          ? []
          : changesOf(
              ctx.conf,
              "spark.kryoserializer.buffer.max",
              `${toMiB}m`,
              "room for the largest object Kryo writes",
            ),
        codeChanges: [
          // Stryker disable next-line StringLiteral: prose (wording, not behaviour)
          "A single huge record (a collected list, a large broadcast variable, a wide row) is the cause: split it, or broadcast a smaller table.",
        ],
        nextChecks: atCap
          ? [
              "The limit is already at Spark's 2047m cap: the object itself must get smaller (or use spark.serializer=org.apache.spark.serializer.JavaSerializer for it).",
            ]
          : [],
      }),
    ];
  },
};

/** The setting in MiB, as Spark reads it (a bare number is MiB); null when it is not a size. */
function safeMiB(v: string): number | null {
  try {
    return Math.max(1, parseBytesValue(v, "MiB", "spark.kryoserializer.buffer.max"));
  } catch {
    return null;
  }
}
