import { describe, expect, it } from "vitest";
import { codecFromMagic, codecFromName, resolveCodec } from "../src/eventlog/detect.js";
import { EventLogFormatError } from "../src/eventlog/errors.js";
import { orderRollingFiles, parseEventLogName, rollingDirBase } from "../src/eventlog/layout.js";
import { LineSplitter } from "../src/eventlog/lines.js";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("event-log file names (EventLogFileWriters.scala)", () => {
  it("parses single files, rolling event files and status files", () => {
    expect(parseEventLogName("/logs/local-1776286786993.zstd")).toEqual({
      name: "local-1776286786993.zstd",
      kind: "single",
      base: "local-1776286786993",
      index: null,
      codec: "zstd",
      inProgress: false,
      compact: false,
    });
    expect(parseEventLogName("application_1553914137147_0018_1.lz4.inprogress")).toMatchObject({
      kind: "single",
      base: "application_1553914137147_0018_1",
      codec: "lz4",
      inProgress: true,
    });
    expect(parseEventLogName("app-20200706201101-0003")).toMatchObject({
      base: "app-20200706201101-0003",
      codec: "none",
    });
    expect(parseEventLogName("events_12_app-1_2.snappy.compact")).toMatchObject({
      kind: "rolling-events",
      base: "app-1_2",
      index: 12,
      codec: "snappy",
      compact: true,
    });
    expect(parseEventLogName("events_3_local-1")).toMatchObject({
      kind: "rolling-events",
      index: 3,
      codec: "none",
    });
    expect(parseEventLogName("appstatus_local-1.inprogress")).toMatchObject({
      kind: "appstatus",
      base: "local-1",
      inProgress: true,
    });
    expect(parseEventLogName("my.log.gz")).toMatchObject({ kind: "single", base: "my.log", codec: "gzip" });
    expect(parseEventLogName("eventlog.json")).toMatchObject({ base: "eventlog.json", codec: "none" });
    expect(rollingDirBase("/x/eventlog_v2_spark-110be3a8/")).toBe("spark-110be3a8");
    expect(rollingDirBase("local-1")).toBeNull();
  });

  it("codec from the name: strip .compact and .inprogress, then the last token (case-insensitive)", () => {
    expect(codecFromName("local-1.LZ4")).toBe("lz4");
    expect(codecFromName("events_1_a.lzf.compact")).toBe("lzf");
    expect(codecFromName("a.snappy.inprogress")).toBe("snappy");
    expect(codecFromName("local-1.inprogress")).toBe("none");
    expect(codecFromName("local-1.zst")).toBe("none"); // not a Spark short name
    expect(codecFromName("local-1.gz")).toBe("gzip");
  });
});

describe("codec from the first bytes", () => {
  it("recognises every codec's magic and JSON", () => {
    expect(codecFromMagic(bytes("LZ4Block%"))).toBe("lz4");
    expect(codecFromMagic(Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1))).toBe(
      "snappy",
    );
    expect(codecFromMagic(Uint8Array.of(0x5a, 0x56, 0, 0, 0x3a))).toBe("lzf");
    expect(codecFromMagic(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00))).toBe("zstd");
    expect(codecFromMagic(Uint8Array.of(0x1f, 0x8b, 0x08))).toBe("gzip");
    expect(codecFromMagic(bytes('{"Event":"SparkListenerLogStart"'))).toBe("none");
    expect(codecFromMagic(Uint8Array.of(0xef, 0xbb, 0xbf, 0x20, 0x0a, 0x7b))).toBe("none");
    expect(codecFromMagic(bytes("Event,Time\n"))).toBeNull();
    expect(codecFromMagic(bytes("LZ4Bl"))).toBeNull();
  });

  it("resolveCodec: magic wins when it is known; unknown bytes are an error at byte 0", () => {
    expect(resolveCodec("local-1.zstd", Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).toEqual({
      codec: "zstd",
      byName: "zstd",
      byMagic: "zstd",
      note: null,
    });
    expect(resolveCodec("local-1.zstd", new Uint8Array(0)).codec).toBe("none");
    const renamed = resolveCodec("eventlog.json", bytes("LZ4Block"));
    expect(renamed.codec).toBe("lz4");
    expect(renamed.note).toBe(
      "eventlog.json: the name says uncompressed but the content is lz4; reading it as lz4",
    );
    expect(resolveCodec("local-1.lz4", bytes('{"Event"')).codec).toBe("none");
    // an .inprogress file cut inside its first magic follows its name
    expect(resolveCodec("local-1.lz4.inprogress", bytes("LZ4B")).codec).toBe("lz4");
    let error: unknown;
    try {
      resolveCodec("local-1.lzf", Uint8Array.of(0x00, 0x01, 0x02));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventLogFormatError);
    expect(error).toMatchObject({ codec: "lzf", offset: 0 });
    expect((error as Error).message).toBe(
      "lzf file at byte 0: the name says lzf but the file starts with 00 01 02, not the lzf magic 5a 56 nor any other codec's magic",
    );
    expect(() => resolveCodec("local-1", bytes("garbage"))).toThrow(
      "none file at byte 0: the name says uncompressed but the file starts with 67 61 72 62 61 67 65, not '{' (uncompressed JSON lines) nor any other codec's magic",
    );
  });
});

