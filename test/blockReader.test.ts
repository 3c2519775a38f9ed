import { readdirSync, readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createDecoder } from "../src/eventlog/codecs/index.js";
import { forEachLine, type LineBlock, LineBlockSplitter } from "../src/eventlog/lineBlocks.js";
import { FIXTURES, replay } from "./support/fixtures.js";

const EVENTS = new URL("spark-events/", FIXTURES);
/** The shared fixtures stored as plain JSON lines (one file per application). */
const PLAIN = readdirSync(EVENTS).filter((f) => {
  const p = new URL(f, EVENTS);
  return statSync(p).isFile() && readFileSync(p).subarray(0, 1).toString() === "{";
});

describe("reading byte blocks (scanned task ends) gives what JSON.parse of every line gives", () => {
  it.each(PLAIN)("%s", (log) => {
    const text = readFileSync(new URL(log, EVENTS), "utf8");
    const byLines = replay(text, "lines");
    expect(replay(text, "blocks", 1 << 20)).toEqual(byLines);
    expect(replay(text, "blocks", 7919)).toEqual(byLines); // lines straddle chunks
  });

  it("covers logs of several Spark versions", () => expect(PLAIN.length).toBeGreaterThanOrEqual(10));

  it("nds_q72 (Spark 3.5 on Dataproc, 13,504 task ends, zstd)", async () => {
    const d = await createDecoder("zstd");
    const raw = readFileSync(new URL("other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd", EVENTS));
    const text = new TextDecoder().decode(Buffer.concat([...d.push(raw), ...d.end()]));
    const byBlocks = replay(text, "blocks", 1 << 20);
    expect(byBlocks).toEqual(replay(text, "lines"));
    expect(byBlocks.stages.reduce((n, st) => n + st.numCompleteTasks, 0)).toBe(13_504);
  });
});

describe("LineBlockSplitter", () => {
  const lines = (blocks: LineBlock[]) => {
    const out: { text: string; n: number; offset: number }[] = [];
    let n = 1;
    for (const b of blocks)
      n += forEachLine(b, n, (s, e, k) =>
        out.push({
          text: new TextDecoder().decode(b.bytes.subarray(s, e)),
          n: k,
          offset: b.offset + s,
        }),
      );
    return out;
  };

  it("keeps byte positions: a line cut inside a UTF-8 character, CRLF, and an unterminated last line", async () => {
    const bytes = new TextEncoder().encode('{"a":"é日本"}\r\n{"b":1}\n\n{"c":"ü"}');
    for (let step = 1; step <= bytes.length; step++) {
      const s = new LineBlockSplitter();
      const blocks: LineBlock[] = [];
      for (let i = 0; i < bytes.length; i += step) blocks.push(...s.push(bytes.subarray(i, i + step)));
      const last = s.end();
      expect(lines(blocks), `step ${step}`).toEqual([
        { text: '{"a":"é日本"}', n: 1, offset: 0 },
        { text: '{"b":1}', n: 2, offset: 18 },
        { text: "", n: 3, offset: 26 },
      ]);
      expect(last && new TextDecoder().decode(last.bytes)).toBe('{"c":"ü"}');
      expect(last?.offset).toBe(27);
      // one character per byte, whatever the bytes
      for (const b of [...blocks, ...(last ? [last] : [])]) expect(b.text.length).toBe(b.bytes.length);
    }
  });

  it("gives nothing at the end when the input ends with a newline, and nothing for no input", async () => {
    const s = new LineBlockSplitter();
    expect(s.push(new TextEncoder().encode("{}\n"))).toHaveLength(1);
    expect(s.end()).toBeNull();
    expect(new LineBlockSplitter().end()).toBeNull();
  });
});
