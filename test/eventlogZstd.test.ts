import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDecoder } from "../src/eventlog/codecs/index.js";
import { EventLogFormatError } from "../src/eventlog/errors.js";
import { onCi } from "./support/ci.js";

/**
 * The zstd decoder against the reference zstd CLI (Debian's zstd, installed by .ci/run): what the CLI
 * compresses, with the windows it allows, decodes to the same bytes; what it refuses, we refuse. The first
 * case is the one that broke the pure-JS decoder used before (fzstd 0.1.1): a 128 MiB window (Databricks
 * writes such frames) over more than 128 MiB of output, wrong from byte ~122 MB on.
 */
const haveZstd = spawnSync("zstd", ["--version"]).status === 0;
const SKIP = "the zstd CLI is missing (apt-get install zstd): reference checks skipped here, failed under CI";

/** zstd CLI on stdin (so the content size is unknown and the window is what the flags say). */
function zstd(args: string[], input: Uint8Array): Buffer {
  const r = spawnSync("zstd", ["-q", "-c", ...args], { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`zstd ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Event-log-like JSON lines, deterministic: repeated structure, varied numbers and names. */
function jsonLines(bytes: number, seed = 7): Uint8Array {
  const out = Buffer.alloc(bytes);
  let x = seed;
  const rand = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  let at = 0;
  for (let task = 0; at < bytes; task++) {
    const line = `{"Event":"SparkListenerTaskEnd","Stage ID":${rand(400)},"Task Info":{"Task ID":${task},"Host":"host-${rand(2000)}","Launch Time":${1_700_000_000_000 + rand(1e9)}},"Task Metrics":{"Executor Run Time":${rand(1e6)},"Peak Execution Memory":${rand(1e9) * 7}},"pad":"${"abcdefgh".repeat(rand(20))}"}\n`;
    at += out.write(line, at);
  }
  return out;
}

const sha = (parts: Iterable<Uint8Array>) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

/** Decodes in `step`-byte chunks, hashing the output as it comes (the output is never held whole). */
async function decodeHash(input: Uint8Array, step: number) {
  const d = await createDecoder("zstd");
  const h = createHash("sha256");
  let bytes = 0;
  let error: unknown = null;
  try {
    for (let i = 0; i < input.length; i += step) {
      for (const c of d.push(input.subarray(i, i + step))) {
        h.update(c);
        bytes += c.length;
      }
    }
    for (const c of d.end()) {
      h.update(c);
      bytes += c.length;
    }
  } catch (e) {
    error = e;
  }
  return { sha: h.digest("hex"), bytes, truncated: d.truncated, error };
}

describe("zstd against the reference CLI", () => {
  it.runIf(onCi)("CI has the zstd CLI (.ci/run installs it)", () => expect(haveZstd, SKIP).toBe(true));
  if (!haveZstd && !onCi) console.warn(SKIP);

  describe.skipIf(!haveZstd)("decodes what zstd writes", () => {
    it("a 128 MiB window over 160 MB of output (--long=27), in 1 MiB chunks", {
      timeout: 120_000,
    }, async () => {
      const plain = jsonLines(160_000_000);
      const packed = zstd(["-1", "--long=27"], plain);
      expect(packed.readUInt8(5) >> 3).toBe(27 - 10); // the window descriptor says 2^27
      const got = await decodeHash(packed, 1 << 20);
      expect(got).toEqual({ sha: sha([plain]), bytes: plain.length, truncated: false, error: null });
    });

    it("levels 1–19, checksums, concatenated frames and a skippable frame, in odd chunk sizes", async () => {
      const plain = jsonLines(3_000_000, 11);
      const parts = [
        zstd(["-1"], plain.subarray(0, 1_000_000)),
        Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]), // skippable frame, 3 bytes
        zstd(["-19", "--no-check"], plain.subarray(1_000_000, 1_500_000)),
        zstd(["-9", "--check", "--long=24"], plain.subarray(1_500_000)),
      ];
      const packed = Buffer.concat(parts);
      for (const step of [packed.length, 65_536, 4099, 1]) {
        if (step === 1) {
          const small = Buffer.concat([
            zstd(["-3"], plain.subarray(0, 20_000)),
            zstd([], plain.subarray(0, 5)),
          ]);
          const want = Buffer.concat([plain.subarray(0, 20_000), plain.subarray(0, 5)]);
          expect(await decodeHash(small, 1)).toMatchObject({ sha: sha([want]), error: null });
          continue;
        }
        expect(await decodeHash(packed, step), `step ${step}`).toEqual({
          sha: sha([plain]),
          bytes: plain.length,
          truncated: false,
          error: null,
        });
      }
    });
  });

  describe.skipIf(!haveZstd)("refuses what zstd refuses, naming the byte", () => {
    it("a 256 MiB window (--long=28): refused as zstd -d does without --memory", async () => {
      const packed = zstd(["-1", "--long=28"], jsonLines(100_000));
      const reference = spawnSync("zstd", ["-d", "-c"], { input: packed });
      expect(reference.status).not.toBe(0);
      expect(reference.stderr.toString()).toMatch(/Window size larger than maximum/);
      const got = await decodeHash(packed, 1 << 16);
      expect(got.bytes).toBe(0);
      expect((got.error as Error).message).toBe(
        "zstd frame at byte 0: window of 256 MiB above the 128 MiB decoded (zstd's default limit); " +
          "decompress it with zstd -d --memory=256MB and analyze the plain file",
      );
    });

    it("a flipped byte anywhere in a frame with a checksum: never a silent result", async () => {
      const plain = jsonLines(1_000_000, 3);
      const packed = zstd(["-3", "--check"], plain);
      const checksumAt = packed.length - 4;
      const blockErrors = new Set<number>();
      for (let k = 1; k <= 24; k++) {
        const bad = new Uint8Array(packed);
        const flip = Math.floor((packed.length * k) / 25);
        bad[flip] = (bad[flip] as number) ^ 0x5a;
        expect(spawnSync("zstd", ["-t", "-q"], { input: bad }).status, `zstd -t, byte ${flip}`).not.toBe(0);
        const got = await decodeHash(bad, 4096);
        expect(got.error, `byte ${flip}`).toBeInstanceOf(EventLogFormatError);
        const { offset, message } = got.error as EventLogFormatError;
        if (offset === checksumAt) {
          expect(message).toBe(
            `zstd frame checksum at byte ${offset}: corrupt data: libzstd cannot decode it`,
          );
        } else {
          // the block the byte is in (blocks are ≤ 128 KiB) or a later one whose decoding its wrong tables
          // or offsets break: never one before it
          expect(message).toMatch(/^zstd block at byte \d+: corrupt data: libzstd cannot decode it$/);
          expect(offset).toBeGreaterThan(flip - 128 * 1024);
          blockErrors.add(offset);
        }
      }
      expect(blockErrors.size).toBeGreaterThan(5); // most flips are caught in their own block
    });

    it("a wrong checksum: an error at the frame's checksum", async () => {
      const packed = new Uint8Array(zstd(["-3", "--check"], jsonLines(200_000, 5)));
      packed[packed.length - 1] = (packed[packed.length - 1] as number) ^ 1;
      const got = await decodeHash(packed, 8192);
      expect((got.error as Error).message).toBe(
        `zstd frame checksum at byte ${packed.length - 4}: corrupt data: libzstd cannot decode it`,
      );
    });

    it("a frame cut inside a block: truncated, every whole block kept, no error", async () => {
      const plain = jsonLines(2_000_000, 9);
      const packed = zstd(["-3"], plain);
      const cut = await decodeHash(packed.subarray(0, Math.floor(packed.length * 0.6)), 65_536);
      expect(cut.error).toBeNull();
      expect(cut.truncated).toBe(true);
      expect(cut.bytes % (128 * 1024)).toBe(0); // whole 128 KiB blocks only
      expect(cut.sha).toBe(sha([plain.subarray(0, cut.bytes)]));
    });
  });
});
