import {
  type AdviceChange,
  type AdviseReport,
  advise,
  type CountEvidence,
  type Evidence,
  GOALS,
  type Goal,
} from "../../src/advise/index.js";
import type { AnalyzeReport } from "../../src/analyze/index.js";
import { bytesToString, changeOf, SparkmemError } from "../../src/conf/index.js";
import type { ProcessLayout } from "../../src/model/index.js";
import { evidenceWhere, rows } from "../../src/report/index.js";
import type { FromWorker, ToWorker } from "./analyzeMessages.js";
import { confLines } from "./apply.js";
import { facts } from "./cards.js";
import { drawProcess } from "./diagram.js";
import { processTree } from "./regions.js";
import { h } from "./view.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const b = (v: number | null) => (v === null ? "none" : bytesToString(v));
/** An error as one line: the core's own (SparkmemError), else the first line of the message. */
const oneLine = (e: unknown) =>
  e instanceof SparkmemError ? e.oneLine() : String(e instanceof Error ? e.message : e).split("\n")[0];

/**
 * The changes as spark-submit flags: `--conf key=value`, each as a Change written by the page's confLines
 * (as Lint and Diagnose show theirs), continued with backslashes so they paste into a command. A removal has
 * no flag: it is a comment, as `sparkmem advise --format spark-submit` writes it.
 */
function flagsText(changes: readonly AdviceChange[]): string {
  const all = changes.map((c) => changeOf(null, c.key, c.to, c.why));
  const removed = all.filter((c) => c.to === null).map((c) => `# remove ${c.key} (Spark's default applies)`);
  const set = confLines(all.filter((c) => c.to !== null)).join(" \\\n");
  return [...removed, ...(set ? [set] : [])].join("\n");
}

/** "JVMHeapMemory: 939.1 MiB (984736560 bytes), executor 1, stage 3, log 2". */
function evidenceText(e: Evidence | CountEvidence, logs: number): string {
  const value = "bytes" in e ? `${bytesToString(e.bytes)} (${e.bytes} bytes)` : String(e.count);
  return `${e.metric}: ${value}, ${evidenceWhere(e, logs)}`;
}

function changeCard(c: AdviceChange, logs: number): HTMLElement {
  const li = h("li", undefined, "card info advise-change");
  Object.assign(li.dataset, { key: c.key, process: c.process, from: c.from ?? "", to: c.to ?? "" });
  li.append(
    h("h4", `${c.key}: ${c.from ?? "(not set)"} → ${c.to ?? "(removed: Spark's default)"}`),
    h("p", c.why, "why"),
  );
  if (c.evidence.length) {
    const ul = h("ul", undefined, "notes evidence");
    for (const e of c.evidence) {
      const item = h("li", evidenceText(e, logs));
      Object.assign(
        item.dataset,
        "bytes" in e
          ? { metric: e.metric, bytes: String(e.bytes) }
          : { metric: e.metric, count: String(e.count) },
      );
      ul.append(item);
    }
    li.append(ul);
  }
  return li;
}

/** A layout field's bytes, for a row rows() leaves out where it repeats another (granted = requested). */
function fieldBytes(p: ProcessLayout, field: string | undefined): number | null {
  const v = field === undefined ? null : (p as unknown as Record<string, unknown>)[field];
  return typeof v === "number" ? v : null;
}

/** Both layouts of a process, row by row: each size as Spark prints it and in exact bytes. */
function compareTable(a: ProcessLayout, c: ProcessLayout): HTMLElement {
  const t = h("table", undefined, "numbers");
  const head = t.createTHead().insertRow();
  for (const x of ["", "current", "bytes", "advised", "bytes"]) head.append(h("th", x));
  const body = t.createTBody();
  const [ra, rc] = [rows(a), rows(c)];
  for (const label of new Set([...ra, ...rc].map((r) => r.label))) {
    const [x, y] = [ra, rc].map((rs) => rs.find((r) => r.label === label));
    const field = x?.field ?? y?.field;
    const tr = body.insertRow();
    if (field) tr.dataset.field = field;
    const th = h("th", label.trim());
    th.scope = "row";
    tr.append(th);
    for (const [side, p, r] of [
      ["current", a, x],
      ["advised", c, y],
    ] as const) {
      const bytes = r ? r.bytes : fieldBytes(p, field);
      const td = h("td", r?.human ?? (bytes === null ? "-" : bytesToString(bytes)));
      td.dataset.side = side;
      if (bytes !== null) td.dataset.bytes = String(bytes);
      tr.append(td, h("td", bytes === null ? "" : String(bytes), "bytes"));
    }
  }
  const wrap = h("div", undefined, "table-scroll");
  wrap.append(t);
  return wrap;
}

