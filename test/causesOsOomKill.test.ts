import { describe, expect, it } from "vitest";
import { type Cause, type DiagnoseOptions, diagnose } from "../src/diagnose/index.js";

/**
 * os-oom-kill, whole: the kernel's texts (mm/oom_kill.c: "Killed process", the pre-4.x "Kill process … or
 * sacrifice child", "invoked oom-killer", the oom-kill summary), the cgroup variant that gets the model's
 * advice, and a bare exit code 137 that only counts when YARN or Kubernetes does not explain it.
 */
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const find = (lines: string[], opts?: DiagnoseOptions): Cause | undefined =>
  diagnose(lines.join("\n"), opts).causes.find((x) => x.id === "os-oom-kill");
const must = (lines: string[], opts?: DiagnoseOptions): Cause => {
  const c = find(lines, opts);
  expect(c, lines[0]).toBeDefined();
  return c as Cause;
};
const changes = (c: { changes: Cause["changes"] }) => c.changes.map(({ key, from, to }) => [key, from, to]);

describe("os-oom-kill: the kernel's own lines", () => {
  it("a machine-wide OOM: the victim's resident size, no change to propose", () => {
    const c = must([
      "[123.4] Out of memory: Killed process 4242 (java) total-vm:9000000kB, anon-rss:8388608kB, file-rss:0kB",
    ]);
    expect([c.title, c.process, c.confidence]).toEqual([
      "The kernel's OOM killer killed the process (8 GiB resident) — the node ran out of memory",
      "unknown",
      0.85,
    ]);
    expect([c.figures, c.changes, c.alternatives]).toEqual([{ usedBytes: 8 * GiB }, [], undefined]);
    expect(c.nextChecks).toHaveLength(2);
  });
  it("at a cgroup's limit (YARN's or a container's): the model's larger overhead for a 9 GiB resident executor", () => {
    const c = must(
      [
        "[123.4] Memory cgroup out of memory: Killed process 4242 (java) total-vm:9000000kB, anon-rss:9437184kB, file-rss:0kB, shmem-rss:0kB",
      ],
      { conf: { "spark.executor.memory": "8g" }, sparkVersion: "3.5.1", master: "yarn" },
    );
    expect(c.title).toBe("The kernel's OOM killer killed the process (9 GiB resident) at its cgroup's limit");
    expect(c.figures).toEqual({
      containerBytes: 9 * GiB,
      heapBytes: 8 * GiB,
      overheadBytes: 819 * MiB,
      recommendedContainerBytes: 10 * GiB,
      usedBytes: 9 * GiB,
    });
    expect(changes(c)).toEqual([["spark.executor.memoryOverhead", null, "2g"]]);
    expect(c.alternatives?.map((a) => changes(a))).toEqual([
      [
        ["spark.executor.memory", "8g", "6g"],
        ["spark.executor.memoryOverhead", null, "3g"],
      ],
      [
        ["spark.executor.memory", "8g", "9g"],
        ["spark.executor.memoryOverhead", null, "2g"],
      ],
    ]);
    expect(c.nextChecks).toHaveLength(2);
  });
  it("the pre-4.x text, 'invoked oom-killer' and a global constraint: the kernel's, without a size where none is printed", () => {
    for (const line of [
      "Out of memory: Kill process 4242 (java) score 900 or sacrifice child",
      "[1.2] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
    ]) {
      const c = must([line]);
      expect([c.title, c.confidence, c.figures]).toEqual([
        "The kernel's OOM killer killed the process — the node ran out of memory",
        0.85,
        {},
      ]);
    }
    expect(
      must([
        "Out of memory (oom_kill_allocating_task): Killed process 4242 (java) total-vm:9000000kB, anon-rss:1024kB",
      ]).figures,
    ).toEqual({
      usedBytes: MiB,
    });
  });
  it("a python victim (by name in the summary, or in the kill line) is the Python worker's, with no container advice", () => {
    const summary = must([
      "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/x,task_memcg=/x,task=python3,pid=77,uid=1000",
    ]);
    expect([summary.process, summary.title]).toEqual([
      "python-worker",
      "The kernel's OOM killer killed the Python worker — the node ran out of memory",
    ]);
    const cgroup = must(
      ["Memory cgroup out of memory: Killed process 77 (python3.11) total-vm:100kB, anon-rss:2048kB"],
      {
        conf: { "spark.executor.memory": "8g" },
        sparkVersion: "3.5.1",
        master: "yarn",
      },
    );
    expect([cgroup.process, cgroup.changes, cgroup.figures]).toEqual([
      "python-worker",
      [],
      { usedBytes: 2 * MiB },
    ]);
  });
  it("kills of two processes are two causes", () => {
    const causes = diagnose(
      [
        "Out of memory: Killed process 77 (python3) total-vm:100kB, anon-rss:2048kB",
        "Out of memory: Killed process 4242 (java) total-vm:100kB, anon-rss:4096kB",
      ].join("\n"),
    ).causes.filter((c) => c.id === "os-oom-kill");
    expect(causes.map((c) => [c.process, c.figures.usedBytes])).toEqual([
      ["python-worker", 2 * MiB],
      ["unknown", 4 * MiB],
    ]);
  });
});

describe("os-oom-kill: a bare exit code 137", () => {
  it("alone: SIGKILL, probably the kernel (0.5), the exit code as a figure", () => {
    const c = must([
      "Container killed on request. Exit code is 137",
      "Container exited with a non-zero exit code 137",
    ]);
    expect([c.title, c.confidence, c.figures, c.evidence.length]).toEqual([
      "The process was killed with SIGKILL (exit code 137) without a YARN or Kubernetes memory message — most likely the kernel's OOM killer",
      0.5,
      { exitCode: 137 },
      2,
    ]);
    expect(must(["Exit status: 137"]).figures).toEqual({ exitCode: 137 });
  });
  it("explained by YARN's physical or virtual check or by Kubernetes' OOMKilled: not this cause", () => {
    expect(
      find([
        "Container killed on request. Exit code is 137",
        "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used.",
      ]),
    ).toBeUndefined();
    expect(find(["exit code: 137", "termination reason: OOMKilled"])).toBeUndefined();
    expect(find(["Exit code is 1370"])).toBeUndefined();
  });
  it("but a kernel line beside YARN's message still is", () => {
    const c = must([
      "Out of memory: Killed process 4242 (java) total-vm:100kB, anon-rss:4096kB",
      "Container killed by YARN for exceeding physical memory limits. 9.4 GB of 9 GB physical memory used.",
    ]);
    expect(c.confidence).toBe(0.85);
  });
});
