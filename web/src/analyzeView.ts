import type { AnalyzeReport, ExpectedProcess, StageSummary } from "../../src/analyze/index.js";
import { bytesToString } from "../../src/conf/index.js";
import { memoryChart, stageChart, stageLabel, taskMemoryPlot } from "./analyzeCharts.js";
import type { FromWorker, ToWorker } from "./analyzeMessages.js";
import { facts } from "./cards.js";
import { h } from "./view.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const b = (v: number) => bytesToString(v);
const ms = (v: number) => (v >= 60_000 ? `${(v / 60_000).toFixed(1)} min` : `${(v / 1000).toFixed(1)} s`);

function expectedText(p: ExpectedProcess): string {
  const parts = [`heap ${b(p.heapBytes)} (unified ${b(p.unifiedBytes)})`];
  if (p.offHeapBytes > 0) parts.push(`off-heap ${b(p.offHeapBytes)}`);
  if (p.overheadBytes > 0) parts.push(`overhead ${b(p.overheadBytes)}`);
  if (p.pysparkBytes > 0) parts.push(`PySpark ${b(p.pysparkBytes)}`);
  if (p.containerAllocatedBytes !== null) parts.push(`container ${b(p.containerAllocatedBytes)}`);
  return parts.join(", ");
}

function topStages(stages: StageSummary[], by: (s: StageSummary) => number, n = 3): StageSummary[] {
  return [...stages]
    .filter((s) => by(s) > 0)
    .sort((x, y) => by(y) - by(x))
    .slice(0, n);
}

/**
 * The Analyze view: event logs dropped or chosen are read in a module worker (analyzeWorker.ts) by the
 * CLI's analyzeSources; the page shows progress, can cancel (terminating the worker), and renders each
 * application's report as DOM and SVG. Every text from the log is set with textContent.
 */
export class AnalyzeView {
  private readonly drop = $<HTMLElement>("analyze-drop");
  private readonly input = $<HTMLInputElement>("analyze-files");
  private readonly progressBox = $<HTMLElement>("analyze-progress");
  private readonly bar = $<HTMLProgressElement>("analyze-bar");
  private readonly bytes = $<HTMLElement>("analyze-bytes");
  private readonly cancelButton = $<HTMLButtonElement>("analyze-cancel");
  private readonly status = $<HTMLElement>("analyze-status");
  private readonly error = $<HTMLElement>("analyze-error");
  private readonly out = $<HTMLElement>("analyze-result");
  private worker: Worker | null = null;
  private total = 0;
  private done = 0;

