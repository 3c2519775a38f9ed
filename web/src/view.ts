import { bytesToString } from "../../src/conf/index.js";
import type { AmLayout, Derivations, Layout, ProcessLayout } from "../../src/model/index.js";
import { rows } from "../../src/report/index.js";
import { drawProcess } from "./diagram.js";
import { amTree, type Box, processTree } from "./regions.js";

/** What a focusable region stands for, so the tooltip can show its formula and Spark source. */
export interface RegionInfo {
  box: Box;
  derivation: Derivations;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  cls?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function processTitle(p: ProcessLayout, count: number | null | undefined): string {
  if (p.role === "driver") {
    return p.runsTasks
      ? "Driver = the only executor (local mode)"
      : p.containerBytes === null
        ? "Driver (client mode, no container)"
        : "Driver (cluster mode)";
  }
  const n =
    count === null || count === undefined ? "? executors" : `${count} executor${count === 1 ? "" : "s"}`;
  return `${n} × ${p.cores} core${p.cores === 1 ? "" : "s"}`;
}

function table(p: ProcessLayout): HTMLTableElement {
  const t = h("table", undefined, "numbers");
  const head = t.createTHead().insertRow();
  for (const c of ["", "size", "bytes"]) head.append(h("th", c));
  const body = t.createTBody();
  for (const r of rows(p)) {
    const tr = body.insertRow();
    const label = h("th", r.label.trim());
    label.scope = "row";
    if (r.label.startsWith("  ")) label.className = "sub";
    if (r.note) label.append(h("span", r.note, "note"));
    tr.append(label, h("td", r.human), h("td", r.bytes === null ? "" : String(r.bytes), "bytes"));
    if (r.field && r.bytes !== null) {
      tr.dataset.field = r.field;
      tr.dataset.bytes = String(r.bytes);
    }
  }
  return t;
}

function section(
  id: string,
  title: string,
  subtitle: string,
  tree: Box,
  derivation: Derivations,
  width: number,
  regions: Map<Element, RegionInfo>,
): HTMLElement {
  const s = h("section", undefined, "process");
  s.dataset.process = id;
  s.setAttribute("aria-label", title);
  s.append(h("h2", title), h("p", subtitle, "jvm"));
  const svg = drawProcess(tree, width, title, (rect, box) => regions.set(rect, { box, derivation }));
  const chart = h("div", undefined, "chart");
  chart.append(svg);
  s.append(chart);
  return s;
}

function processSection(
  p: ProcessLayout,
  count: number | null | undefined,
  width: number,
  regions: Map<Element, RegionInfo>,
): HTMLElement {
  const sub = `${p.jvm.xmx}, Java ${p.jvm.javaVersion}, ${p.jvm.gc} GC (${p.jvm.gcReason})`;
  const s = section(p.role, processTitle(p, count), sub, processTree(p), p.derivation, width, regions);
  s.append(table(p));
  if (p.pod) {
    const cpu = p.pod.cpuLimit ? `cpu limit ${p.pod.cpuLimit}` : "no cpu limit";
    s.append(
      h("p", `Pod: memory request = limit = ${p.pod.memoryRequest}, cpu request ${p.pod.cpuRequest}, ${cpu}`),
    );
  }
  if (p.notes.length) {
    const ul = h("ul", undefined, "notes");
    for (const n of p.notes) ul.append(h("li", n));
    s.append(ul);
  }
  return s;
}

function amSection(am: AmLayout, width: number, regions: Map<Element, RegionInfo>): HTMLElement {
  const title = "YARN Application Master (client mode)";
  const sub = `${am.cores} vcore${am.cores === 1 ? "" : "s"}; container ${bytesToString(am.containerBytes)} requested, ${bytesToString(am.containerAllocatedBytes)} granted`;
  return section("am", title, sub, amTree(am), am.derivation, width, regions);
}

/** The whole layout: a drawing and a table per process, then Spark's start-up errors and the warnings. */
export function renderLayout(
  layout: Layout,
  width: number,
  regions: Map<Element, RegionInfo>,
): DocumentFragment {
  const f = document.createDocumentFragment();
  f.append(
    h(
      "p",
      `Spark ${layout.sparkVersion} · ${layout.clusterManager} (${layout.master}) · ${layout.deployMode} mode · ${layout.appType} app`,
      "summary",
    ),
  );
  if (layout.errors.length) {
    const box = h("div", undefined, "spark-errors");
    box.append(h("h2", `Spark would refuse to start (${layout.errors.length})`));
    const ul = h("ul");
    for (const e of layout.errors) {
      const li = h("li", `[${e.process}${e.key ? ` · ${e.key}` : ""}] ${e.message}`);
      li.append(h("span", ` → ${e.hint}`, "hint"));
      ul.append(li);
    }
    box.append(ul);
    f.append(box);
  }
  f.append(processSection(layout.driver, undefined, width, regions));
  if (layout.executor) f.append(processSection(layout.executor, layout.executor.count, width, regions));
  if (layout.am) f.append(amSection(layout.am, width, regions));
  if (layout.warnings.length) {
    const box = h("div", undefined, "warnings");
    box.append(h("h2", "Warnings"));
    const ul = h("ul");
    for (const w of layout.warnings) ul.append(h("li", `${w.key ? `${w.key}: ` : ""}${w.message}`));
    box.append(ul);
    f.append(box);
  }
  return f;
}
