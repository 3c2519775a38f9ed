import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApplicationAccumulator } from "../src/analyze/applicationAccumulator.js";
import { byteStringAs } from "../src/conf/byteString.js";
import { CATALOG } from "../src/conf/catalog.js";
import { SparkmemError } from "../src/conf/errors.js";
import { parseMaster } from "../src/conf/master.js";
import { parseConfText } from "../src/conf/sources/byKind.js";
import { type ConfTextKind, confTextKind } from "../src/conf/sources/textKind.js";
import { diagnose } from "../src/diagnose/index.js";
import { CODECS, createDecoder } from "../src/eventlog/codecs/index.js";
import { EventLogFormatError } from "../src/eventlog/errors.js";
import { explain } from "../src/model/explain.js";

/**
 * The in-process half of the fuzz suite (test/fuzz.test.ts runs the CLI on a corpus of files): random text,
 * bytes and settings straight into the parsers, the model, diagnose, the event-log replay and the decoders.
 * Each may refuse its input, with its own error type naming what is wrong — never anything else.
 */
const SEED = 20261204;

/** Text with the characters the parsers care about over-represented. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        "{",
        "}",
        "[",
        "]",
        '"',
        ":",
        ",",
        "=",
        "\\",
        "\n",
        " ",
        "#",
        "--conf",
        "spark.",
        "\u0000",
        "\u00a0",
      ),
      fc.constantFrom(
        "spark-submit ",
        "apiVersion: x\n",
        "kind: SparkApplication\n",
        "from pyspark",
        '{"cells":',
        '[{"Classification":',
      ),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

/** Takes every piece (the decoders decode as they are iterated). */
function drain(pieces: Iterable<Uint8Array>): void {
  for (const p of pieces) expect(p.length).toBeLessThanOrEqual(1 << 20);
}

const refusal = (e: unknown) => e instanceof SparkmemError;

function onlyRefuses(f: () => unknown, ok: (e: unknown) => boolean = refusal): void {
  try {
    f();
  } catch (e) {
    if (!ok(e)) throw e;
  }
}

describe("fuzz properties: only clear refusals", () => {
  it("every configuration reader, on any text", () => {
    const kinds: ConfTextKind[] = [
      "spark-defaults",
      "json",
      "spark-submit",
      "emr",
      "spark-application",
      "python",
      "notebook",
    ];
    fc.assert(
      fc.property(hostileText, fc.constantFrom(...kinds), (text, kind) => {
        confTextKind(text);
        onlyRefuses(() => parseConfText(kind as Exclude<ConfTextKind, "event-log">, text, "f"));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("sizes and master URLs", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        onlyRefuses(
          () => byteStringAs(text, "MiB"),
          (e) => e instanceof Error && e.name === "Error",
        );
        onlyRefuses(() => parseMaster(text));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("the model, on random values of the keys it reads", () => {
    const keys = CATALOG.map((k) => k.key);
    const value = fc.oneof(
      hostileText,
      fc.constantFrom(
        "0",
        "-1",
        "1e400",
        "NaN",
        "4g",
        "99999999999999999999g",
        "0.0",
        "1.5",
        "true",
        "local[*]",
        "yarn",
      ),
      fc.integer().map(String),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 }),
        fc.constantFrom("2.4.8", "3.0.3", "3.5.1", "4.0.1", "4.3.0"),
        fc.constantFrom("local[4]", "yarn", "k8s://https://h", "spark://h:7077"),
        (conf, sparkVersion, master) => {
          onlyRefuses(() =>
            explain({ sparkVersion, master, conf, hostCores: 8, hostMemoryBytes: 32 * 2 ** 30 }),
          );
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("diagnose, on any text", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(diagnose(text).causes).toBeInstanceOf(Array);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("the event-log replay, on JSON lines with any fields", () => {
    const field = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, "", "\u001b[2J"),
    );
    const names = [
      "SparkListenerTaskEnd",
      "SparkListenerExecutorAdded",
      "SparkListenerStageCompleted",
      "SparkListenerEnvironmentUpdate",
      "SparkListenerJobStart",
      "SparkListenerBlockManagerAdded",
    ];
    const event = fc
      .record({
        Event: fc.constantFrom(...names),
        fields: fc.dictionary(
          fc.constantFrom(
            "Stage ID",
            "Task Info",
            "Executor ID",
            "Task Metrics",
            "Spark Properties",
            "Stage Info",
            "Timestamp",
            "Task End Reason",
          ),
          field,
        ),
      })
      .map(({ Event, fields }) => JSON.stringify({ Event, ...fields }));
    fc.assert(
      fc.property(fc.array(fc.oneof(event, hostileText), { maxLength: 30 }), (lines) => {
        const acc = new ApplicationAccumulator();
        for (const [i, l] of lines.entries()) acc.pushLine(l, i + 1);
        acc.finish();
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("every decoder, on random bytes after its magic", async () => {
    const magic: Record<string, number[]> = {
      lz4: [...Buffer.from("LZ4Block")],
      snappy: [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00],
      lzf: [...Buffer.from("ZV")],
      zstd: [0x28, 0xb5, 0x2f, 0xfd],
      gzip: [0x1f, 0x8b, 0x08, 0x00],
      none: [],
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CODECS), fc.uint8Array({ maxLength: 600 }), async (codec, tail) => {
        const d = await createDecoder(codec);
        const input = Uint8Array.from([...(magic[codec] ?? []), ...tail]);
        try {
          for (let i = 0; i < input.length; i += 97) drain(d.push(input.subarray(i, i + 97)));
          drain(d.end());
        } catch (e) {
          if (!(e instanceof EventLogFormatError)) throw e;
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
