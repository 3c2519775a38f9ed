import type { ExecutorMemoryUse, Quantiles, StageSummary } from "../../src/analyze/index.js";
import { bytesToString } from "../../src/conf/index.js";
import { h } from "./view.js";

/**
 * The Analyze view's charts, our own SVG: each bar row is an HTML label, an SVG track scaled to the chart's
 * largest value (viewBox 0–1000, stretched to the row's width, no text inside, so labels stay readable on a
 * phone) and the figure as text. Every mark has a <title> and its exact value in data-bytes / data-value.
 */
const NS = "http://www.w3.org/2000/svg";
const W = 1000;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  title?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (title !== undefined) {
    const t = document.createElementNS(NS, "title");
    t.textContent = title;
    e.append(t);
  }
  return e;
}

const scale = (v: number, max: number) => (max > 0 ? Math.max(0, Math.min(W, (v / max) * W)) : 0);
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;

interface Mark {
  value: number;
  cls: string;
  title: string;
  attrs: Record<string, string>;
  /** Thinner, drawn over the previous mark (a peak over its allocation). */
  inner?: boolean;
}

function barRow(label: string, marks: Mark[], max: number, text: string, field: string): HTMLElement {
  const row = h("div", undefined, "chart-row");
  row.dataset.field = field;
  const track = svg("svg", {
    viewBox: `0 0 ${W} 20`,
    preserveAspectRatio: "none",
    role: "img",
    "aria-label": `${label}: ${text}`,
    class: "track",
  });
  track.append(svg("rect", { x: 0, y: 0, width: W, height: 20, class: "bg" }));
  for (const m of marks) {
    const r = svg(
      "rect",
      { x: 0, y: m.inner ? 5 : 0, width: scale(m.value, max), height: m.inner ? 10 : 20, class: m.cls },
      m.title,
    );
    for (const [k, v] of Object.entries(m.attrs)) r.setAttribute(k, v);
    track.append(r);
  }
  row.append(h("span", label, "chart-label"), track, h("span", text, "chart-value"));
  return row;
}

const b = (v: number) => bytesToString(v);

/** Allocated (explain on the log's settings) against the peak each executor reported, per kind of memory. */
export function memoryChart(executors: readonly ExecutorMemoryUse[]): HTMLElement {
  const box = h("div", undefined, "chart memory-chart");
  const kinds = (e: ExecutorMemoryUse) =>
    (
      [
        ["heap", "Heap", e.heapAllocatedBytes, e.heapPeakBytes],
        ["offHeap", "Off-heap", e.offHeapAllocatedBytes, e.offHeapPeakBytes],
        ["container", "Container RSS", e.containerBytes, e.rssPeakBytes],
        ["python", "Python", e.pysparkAllocatedBytes, e.pythonRssPeakBytes],
      ] as const
    ).filter(([k, , alloc, peak]) => k === "heap" || (alloc ?? 0) > 0 || (peak ?? 0) > 0);
  let max = 0;
  for (const e of executors)
    for (const [, , alloc, peak] of kinds(e)) max = Math.max(max, alloc ?? 0, peak ?? 0);
  for (const e of executors) {
    const who = e.id === "driver" ? "driver" : `executor ${e.id}`;
    const group = h("div", undefined, "chart-group");
    group.dataset.executor = e.id;
    group.append(h("h5", who));
    for (const [k, name, alloc, peak] of kinds(e)) {
      const marks: Mark[] = [];
      if (alloc !== null)
        marks.push({
          value: alloc,
          cls: "allocated",
          title: `${who} ${name} allocated: ${b(alloc)} (${alloc} bytes)`,
          attrs: { "data-kind": "allocated", "data-bytes": String(alloc) },
        });
      if (peak !== null)
        marks.push({
          value: peak,
          cls: alloc !== null && peak > alloc ? "peak over" : "peak",
          title: `${who} ${name} peak: ${b(peak)} (${peak} bytes)`,
          attrs: { "data-kind": "peak", "data-bytes": String(peak) },
          inner: true,
        });
      const text =
        peak === null
          ? `${alloc === null ? "not allocated" : `${b(alloc)} allocated`}, no peak in the log`
          : alloc === null || alloc === 0
            ? `peak ${b(peak)}, no allocation modelled`
            : `peak ${b(peak)} of ${b(alloc)} (${pct(peak, alloc)})`;
      group.append(barRow(name, marks, max, text, k));
    }
    box.append(group);
  }
  box.append(
    legend([
      ["allocated", "allocated (explain)"],
      ["peak", "peak reported"],
      ["peak over", "peak above the allocation"],
    ]),
  );
  return box;
}

function legend(items: [string, string][]): HTMLElement {
  const ul = h("ul", undefined, "legend");
  for (const [cls, text] of items) {
    const li = h("li");
    const sw = h("span", undefined, `swatch ${cls}`);
    sw.setAttribute("aria-hidden", "true");
    li.append(sw, document.createTextNode(text));
    ul.append(li);
  }
  return ul;
}

const spillOf = (s: StageSummary) => s.memoryBytesSpilled + s.diskBytesSpilled;
export const stageLabel = (s: StageSummary) => `stage ${s.stageId}.${s.attemptId}`;