/**
 * The Advise view: the logs of one job are read by the Analyze view's worker (analyzeWorker.ts, the CLI's
 * analyzeSources), and the reports advised here with the CLI's advise(): it is quick, so a new goal is
 * advised again from the reports already read. Every text from a log is set with textContent.
 */
export class AdviseView {
  private readonly drop = $<HTMLElement>("advise-drop");
  private readonly input = $<HTMLInputElement>("advise-files");
  private readonly goal = $<HTMLSelectElement>("advise-goal");
  private readonly status = $<HTMLElement>("advise-status");
  private readonly error = $<HTMLElement>("advise-error");
  private readonly out = $<HTMLElement>("advise-result");
  private readonly layouts = h("div", undefined, "advise-layouts");
  private worker: Worker | null = null;
  private reports: AnalyzeReport[] = [];
  private result: AdviseReport | null = null;
  private drawnWidth = 0;
  private total = 0;

  constructor() {
    for (const g of GOALS) this.goal.append(new Option(g, g, false, g === "balanced"));
    this.goal.addEventListener("change", () => this.advise());
    this.input.addEventListener("change", () => {
      if (this.input.files?.length) this.start([...this.input.files]);
    });
    // as the Analyze view's drop zone: dragover cancelled so that the browser allows the drop
    for (const type of ["dragover", "dragleave", "drop"] as const)
      this.drop.addEventListener(type, (e) => {
        e.preventDefault();
        this.drop.classList.toggle("over", type === "dragover");
        const files = type === "drop" ? e.dataTransfer?.files : undefined;
        if (files?.length) this.start([...files]);
      });
    // the drawings are to scale of the width they have: drawn again when it changes (or the tab is shown)
    new ResizeObserver(() => {
      if (this.out.clientWidth !== this.drawnWidth) this.drawLayouts();
    }).observe(this.out);
    this.out.replaceChildren(h("p", "No log read yet.", "hint"));
  }

  show(): void {}

  private start(files: File[]): void {
    this.worker?.terminate();
    this.reports = [];
    this.result = null;
    this.error.replaceChildren();
    this.out.replaceChildren();
    this.say("reading", `Reading ${files.length} file${files.length === 1 ? "" : "s"}…`);
    const w = new Worker(new URL("./analyzeWorker.ts", import.meta.url), { type: "module" });
    this.worker = w;
    w.addEventListener("message", (e: MessageEvent<FromWorker>) => {
      if (this.worker === w) this.onMessage(e.data);
    });
    w.addEventListener("error", (e) => {
      if (this.worker === w) this.finish(`The reader stopped: ${e.message || "worker error"}`);
    });
    w.postMessage({ files } satisfies ToWorker);
  }

  private onMessage(m: FromWorker): void {
    if (m.type === "start") this.total = m.total;
    else if (m.type === "progress") this.say("reading", `Reading: ${b(m.done)} of ${b(this.total)}`);
    else if (m.type === "app") this.reports.push(m.report);
    else if (m.type === "app-error") this.fail(m.message);
    else if (m.type === "fatal") this.finish(m.message);
    else if (m.type === "done") {
      this.finish(null);
      this.advise();
    }
  }

  private finish(fatal: string | null): void {
    this.worker?.terminate();
    this.worker = null;
    if (fatal) this.fail(fatal);
    this.say("done", `Read ${this.reports.length} log${this.reports.length === 1 ? "" : "s"}.`);
  }

