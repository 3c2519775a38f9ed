import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";

/**
 * Hostile inputs for every command (test/fuzz.test.ts runs each through lint, diagnose, analyze, explain
 * --conf-file and size): made here, deterministically, from a seed and from the project's real logs, so the
 * corpus is the same on every machine and needs nothing checked in. Each is a case a user or an attacker can
 * hand sparkmem: empty and binary files, every codec's magic over garbage, real logs cut and bit-flipped,
 * configuration texts nested deep, long lines, control characters, numbers past every range, prototype keys.
 */
export interface HostileFile {
  name: string;
  bytes: Uint8Array;
}

/** A small LCG: the corpus must not change between runs. */
function random(seed: number): (n: number) => number {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % n;
  };
}

const text = (s: string) => new TextEncoder().encode(s);
const bytesOf = (n: number, rand: (n: number) => number) => Uint8Array.from({ length: n }, () => rand(256));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const MAGIC: Record<string, Uint8Array> = {
  lz4: text("LZ4Block"),
  snappy: Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00),
  lzf: text("ZV"),
  zstd: Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd),
  gz: Uint8Array.of(0x1f, 0x8b, 0x08, 0x00),
};

/** The project's Spark-written logs, one per codec (test/data/eventlogs/spark-4.3.0). */
function realLogs(dataDir: string): HostileFile[] {
  const dir = join(dataDir, "eventlogs", "spark-4.3.0");
  return readdirSync(dir)
    .filter((f) => /^local-\d+\.(lz4|lzf|snappy|zstd|gz)$/.test(f))
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(dir, f))) }));
}

