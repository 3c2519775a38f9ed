import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Codec, createDecoder } from "../src/eventlog/codecs/index.js";
import { type OracleVersion, selectedVersions } from "../tools/oracle/client.js";
import { onCi } from "./support/ci.js";
import { SHARED } from "./support/shared.js";

/**
 * Every Spark codec against Spark's own classes (tools/eventlog/compress_reference.py: CompressionCodec's
 * compressedOutputStream — lz4-java, compress-lzf, snappy-java, zstd-jni from the installed Spark's jars) on a
 * large input of real event lines and incompressible random bytes: our decoders give back every byte.
 */
const SCRIPT = new URL("../tools/eventlog/compress_reference.py", import.meta.url).pathname;

/** 48 MiB: a real log's lines repeated, with random runs (incompressible blocks, long literals) between. */
function referenceInput(): Buffer {
  const log = readFileSync(new URL("fixtures/spark-events/application_1628109047826_1317105", SHARED));
  const parts: Buffer[] = [];
  let x = 7;
  let size = 0;
  while (size < 48 << 20) {
    parts.push(log);
    const random = Buffer.alloc(100_000 + (x % 300_000));
    for (let i = 0; i < random.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      random[i] = x >>> 24;
    }
    parts.push(random);
    size += log.length + random.length;
  }
  return Buffer.concat(parts);
}

async function decodedSha(codec: Codec, path: string): Promise<{ sha: string; bytes: number }> {
  const d = await createDecoder(codec);
  const h = createHash("sha256");
  let bytes = 0;
  const input = readFileSync(path);
  for (let i = 0; i < input.length; i += 1 << 20)
    for (const p of d.push(input.subarray(i, i + (1 << 20)))) {
      h.update(p);
      bytes += p.length;
    }
  for (const p of d.end()) {
    h.update(p);
    bytes += p.length;
  }
  expect(d.truncated).toBe(false);
  return { sha: h.digest("hex"), bytes };
}

describe("decoders against Spark's own codec classes", () => {
  let versions: OracleVersion[] = [];
  try {
    versions = selectedVersions().filter((v) => v.python);
  } catch {
    versions = [];
  }
  it.runIf(onCi)("CI has a Spark to compress with (npm run oracle:setup)", () => {
    expect(versions, "no pyspark venv installed").not.toEqual([]);
  });
  const newest = versions.at(-1);
  it.skipIf(!newest)(
    `Spark ${newest?.version}: lz4, lzf, snappy and zstd of 48 MiB, byte for byte`,
    { timeout: 300_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "sparkmem-reference-"));
      try {
        const input = referenceInput();
        const src = join(dir, "in");
        writeFileSync(src, input);
        const r = spawnSync(newest?.python as string, [SCRIPT, src, dir], {
          encoding: "utf8",
          timeout: 280_000,
        });
        expect(r.status, r.stderr.slice(-2000)).toBe(0);
        const out = JSON.parse(r.stdout.trim().split("\n").pop() as string) as {
          files: Record<string, string>;
        };
        const want = { sha: createHash("sha256").update(input).digest("hex"), bytes: input.length };
        for (const codec of ["lz4", "lzf", "snappy", "zstd"] as const) {
          expect(await decodedSha(codec, out.files[codec] as string), codec).toEqual(want);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
