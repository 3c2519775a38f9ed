import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./support/fixtures.js";

/**
 * sparkmem fleet-read, the fleet job's reader on an executor (no Spark here): a manifest line, the order it
 * answers, then the files as frames. Its report is the one `sparkmem analyze --json` prints for the same files.
 */
const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const LOG = new URL("spark-events/application_1628109047826_1317105", FIXTURES).pathname;

interface Answer {
  order: number[];
  report: unknown;
  status: number | null;
  stderr: string;
}

/** Runs fleet-read: the manifest, then the files it asks for, in its order, in frames of `frame` bytes. */
function fleetRead(path: string, files: { name: string; bytes: Buffer }[], frame = 1000): Promise<Answer> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, "fleet-read"]);
    let out = "";
    let err = "";
    let order: number[] | null = null;
    p.stderr.on("data", (d) => {
      err += d;
    });
    p.stdout.on("data", (d) => {
      out += d;
      if (order === null && out.includes("\n")) {
        order = (JSON.parse(out.slice(0, out.indexOf("\n"))) as { order: number[] }).order;
        for (const i of order) {
          const b = (files[i] as { bytes: Buffer }).bytes;
          for (let at = 0; at < b.length; at += frame) {
            const part = b.subarray(at, at + frame);
            p.stdin.write(`${part.length}\n`);
            p.stdin.write(part);
          }
          p.stdin.write("0\n");
        }
        p.stdin.end();
      }
    });
    p.on("close", (status) => {
      const lines = out.trim().split("\n");
      resolve({
        order: order ?? [],
        report: lines[1] ? JSON.parse(lines[1]) : null,
        status,
        stderr: err,
      });
    });
    p.stdin.write(`${JSON.stringify({ path, files: files.map((f) => f.name) })}\n`);
  });
}

const analyzeJson = (path: string) =>
  JSON.parse(spawnSync(process.execPath, [BIN, "analyze", "--json", path], { encoding: "utf8" }).stdout);

const raw = (stdin: string | Buffer) =>
  spawnSync(process.execPath, [BIN, "fleet-read"], { input: stdin, encoding: "utf8" });

describe("sparkmem fleet-read", () => {
  it("a log in frames of 1000 bytes: the report analyze --json prints for the file", async () => {
    const a = await fleetRead(`file:${LOG}`, [
      { name: "application_1628109047826_1317105", bytes: readFileSync(LOG) },
    ]);
    expect([a.status, a.stderr]).toEqual([0, ""]);
    expect(a.order).toEqual([0]);
    expect(a.report).toEqual(analyzeJson(LOG));
  });

  it("a rolling directory listed out of order: sent in Spark's order, the report analyze gives the directory", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "sparkmem-fleetread-")), "eventlog_v2_app-1");
    mkdirSync(dir);
    const lines = readFileSync(LOG, "utf8").split("\n");
    const half = Math.floor(lines.length / 2);
    const files = [
      { name: "events_2_app-1", bytes: Buffer.from(`${lines.slice(half).join("\n")}`) },
      { name: "appstatus_app-1", bytes: Buffer.alloc(0) },
      { name: "events_1_app-1", bytes: Buffer.from(`${lines.slice(0, half).join("\n")}\n`) },
    ];
    for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
    const a = await fleetRead(dir, files, 4096);
    expect([a.status, a.stderr]).toEqual([0, ""]);
    // events_1 (listed third) first, then events_2; the appstatus file is not sent
    expect(a.order).toEqual([2, 0]);
    expect(a.report).toEqual(analyzeJson(dir));
  });

  it("bad input is one line naming where: the manifest, a frame's length, a stream cut inside a frame", () => {
    const manifest = JSON.stringify({ path: "/x/app-1", files: ["app-1"] });
    const cases: [string | Buffer, RegExp][] = [
      ["{}\n", /^sparkmem: stdin line 1: is not a fleet manifest; expected \{"path"/],
      [
        `${JSON.stringify({ path: "/x", files: ["a/b"] })}\n`,
        /^sparkmem: stdin line 1: is not a fleet manifest/,
      ],
      [
        `${manifest}\nten\n`,
        /^sparkmem: stdin at byte 38: "ten" is not a frame length; expected a byte count/,
      ],
      [`${manifest}\n99999999\n`, /^sparkmem: stdin at byte 38: "99999999" is not a frame length/],
      [`${manifest}\n100\n{"Event"`, /^sparkmem: stdin at byte \d+: ends inside a frame \(92 bytes short\)/],
      ["", /^sparkmem: stdin at byte 0: ends before the manifest/],
    ];
    for (const [input, error] of cases) {
      const r = raw(input);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(error);
    }
  });
});