  constructor() {
    this.input.addEventListener("change", () => {
      if (this.input.files?.length) this.start([...this.input.files]);
    });
    this.drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      this.drop.classList.add("over");
    });
    this.drop.addEventListener("dragleave", () => this.drop.classList.remove("over"));
    this.drop.addEventListener("drop", (e) => {
      e.preventDefault();
      this.drop.classList.remove("over");
      const files = e.dataTransfer?.files;
      if (files?.length) this.start([...files]);
    });
    this.cancelButton.addEventListener("click", () => this.cancel());
    this.out.replaceChildren(h("p", "No log read yet.", "hint"));
  }

  show(): void {}

  private start(files: File[]): void {
    this.stop();
    this.total = files.reduce((s, f) => s + f.size, 0);
    this.done = 0;
    this.error.textContent = "";
    this.out.replaceChildren();
    this.status.textContent = `Reading ${files.length} file${files.length === 1 ? "" : "s"}…`;
    this.progressBox.hidden = false;
    this.cancelButton.hidden = false;
    this.setProgress(0);
    const w = new Worker(new URL("./analyzeWorker.ts", import.meta.url), { type: "module" });
    this.worker = w;
    w.addEventListener("message", (e: MessageEvent<FromWorker>) => {
      if (this.worker === w) this.onMessage(e.data);
    });
    w.addEventListener("error", (e) => {
      if (this.worker !== w) return;
      this.stop();
      this.error.textContent = `The reader stopped: ${e.message || "worker error"}`;
      this.status.textContent = "";
    });
    w.postMessage({ files } satisfies ToWorker);
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.cancelButton.hidden = true;
  }

  private cancel(): void {
    if (!this.worker) return;
    this.stop();
    this.status.textContent = `Cancelled after ${b(this.done)} of ${b(this.total)}; the rest was not read.`;
    this.status.dataset.state = "cancelled";
  }

  private setProgress(done: number): void {
    this.done = done;
    this.bar.max = Math.max(this.total, 1);
    this.bar.value = Math.min(done, this.bar.max);
    this.bar.dataset.done = String(done);
    this.bar.dataset.total = String(this.total);
    const text = `${b(done)} of ${b(this.total)}`;
    this.bar.setAttribute("aria-valuetext", text);
    this.bytes.textContent = text;
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case "start":
        this.total = m.total;
        this.status.dataset.state = "reading";
        this.status.textContent = `Reading ${m.apps.length} application${m.apps.length === 1 ? "" : "s"}…`;
        break;
      case "progress":
        this.setProgress(m.done);
        break;
      case "app":
        this.out.append(this.report(m.report, m.names));
        break;
      case "app-error": {
        const p = h("p", `${m.names.join(", ")}: ${m.message}`, "view-error app-error");
        this.out.append(p);
        break;
      }
      case "done":
        this.setProgress(m.done);
        this.stop();
        this.status.dataset.state = "done";
        this.status.textContent = `Read ${b(m.done)}.`;
        break;
      case "fatal":
        this.stop();
        this.status.textContent = "";
        this.error.textContent = m.message;
        break;
    }
  }

  /** One application's report: the CLI's text report's sections, as DOM and charts. */
  private report(r: AnalyzeReport, names: string[]): HTMLElement {
    const a = r.application;
    const sec = h("section", undefined, "app-report");
    if (a.id) sec.dataset.appId = a.id;
    sec.setAttribute("aria-label", `Application ${a.name ?? a.id ?? names.join(", ")}`);
    const title = h("h3", a.name ?? "(no name)", "app-name");
    sec.append(title);
    sec.append(
      h(
        "p",
        `${a.id ?? "(no id)"} · Spark ${a.sparkVersion ?? "?"} · master ${a.master ?? "?"}${a.deployMode ? ` (${a.deployMode})` : ""} · Java ${a.javaVersion ?? "?"}` +
          (a.startTimeMs !== null && a.endTimeMs !== null
            ? ` · ran ${ms(a.endTimeMs - a.startTimeMs)}`
            : "") +
          (a.completed ? "" : " · INCOMPLETE"),
        "where",
      ),
    );
    const completed = r.stages.reduce((s, x) => s + x.numCompleteTasks, 0);
    const failed = r.stages.reduce((s, x) => s + x.numFailedTasks, 0);
    const dl = facts([
      [
        "Files",
        r.input.files
          .map(
            (f) =>
              `${f.name} (${f.codec === "none" ? "uncompressed" : (f.codec ?? "?")}, ${b(f.compressedBytes)})`,
          )
          .join(", "),
      ],
      ["Executors", String(r.executors.filter((e) => e.id !== "driver").length)],
      ["Jobs", String(r.jobs.length)],
      ["Stages", String(r.stages.length)],
      ["Completed tasks", String(completed)],
      ["Failed tasks", String(failed)],
    ]);
    const dd = dl.querySelectorAll("dd");
    (dd[4] as HTMLElement).dataset.completedTasks = String(completed);
    (dd[5] as HTMLElement).dataset.failedTasks = String(failed);
    sec.append(dl);

    sec.append(h("h4", "Memory: allocated against peak"));
    if ("unavailable" in r.memory)
      sec.append(h("p", `Expected layout unavailable: ${r.memory.unavailable}`, "hint"));
    else {
      const { expected } = r.memory;
      sec.append(
        h(
          "p",
          `Expected (sparkmem explain on the log's settings, ${expected.clusterManager}): ` +
            [
              expected.executor && `executor ${expectedText(expected.executor)}`,
              `driver ${expectedText(expected.driver)}`,
            ]
              .filter(Boolean)
              .join(" · "),
        ),
        memoryChart(r.memory.executors),
        h("p", `Unused memory over the executors' lifetimes: ${r.memory.wasteGibHours.toFixed(2)} GiB-hours`),
      );
    }
    sec.append(h("h4", "Executors: peak metrics"), this.executorTable(r));

    sec.append(h("h4", "Stages: spill and GC share"), stageChart(r.stages));
    const top = h("ul", undefined, "top-stages");
    const add = (kind: string, s: StageSummary, text: string) => {
      const li = h("li", `${kind} ${stageLabel(s)}: ${text}`);
      li.dataset.kind = kind;
      li.dataset.stage = `${s.stageId}.${s.attemptId}`;
      top.append(li);
    };
    for (const s of topStages(r.stages, (s) => s.memoryBytesSpilled + s.diskBytesSpilled))
      add("spill", s, `${b(s.memoryBytesSpilled)} memory, ${b(s.diskBytesSpilled)} disk`);
    for (const s of topStages(r.stages, (s) => s.gcTimeShare ?? 0))
      add("GC", s, `${Math.round((s.gcTimeShare ?? 0) * 100)}% of task time`);
    for (const s of topStages(r.stages, (s) => s.skew ?? 0))
      add("skew", s, `longest task ${(s.skew ?? 0).toFixed(1)}× the median`);
    if (top.childElementCount === 0) top.append(h("li", "no spill, GC time or skew recorded"));
    sec.append(top);

    sec.append(h("h4", "Task peak execution memory"), this.taskMemory(r.stages));

    sec.append(h("h4", "Failures"));
    const fl = h("ul", undefined, "failures");
    for (const f of r.failures.slice(0, 10)) {
      const li = h(
        "li",
        `${f.kind} ${f.count > 1 ? `${f.count}× ` : ""}${f.text.split("\n")[0]?.slice(0, 300) ?? ""}`,
      );
      li.dataset.kind = f.kind;
      fl.append(li);
    }
    if (r.failures.length === 0) fl.append(h("li", "none"));
    else if (r.failures.length > 10) fl.append(h("li", `${r.failures.length - 10} more`));
    sec.append(fl);
    if (r.warnings.length > 0) {
      const ul = h("ul", undefined, "notes");
      for (const w of r.warnings) ul.append(h("li", w));
      sec.append(h("h4", "Notes"), ul);
    }
    return sec;
  }

  /** Each executor's History Server figures, its peak metrics by name with the exact values. */
  private executorTable(r: AnalyzeReport): HTMLElement {
    const list = h("ul", undefined, "executors");
    for (const e of r.executors) {
      const li = h("li", undefined, "executor");
      li.dataset.executor = e.id;
      li.dataset.active = String(e.isActive);
      const who = e.id === "driver" ? "driver" : `executor ${e.id}`;
      li.append(
        h(
          "p",
          `${who}${e.hostPort ? ` · ${e.hostPort}` : ""} · ${e.totalCores} cores · ${e.completedTasks} tasks done, ${e.failedTasks} failed · GC ${ms(e.totalGCTime)} of ${ms(e.totalDuration)}${e.isActive ? "" : " · removed"}${e.removeReason ? `: ${e.removeReason}` : ""}`,
          "executor-line",
        ),
      );
      const m = e.peakMemoryMetrics;
      if (m) {
        const d = h("details");
        d.append(h("summary", `Peak metrics of ${who}`));
        const dl = h("dl", undefined, "facts metrics");
        for (const [name, v] of Object.entries(m)) {
          const dd = h("dd", /Memory$/.test(name) ? `${b(v)} (${v} bytes)` : String(v));
          dd.dataset.metric = name;
          dd.dataset.value = String(v);
          if (/Memory$/.test(name)) dd.dataset.bytes = String(v);
          dl.append(h("dt", name), dd);
        }
        d.append(dl);
        li.append(d);
      }
      list.append(li);
    }
    return list;
  }

  /** A <select> of the stages with task figures, and the chosen one's distribution. */
  private taskMemory(stages: StageSummary[]): HTMLElement {
    const box = h("div", undefined, "task-memory-box");
    const withTasks = stages.filter((s) => s.taskPeakExecutionMemoryBytes !== null);
    if (withTasks.length === 0) {
      box.append(h("p", "No task reported its peak execution memory.", "hint"));
      return box;
    }
    const id = `task-stage-${Math.random().toString(36).slice(2, 8)}`;
    const label = h("label", "Stage");
    label.htmlFor = id;
    const select = h("select", undefined, "task-stage");
    select.id = id;
    withTasks.forEach((s, i) => {
      const o = h("option", `${stageLabel(s)} ${s.name}`.slice(0, 120));
      o.value = String(i);
      select.append(o);
    });
    let best = 0;
    withTasks.forEach((s, i) => {
      if (
        (s.taskPeakExecutionMemoryBytes?.[4] ?? 0) > (withTasks[best]?.taskPeakExecutionMemoryBytes?.[4] ?? 0)
      )
        best = i;
    });
    select.value = String(best);
    const plot = h("div");
    const draw = () => {
      const s = withTasks[Number(select.value)] as StageSummary;
      plot.replaceChildren(
        taskMemoryPlot(
          s,
          s.taskPeakExecutionMemoryBytes as NonNullable<StageSummary["taskPeakExecutionMemoryBytes"]>,
        ),
      );
    };
    select.addEventListener("change", draw);
    draw();
    const field = h("div", undefined, "field");
    field.append(label, select);
    box.append(field, plot);
    return box;
  }
}