describe("rolling logs (EventLogFileReaders.scala RollingEventLogFilesFileReader)", () => {
  const names = (o: { files: { name: string }[] }) => o.files.map((f) => f.name);

  it("orders by index, not by name, and reads completion from the status file", () => {
    const o = orderRollingFiles([
      "events_10_app.zstd",
      "appstatus_app",
      "events_9_app.zstd",
      ".events_9_app.zstd.crc",
      "events_1_app.zstd",
      "events_2_app.zstd",
      "events_3_app.zstd",
      "events_4_app.zstd",
      "events_5_app.zstd",
      "events_6_app.zstd",
      "events_7_app.zstd",
      "events_8_app.zstd",
    ]);
    expect(names(o).map((n) => parseEventLogName(n).index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(o.completed).toBe(true);
    expect(o.problems).toEqual([]);
    expect(orderRollingFiles(["events_1_app", "appstatus_app.inprogress"]).completed).toBe(false);
  });

  it("drops everything before the last compact file; a compact file sorts after its plain twin", () => {
    const o = orderRollingFiles([
      "events_5_app.lz4",
      "events_3_app.lz4.compact",
      "events_1_app.lz4.compact",
      "events_4_app.lz4",
      "events_3_app.lz4",
      "events_2_app.lz4",
      "appstatus_app.inprogress",
    ]);
    expect(names(o)).toEqual(["events_3_app.lz4.compact", "events_4_app.lz4", "events_5_app.lz4"]);
    expect(o.dropped.map((f) => f.name)).toEqual([
      "events_1_app.lz4.compact",
      "events_2_app.lz4",
      "events_3_app.lz4",
    ]);
    expect(o.completed).toBe(false);
    expect(o.problems).toEqual([]);
  });

  it("reports a gap after the last compact file, and missing files, as Spark would refuse them", () => {
    const o = orderRollingFiles(["events_2_app.compact", "events_3_app", "events_6_app", "appstatus_app"]);
    expect(o.missing).toEqual([4, 5]);
    expect(o.problems).toEqual([
      "Found missing event log file, expected indices: 2 to 6, actual: 2, 3, 6 (missing 4, 5)",
    ]);
    // a gap before the last compact file does not matter: those files are dropped
    expect(orderRollingFiles(["events_1_app", "events_5_app.compact", "appstatus_app"]).problems).toEqual([]);
    expect(orderRollingFiles(["appstatus_app"]).problems).toEqual([
      "Log directory must contain at least one event log file!",
    ]);
    const noStatus = orderRollingFiles(["events_1_app", "events_x_app"]);
    expect(noStatus.completed).toBeNull();
    expect(noStatus.problems).toEqual([
      'events_x_app: no numeric index after "events_"',
      "Log directory must contain an appstatus file!",
    ]);
  });
});

describe("LineSplitter", () => {
  it("splits across chunks, decodes UTF-8 cut mid-character, tracks line numbers and byte offsets", () => {
    const text = '{"a":"é€"}\r\n{"b":"😀"}\n\n{"c":1}';
    const all = bytes(text);
    for (const step of [1, 2, 3, 5, all.length]) {
      const s = new LineSplitter();
      const lines = [];
      for (let i = 0; i < all.length; i += step) lines.push(...s.push(all.subarray(i, i + step)));
      expect(lines).toEqual([
        { text: '{"a":"é€"}', lineNumber: 1, offset: 0 },
        { text: '{"b":"😀"}', lineNumber: 2, offset: 15 },
        { text: "", lineNumber: 3, offset: 28 },
      ]);
      expect(s.end()).toEqual({ text: '{"c":1}', lineNumber: 4, offset: 29, possiblyTruncated: true });
    }
  });

  it("returns no last line when the input ends with a newline", () => {
    const s = new LineSplitter();
    expect(s.push(bytes("{}\n")).map((l) => l.text)).toEqual(["{}"]);
    expect(s.end()).toBeNull();
    expect(new LineSplitter().end()).toBeNull();
  });
});