/** Spill (memory + disk bytes) and GC share of task time, per stage that has either; the largest first. */
export function stageChart(stages: readonly StageSummary[], limit = 15): HTMLElement {
  const box = h("div", undefined, "chart stage-chart");
  const shown = stages
    .filter((s) => spillOf(s) > 0 || (s.gcTimeShare ?? 0) > 0)
    .sort((a, b) => spillOf(b) - spillOf(a) || (b.gcTimeShare ?? 0) - (a.gcTimeShare ?? 0));
  if (shown.length === 0) {
    box.append(h("p", "No stage spilled or spent time in GC.", "hint"));
    return box;
  }
  const maxSpill = shown.reduce((m, s) => Math.max(m, spillOf(s)), 0); // no spread: thousands of stages
  for (const s of shown.slice(0, limit)) {
    const group = h("div", undefined, "chart-group");
    group.dataset.stage = `${s.stageId}.${s.attemptId}`;
    const head = h("h5", stageLabel(s));
    head.append(h("span", ` ${s.name}`, "where"));
    group.append(head);
    const spill = spillOf(s);
    group.append(
      barRow(
        "Spill",
        [
          {
            value: spill,
            cls: "spill",
            title: `${stageLabel(s)} spill: ${b(s.memoryBytesSpilled)} memory, ${b(s.diskBytesSpilled)} disk`,
            attrs: { "data-bytes": String(spill) },
          },
        ],
        maxSpill,
        spill > 0 ? `${b(s.memoryBytesSpilled)} memory, ${b(s.diskBytesSpilled)} disk` : "none",
        "spill",
      ),
    );
    const gc = s.gcTimeShare ?? 0;
    group.append(
      barRow(
        "GC",
        [
          {
            value: gc,
            cls: "gc",
            title: `${stageLabel(s)} GC: ${(gc * 100).toFixed(1)}% of task time`,
            attrs: { "data-value": String(gc) },
          },
        ],
        1,
        `${(gc * 100).toFixed(1)}% of task time (${s.jvmGcTime} of ${s.executorRunTime} ms)`,
        "gc",
      ),
    );
    box.append(group);
  }
  if (shown.length > limit)
    box.append(h("p", `${shown.length - limit} more stages with spill or GC time are not drawn.`, "hint"));
  return box;
}

const QUANTILES = ["min", "25%", "median", "75%", "max"] as const;

/** A box plot of one stage's task peak execution memory (min, quartiles, max), and the five as a table. */
export function taskMemoryPlot(stage: StageSummary, q: Quantiles): HTMLElement {
  const box = h("div", undefined, "chart task-memory");
  box.dataset.stage = `${stage.stageId}.${stage.attemptId}`;
  const [min, q1, med, q3, max] = q;
  const x = (v: number) => scale(v, max);
  const plot = svg("svg", {
    viewBox: `0 0 ${W} 40`,
    preserveAspectRatio: "none",
    role: "img",
    "aria-label": `${stageLabel(stage)} task peak execution memory: ${QUANTILES.map((n, i) => `${n} ${b(q[i] as number)}`).join(", ")}`,
    class: "boxplot",
  });
  plot.append(
    svg("rect", { x: 0, y: 0, width: W, height: 40, class: "bg" }),
    svg(
      "line",
      { x1: x(min), x2: x(max), y1: 20, y2: 20, class: "whisker" },
      `min ${b(min)} to max ${b(max)}`,
    ),
    svg(
      "rect",
      { x: x(q1), y: 6, width: Math.max(2, x(q3) - x(q1)), height: 28, class: "box" },
      `25% ${b(q1)} to 75% ${b(q3)}`,
    ),
    svg(
      "rect",
      { x: Math.max(0, x(med) - 2), y: 4, width: 4, height: 32, class: "median" },
      `median ${b(med)}`,
    ),
    svg(
      "rect",
      { x: Math.max(0, x(min) - 1), y: 10, width: 3, height: 20, class: "whisker-end" },
      `min ${b(min)}`,
    ),
    svg(
      "rect",
      { x: Math.max(0, x(max) - 3), y: 10, width: 3, height: 20, class: "whisker-end" },
      `max ${b(max)}`,
    ),
  );
  const t = h("table", undefined, "layouts quantiles");
  const head = t.createTHead().insertRow();
  const body = t.createTBody().insertRow();
  QUANTILES.forEach((name, i) => {
    head.append(h("th", name));
    const v = q[i] as number;
    const td = h("td", b(v));
    td.dataset.quantile = name;
    td.dataset.bytes = String(v);
    td.title = `${v} bytes`;
    body.append(td);
  });
  const scroll = h("div", undefined, "table-scroll");
  scroll.append(t);
  box.append(
    plot,
    h(
      "p",
      max > 0
        ? `0 to ${b(max)}, over ${stage.numCompleteTasks} completed tasks`
        : `Every task reported 0 B of peak execution memory (${stage.numCompleteTasks} completed tasks).`,
      "hint",
    ),
    scroll,
  );
  return box;
}
