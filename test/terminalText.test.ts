import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { terminalLine, terminalText } from "../src/cli/terminalText.js";
import { FIXTURES } from "./support/fixtures.js";

const BIN = new URL("../dist/cli/main.js", import.meta.url).pathname;
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("text from the input cannot drive the terminal", () => {
  it("control characters are shown, the layout's newlines and tabs kept", () => {
    expect(terminalText("a\x1b[2Jb\rc\x07\n\td\x7f\x9b")).toBe("a\\x1b[2Jb\\x0dc\\x07\n\td\\x7f\\x9b");
    expect(terminalText("\x1b]0;title\x07")).toBe("\\x1b]0;title\\x07");
    expect(terminalText("x\u202Eevil\u2066")).toBe("x\\u202Eevil\\u2066");
  });

  it("our colour (SGR) passes only when colour is on", () => {
    expect(terminalText("\x1b[31mred\x1b[0m", true)).toBe("\x1b[31mred\x1b[0m");
    expect(terminalText("\x1b[31mred\x1b[0m")).toBe("\\x1b[31mred\\x1b[0m");
    expect(terminalText("\x1b[2J", true)).toBe("\\x1b[2J"); // not colour: escaped even then
  });

  it("an error stays on one line", () => {
    expect(terminalLine('spark.app.name: "a\nb\tc" is bad')).toBe('spark.app.name: "a\\x0ab\\x09c" is bad');
  });

  it("analyze: an application name with ESC sequences is printed escaped", () => {
    const src = readFileSync(new URL("spark-events/application_1553914137147_0018", FIXTURES), "utf8");
    const lines = src
      .split("\n")
      .map((l) =>
        l.startsWith('{"Event":"SparkListenerApplicationStart"')
          ? l.replace(/"App Name":"[^"]*"/, '"App Name":"\\u001b[2J\\u001b]0;pwned\\u0007app\\r"')
          : l,
      );
    const path = join(mkdtempSync(join(tmpdir(), "sparkmem-esc-")), "app.log");
    writeFileSync(path, lines.join("\n"));
    const r = run(["analyze", path]);
    expect(r.status).toBe(0);
    expect([...r.stdout].filter((c) => "\x1b\x07\r".includes(c))).toEqual([]);
    expect(r.stdout.split("\n")[0]).toMatch(/^\\x1b\[2J\\x1b\]0;pwned\\x07app\\x0d /);
  });

  it("a flag value with a newline or ESC: the error is one line, escaped", () => {
    const r = run([
      "explain",
      "--spark-version",
      "3.5.1",
      "--master",
      "yarn",
      "--executor-memory",
      "4\n\x1b[2Jg",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("4\\x0a\\x1b[2Jg");
    expect(r.stderr).not.toContain("\x1b");
  });
});
