import { analyze as analyzeSources, type LogSource } from "../../src/analyze/index.js";
import { SparkmemError } from "../../src/conf/index.js";
import { groupFiles } from "./analyzeGroups.js";
import type { FromWorker, ToWorker } from "./analyzeMessages.js";

/**
 * The Analyze view's worker: reads the dropped files as streams through the CLI's own analyzeSources, so
 * a large log neither blocks the page nor has to fit in memory whole. Progress is posted at most every
 * 50 ms; the page cancels by terminating the worker.
 */
const post = (m: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(m);

async function* chunks(file: File): AsyncIterable<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

const oneLine = (e: unknown): string =>
  e instanceof SparkmemError
    ? e.oneLine()
    : e instanceof Error
      ? (e.message.split("\n")[0] ?? "")
      : String(e);

async function run(files: File[]): Promise<void> {
  const total = files.reduce((s, f) => s + f.size, 0);
  const groups = groupFiles(files);
  post({ type: "start", total, apps: groups.map((g) => g.files.map((f) => f.name)) });
  let done = 0;
  let last = 0;
  const onBytes = (n: number) => {
    done += n;
    const now = performance.now();
    if (now - last >= 50) {
      last = now;
      post({ type: "progress", done });
    }
  };
  for (const [index, g] of groups.entries()) {
    const names = g.files.map((f) => f.name);
    const before = done;
    try {
      const sources: LogSource[] = g.files.map((f) => ({ name: f.name, chunks: chunks(f) }));
      const report = await analyzeSources(sources, [...g.notes], onBytes);
      post({ type: "app", index, names, report });
    } catch (e) {
      post({ type: "app-error", index, names, message: oneLine(e) });
    }
    // a file not read to its end (a corrupt block) still counts as handled
    done = before + g.files.reduce((s, f) => s + f.size, 0);
    post({ type: "progress", done });
  }
  post({ type: "done", done: total });
}

self.addEventListener("message", (e: MessageEvent<ToWorker>) => {
  void run(e.data.files).catch((err: unknown) => post({ type: "fatal", message: oneLine(err) }));
});