  private say(state: string, text: string): void {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  /** One line per log that could not be read or advised on: the core's message, as the CLI prints it. */
  private fail(message: string): void {
    this.error.append(h("p", message, "app-error"));
  }

  /** The reports read so far, advised with the chosen goal; the one-line error if the core refuses them. */
  private advise(): void {
    if (this.worker) return; // still reading: advised when done, with the goal chosen by then
    this.error.querySelector(".advise-refused")?.remove();
    if (this.reports.length === 0) {
      this.out.replaceChildren(h("p", "No event log to advise on.", "hint"));
      return;
    }
    try {
      const r = advise(this.reports, { goal: this.goal.value as Goal });
      this.result = r;
      this.render(r);
    } catch (e) {
      this.result = null;
      this.out.replaceChildren();
      this.error.append(h("p", oneLine(e), "app-error advise-refused"));
    }
  }

  private render(r: AdviseReport): void {
    const a = r.application;
    const head = h(
      "p",
      `${a.name ?? "(no name)"} (${a.id ?? "no id"}) · Spark ${a.sparkVersion ?? "?"} · ${a.logs} log${a.logs === 1 ? "" : "s"} · goal ${r.goal} · confidence ${r.confidence}`,
      "summary",
    );
    head.dataset.confidence = r.confidence;
    const changes = h("ul", undefined, "cards");
    for (const c of r.changes) changes.append(changeCard(c, a.logs));
    if (!r.changes.length)
      changes.append(h("li", "No change: every setting with evidence is where its peaks put it.", "card"));
    this.out.replaceChildren(head, h("h3", "Changes"), changes);
    if (r.changes.length) this.out.append(this.flags(r.changes));
    this.out.append(h("h3", "Layouts, current and advised, to scale"), this.layouts);
    this.drawLayouts();
    this.out.append(h("h3", "Effect"), this.effect(r));
    if (r.notes.length) {
      const ul = h("ul", undefined, "notes");
      for (const n of r.notes) ul.append(h("li", n));
      this.out.append(h("h3", "Notes"), ul);
    }
  }

  /** The flags in a <pre>, and a button that copies them; where the clipboard is refused, the text is there to select. */
  private flags(changes: readonly AdviceChange[]): HTMLElement {
    const box = h("div", undefined, "fix");
    const pre = h("pre", flagsText(changes));
    pre.id = "advise-flags";
    const button = Object.assign(h("button", "Copy as flags"), { type: "button" });
    const said = h("span", undefined, "hint");
    said.setAttribute("aria-live", "polite");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(pre.textContent ?? "");
        said.textContent = "Copied.";
      } catch {
        said.textContent = "The clipboard is not available here: select the flags to copy them.";
      }
    });
    box.append(pre, button, said);
    return box;
  }

  /** Each process's two layouts side by side, widths to one scale (the larger container fills its column). */
  private drawLayouts(): void {
    const r = this.result;
    this.drawnWidth = this.out.clientWidth;
    this.layouts.replaceChildren();
    if (!r) return;
    for (const role of ["executor", "driver"] as const) {
      const [cur, adv] = [r.current[role], r.advised[role]];
      if (!cur || !adv) continue;
      const sec = h("section", undefined, "process");
      sec.dataset.process = role;
      const title = role === "executor" ? "Executor (each)" : "Driver";
      sec.append(h("h4", title));
      const pair = h("div", undefined, "advise-pair");
      sec.append(pair, compareTable(cur, adv));
      this.layouts.append(sec);
      const trees = [processTree(cur), processTree(adv)];
      const scale = Math.max(...trees.map((t) => t.bytes), 1);
      const charts = trees.map((tree, i) => {
        const side = i === 0 ? "current" : "advised";
        const fig = h("figure");
        fig.dataset.side = side;
        const chart = h("div", undefined, "chart");
        fig.append(h("figcaption", `${side}: ${bytesToString(tree.bytes)} (${tree.bytes} bytes)`), chart);
        pair.append(fig);
        return { tree, side, chart };
      });
      // measured with both columns in place; hidden (another tab shown), drawn when it gets a width
      for (const { tree, side, chart } of charts) {
        const width = Math.floor((chart.clientWidth * tree.bytes) / scale);
        if (width > 0) chart.append(drawProcess(tree, width, `${title}, ${side}`, () => {}));
      }
    }
  }

  private effect(r: AdviseReport): HTMLElement {
    const pairs: [string, string][] = [];
    const fromTo = (x: number | null, y: number | null) => `${b(x)} → ${b(y)}`;
    for (const role of ["executor", "driver"] as const) {
      const e = r.effect[role];
      if (!e) continue;
      pairs.push([`${role} heap`, fromTo(e.heapBytes.from, e.heapBytes.to)]);
      if (e.containerBytes.from !== null || e.containerBytes.to !== null)
        pairs.push([`${role} container`, fromTo(e.containerBytes.from, e.containerBytes.to)]);
    }
    const hours = r.effect.executorGibHours;
    const held = hours
      ? `${hours.from.toFixed(2)} → ${hours.to.toFixed(2)} GiB-hours (${(hours.to - hours.from).toFixed(2)})`
      : "unknown (the executors' lifetimes are not in the log)";
    const dl = facts([...pairs, ["executor memory over the run", held], ["confidence", r.confidence]]);
    dl.classList.add("advise-effect");
    if (hours) Object.assign(dl.dataset, { gibHoursFrom: String(hours.from), gibHoursTo: String(hours.to) });
    return dl;
  }
}
