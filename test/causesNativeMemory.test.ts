import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * native-memory, whole: HotSpot's hs_err header, its mmap/malloc report, os::commit_memory's warning and a
 * bare ENOMEM; the requested size, how sure each makes us, and whether the request is the heap's own commit.
 */
const GiB = 1024 ** 3;
const find = (lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = diagnose(lines.join("\n"), opts).causes.find((x) => x.id === "native-memory");
  expect(c, lines[0]).toBeDefined();
  return c as Cause;
};
const YARN_8G = { conf: { "spark.executor.memory": "8g" }, sparkVersion: "3.5.1", master: "yarn" };
const AT_START = "The request is about the heap's size: the JVM could not commit its heap at start-up.";
const commit = (bytes: number) =>
  `OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00000006c0000000, ${bytes}, 0) failed; error='Cannot allocate memory' (errno=12)`;

describe("native-memory", () => {
  it("hs_err's mmap failure: the size, 0.85, the header and the report as evidence, no setting to change", () => {
    const c = find([
      "# There is insufficient memory for the Java Runtime Environment to continue.",
      "# Native memory allocation (mmap) failed to map 8589934592 bytes for committing reserved memory.",
    ]);
    expect([c.title, c.process, c.confidence, c.figures, c.changes, c.evidence.length]).toEqual([
      "The operating system refused memory to the JVM (8 GiB requested) — the node is over-committed",
      "unknown",
      0.85,
      { requestedBytes: 8 * GiB },
      [],
      2,
    ]);
    expect(c.nextChecks).toHaveLength(2);
  });
  it("a malloc of 32744 bytes is not the heap's commit", () => {
    const c = find(
      ["# Native memory allocation (malloc) failed to allocate 32744 bytes for ChunkPool::allocate"],
      YARN_8G,
    );
    expect(c.figures).toEqual({ requestedBytes: 32744 });
    expect(c.title).toBe(
      "The operating system refused memory to the JVM (32.0 KiB requested) — the node is over-committed",
    );
    expect(c.explanation).not.toContain(AT_START);
  });
  it("commit_memory of half the 8g heap or more is the heap's own commit at start-up; one byte less is not", () => {
    expect(find([commit(4 * GiB)], YARN_8G).explanation).toContain(AT_START);
    expect(find([commit(4 * GiB - 1)], YARN_8G).explanation).not.toContain(AT_START);
    expect(find([commit(4 * GiB)]).explanation).not.toContain(AT_START);
    expect(find([commit(4 * GiB)], YARN_8G).figures).toEqual({ requestedBytes: 4 * GiB });
  });
  it("a bare ENOMEM (a process that could not fork) is weak evidence (0.5); hs_err's header alone is not", () => {
    const fork = find(['java.io.IOException: Cannot run program "bash": error=12, Cannot allocate memory']);
    expect([fork.confidence, fork.figures]).toEqual([0.5, {}]);
    expect(fork.title).toBe("The operating system refused memory to the JVM — the node is over-committed");
    expect(
      find(["# There is insufficient memory for the Java Runtime Environment to continue."]).confidence,
    ).toBe(0.85);
  });
  it("the driver's refusal names the driver", () => {
    const c = find(['Exception in thread "main" java.io.IOException: error=12, Cannot allocate memory']);
    expect(c.process).toBe("driver");
    expect(c.title).toMatch(/^The operating system refused memory to the driver/);
  });
});