export function hostileCorpus(dataDir: string, seed = 20261204): HostileFile[] {
  const rand = random(seed);
  const out: HostileFile[] = [];
  const add = (name: string, bytes: Uint8Array | string) =>
    out.push({ name, bytes: typeof bytes === "string" ? text(bytes) : bytes });

  // nothing, or nothing readable
  add("empty", "");
  add("blanks", " \n\t\r\n   \n");
  add("zeros", new Uint8Array(1 << 20));
  add("random.bin", bytesOf(64 * 1024, rand));
  add("utf16.conf", Uint8Array.of(0xff, 0xfe, ...text("s\0p\0a\0r\0k\0.\0e\0x\0=\0"), 0x31, 0));
  add("bom.conf", concat(Uint8Array.of(0xef, 0xbb, 0xbf), text("spark.executor.memory 4g\n")));

  // every codec's magic over garbage, and over nothing
  for (const [codec, magic] of Object.entries(MAGIC)) {
    add(`magic-only.${codec}`, magic);
    add(`garbage.${codec}`, concat(magic, bytesOf(4096, rand)));
    add(`ones.${codec}`, concat(magic, new Uint8Array(4096).fill(0xff)));
  }
  // zstd: a frame declaring a 2 GiB window, and a frame of only RLE blocks (1 MiB each declared)
  add("window-2g.zstd", concat(MAGIC.zstd as Uint8Array, Uint8Array.of(0x00, 0xa8), bytesOf(64, rand)));
  // block header: bit 0 last, bits 1-2 type (1 = RLE), bits 3-23 size (128 KiB); then the byte repeated
  const rle = Uint8Array.of(0x02 | ((131072 << 3) & 0xff), (131072 << 3) >> 8, (131072 << 3) >> 16, 0x41);
  add(
    "rle-blocks.zstd",
    concat(MAGIC.zstd as Uint8Array, Uint8Array.of(0x00, 0x58), ...Array(600).fill(rle)),
  );
  // snappy-java framing with a raw block whose literal length is negative
  add(
    "negative-literal.snappy",
    concat(
      MAGIC.snappy as Uint8Array,
      Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 10),
      Uint8Array.of(0x05, 0xf0, 0xff, 0xff, 0xff, 0xff, 0x41, 0x41, 0x41, 0x41),
    ),
  );
  // gzip of 8 MiB of zeros (a small bomb: one endless line)
  add("zeros.gz", gzipSync(new Uint8Array(8 << 20)));

  // real logs: cut in the middle, and a byte flipped in the middle
  for (const log of realLogs(join(dataDir))) {
    const half = Math.floor(log.bytes.length / 2);
    add(`cut-${log.name}`, log.bytes.subarray(0, half));
    const flipped = log.bytes.slice();
    flipped[half] = (flipped[half] as number) ^ 0x5a;
    add(`flipped-${log.name}`, flipped);
  }

  // .zip archives of logs (the History Server's download): cut, a flipped byte in the deflate data, an
  // entry count ZIP64 marks, an entry that names itself a folder escape, a zip of nothing
  const firstLog = realLogs(join(dataDir))[0];
  if (firstLog) {
    const zip = zipSync({ "a/../../escape": firstLog.bytes, "eventlog_v2_x/events_1_x": firstLog.bytes });
    add("cut.zip", zip.subarray(0, Math.floor(zip.length / 2)));
    const flippedZip = zip.slice();
    flippedZip[100] = (flippedZip[100] as number) ^ 0x5a;
    add("flipped.zip", flippedZip);
    const zip64 = zip.slice();
    zip64[zip64.length - 12] = 0xff;
    zip64[zip64.length - 11] = 0xff;
    add("zip64.zip", zip64);
    add("escape.zip", zip);
  }
  add("empty.zip", zipSync({}));

  // event lines with hostile fields
  const event = (fields: string) => `{"Event":"SparkListenerApplicationStart",${fields}}\n`;
  add(
    "events-infinite.json",
    event('"App Name":"a","Timestamp":1e400') + '{"Event":"SparkListenerLogStart","Spark Version":"3.5.1"}\n',
  );
  add("events-escape.json", event('"App Name":"\\u001b[2J\\u001b]0;x\\u0007","Timestamp":1'));
  add("events-bad-escape.json", event('"App Name":"\\q","Timestamp":1'));
  add(
    "events-proto.json",
    '{"Event":"SparkListenerEnvironmentUpdate","Spark Properties":{"__proto__":{"x":1},"constructor":{"toString":1}}}\n',
  );
  add(
    "events-long-line.json",
    `{"Event":"SparkListenerJobStart","Job ID":1,"pad":"${"x".repeat(4 << 20)}"}\n`,
  );

  // configuration texts
  add("deep.json", `{"a":${'{"b":'.repeat(5000)}1${"}".repeat(5000)}}`);
  add(
    "deep-emr.json",
    `[${'{"Classification":"spark-defaults","Configurations":['.repeat(2000)}${"]}".repeat(2000)}]`,
  );
  add(
    "deep.yaml",
    `apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  sparkConf:\n    a: ${"[".repeat(3000)}${"]".repeat(3000)}\n`,
  );
  add(
    "deep.py",
    `from pyspark.sql import SparkSession\nSparkSession.builder.config("spark.executor.memory", ${"(".repeat(3000)}"4g"${")".repeat(3000)})\n`,
  );
  add("many-lines.conf", Array.from({ length: 150_000 }, (_, i) => `spark.custom.k${i} ${i}`).join("\n"));
  add(
    "many-conf.sh",
    `spark-submit \\\n${Array.from({ length: 50_000 }, (_, i) => `  --conf spark.custom.k${i}=${i} \\`).join("\n")}\n  app.jar\n`,
  );
  add(
    "huge-values.conf",
    "spark.executor.memory 99999999999999999999999g\nspark.executor.cores 1e400\nspark.master local[99999999999999999999999]\nspark.executor.memoryOverheadFactor 1e400\n",
  );
  add("proto-keys.conf", "constructor 1\n__proto__ 2\ntoString 3\nspark.executor.memory 4constructor\n");
  add(
    "controls.conf",
    "spark.app.name a\u001b[2Jb\rc\nspark.executor.memory 4g\u00a0\nspark.driver.memory \u202e8g\n",
  );
  add("long-line.conf", `spark.app.name ${"y".repeat(4 << 20)}\n`);
  add(
    "notebook.ipynb",
    `{"cells":[{"cell_type":"code","source":${JSON.stringify(["x=".repeat(100000)])}}],"metadata":${'{"a":'.repeat(3000)}1${"}".repeat(3000)}}`,
  );
  add("pod.json", `{"kind":"Pod","status":{"a":${"[".repeat(20000)}${"]".repeat(20000)}}}`);
  // one 300 KB line of each kind of character: a pattern that rescans from every position is quadratic here
  const long = 300_000;
  add("long-word.txt", `${"x".repeat(long)}\n`);
  add("long-digits.txt", `${"7".repeat(long)}\n`);
  add("long-blank.txt", `${" ".repeat(long)}x\n`);
  add("long-pairs.txt", `${"a ".repeat(long / 2)}\n`);
  add("long-dots.txt", `${"a.".repeat(long / 2)}Exceptio\n`);
  add("long-colons.txt", `${"k:v,".repeat(long / 4)}\n`);
  add("long-quotes.txt", `${'"a":'.repeat(long / 4)}\n`);
  add(
    "long-random.txt",
    Uint8Array.from({ length: long }, () => 32 + rand(95)),
  );
  add(
    "yarn-kill.txt",
    "Container killed: running beyond physical memory limits. Current usage: 1 GB of 99999999999 GB physical memory used\n".repeat(
      2000,
    ),
  );
  return out;
}
