import {
  bytesToString,
  type Change,
  changeOf,
  type SparkConf,
  SparkmemError,
  wholeNumber,
} from "../../src/conf/index.js";
import * as emrData from "../../src/size/emrInstances.js";
import {
  emrInstanceTypes,
  type SizedLayout,
  type SizeInput,
  size,
  sparkSize,
  WORKLOADS,
  type WorkloadName,
} from "../../src/size/index.js";
import { pasteReadable, toExplainInput } from "./input.js";
import type { PageState } from "./state.js";
import { h } from "./view.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The executor keys a layout's container depends on: "Use this layout" resets those it does not set. */
const CONTAINER_KEYS = [
  "spark.executor.memoryOverhead",
  "spark.executor.memoryOverheadFactor",
  "spark.executor.pyspark.memory",
  "spark.memory.offHeap.enabled",
  "spark.memory.offHeap.size",
];
const MASTER = { yarn: "yarn", kubernetes: "k8s://https://kubernetes.default.svc" } as const;

/** A field's whole number, or undefined when it is empty. */
const whole = (label: string, v: string) => (v.trim() ? wholeNumber(label, v.trim(), 6) : undefined);
/** "64g", "512m"; a bare number is MiB, as for the CLI's size flags. */
const bytes = (label: string, v: string) => (v.trim() ? sparkSize(v.trim(), label, "MiB") : undefined);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A bar of `fraction` of its width, with the number as text beside it. */
function bar(fraction: number, label: string): HTMLElement {
  const wrap = h("span", undefined, "bar");
  const track = h("span", undefined, "track");
  const fill = h("span", undefined, "fill");
  fill.style.width = `${Math.max(0, Math.min(1, fraction)) * 100}%`;
  track.append(fill);
  track.setAttribute("aria-hidden", "true");
  wrap.append(track, h("span", pct(fraction), "value"));
  wrap.title = `${label} ${pct(fraction)}`;
  return wrap;
}

/** The Size view: a cluster → ranked executor layouts; "Use this layout" sends one to Explain. */
export class SizeView {
  private readonly form = $<HTMLFormElement>("size-form");
  private readonly error = $<HTMLElement>("size-error");
  private readonly out = $<HTMLElement>("size-result");
  private state: PageState | null = null;

  constructor(private readonly apply: (changes: readonly Change[]) => void) {
    const types = $<HTMLDataListElement>("instance-types");
    for (const name of [...emrInstanceTypes().keys()].sort()) types.append(new Option(name, name));
    const workload = $<HTMLSelectElement>("size-workload");
    for (const w of Object.values(WORKLOADS)) workload.append(new Option(`${w.name}: ${w.why}`, w.name));
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.form.addEventListener("input", () => this.run());
  }

  show(s: PageState): void {
    this.state = s;
    this.run();
  }

  private value(id: string): string {
    return ($(id) as HTMLInputElement | HTMLSelectElement).value;
  }

  /** The form → size's input, checked as the CLI checks its flags. */
  private input(s: PageState): SizeInput {
    const master = this.value("size-master") === "k8s" ? "kubernetes" : "yarn";
    const nodes = whole("Nodes", this.value("size-nodes"));
    if (nodes === undefined)
      throw new SparkmemError("Nodes", "is missing", { expected: "the number of nodes, e.g. 6" });
    const g: SizeInput["groups"][number] = { name: "core", nodes };
    const type = this.value("size-instance").trim();
    if (type) g.instanceType = type;
    const cores = whole("Node cores", this.value("size-cores"));
    if (cores !== undefined) g.cores = cores;
    const mem = bytes("Node memory", this.value("size-memory"));
    if (mem !== undefined) g.memoryBytes = mem;
    const input: SizeInput = { master, groups: [g], sparkVersion: s.sparkVersion };
    const rc = whole("OS-reserved cores", this.value("size-os-cores"));
    if (rc !== undefined) input.osReservedCores = rc;
    const rm = bytes("OS-reserved memory", this.value("size-os-memory"));
    if (rm !== undefined) input.osReservedMemoryBytes = rm;
    const ec = whole("Executor cores", this.value("size-exec-cores"));
    if (ec !== undefined) input.executorCores = ec;
    input.workload = this.value("size-workload") as WorkloadName;
    if (s.appType === "jvm" || s.appType === "python") input.appType = s.appType;
    if (s.deployMode === "client" || s.deployMode === "cluster") input.deployMode = s.deployMode;
    return input;
  }

  private run(): void {
    const s = this.state;
    if (!s) return;
    try {
      const input = this.input(s);
      const r = size(input);
      this.error.textContent = "";
      const f = document.createDocumentFragment();
      f.append(
        h(
          "p",
          `Spark ${r.cluster.sparkVersion} (the Explain form's) · ${r.cluster.clusterManager} · ${r.cluster.appType} · ${r.cluster.deployMode} mode · workload ${r.cluster.workload.name}`,
          "summary",
        ),
        this.table(r.layouts, input.master),
      );
      const best = r.layouts[0];
      if (best) {
        f.append(h("h3", "The chosen layout (rank 1)"), h("p", best.reason, "why"));
        f.append(h("pre", r.chosen.sparkSubmit, "flags"));
      }
      if (r.notes.length) {
        const ul = h("ul", undefined, "notes");
        for (const n of r.notes) ul.append(h("li", n));
        f.append(ul);
      }
      this.out.replaceChildren(f);
    } catch (e) {
      if (!(e instanceof SparkmemError)) throw e;
      this.error.textContent = e.oneLine();
      this.out.replaceChildren();
    }
  }

  private table(layouts: SizedLayout[], master: SizeInput["master"]): HTMLElement {
    const wrap = h("div", undefined, "table-scroll");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Ranked executor layouts");
    const t = h("table", undefined, "layouts");
    const head = t.createTHead().insertRow();
    for (const c of [
      "#",
      "Executors",
      "Per node",
      "Cores",
      "Executor memory",
      "Container",
      "CPU used",
      "Memory used",
      "Score",
      "",
    ])
      head.append(h("th", c));
    const body = t.createTBody();
    for (const l of layouts) {
      const tr = body.insertRow();
      tr.dataset.rank = String(l.rank);
      const cell = (text: string, cls?: string) => tr.append(h("td", text, cls));
      cell(String(l.rank));
      cell(String(l.totalExecutors), "executors");
      cell(String(l.executorsPerNode));
      cell(String(l.executorCores));
      cell(l.conf["spark.executor.memory"] ?? bytesToString(l.executorMemoryBytes), "memory");
      cell(bytesToString(l.containerBytes));
      const cpu = h("td");
      cpu.append(bar(l.cpuUtilization, "CPU used"));
      const mem = h("td");
      mem.append(bar(l.memoryUtilization, "Memory used"));
      tr.append(cpu, mem);
      cell(l.score.toFixed(3));
      const use = h("button", "Use this layout");
      use.type = "button";
      use.setAttribute("aria-label", `Use layout ${l.rank} in Explain`);
      use.addEventListener("click", () => this.apply(this.changes(l, master)));
      const td = h("td");
      td.append(use);
      tr.append(td);
    }
    wrap.append(t);
    return wrap;
  }

  /**
   * The layout's settings, its master, and Spark's defaults for the container keys it leaves alone, each
   * from what the Explain view has now (nothing, when that cannot be read).
   */
  private changes(l: SizedLayout, master: SizeInput["master"]): Change[] {
    const conf = this.explainConf();
    const why = `size's layout ${l.rank}: ${l.totalExecutors} executors of ${l.executorCores} cores`;
    const out = [changeOf(conf, "spark.master", MASTER[master], `the cluster manager ${why} is for`)];
    for (const [key, value] of Object.entries(l.conf)) out.push(changeOf(conf, key, value, why));
    for (const key of CONTAINER_KEYS)
      if (!(key in l.conf)) out.push(changeOf(conf, key, null, `Spark's default, as ${why} is sized`));
    return out;
  }

  private explainConf(): SparkConf | null {
    const s = this.state;
    if (!s || !pasteReadable(s.paste)) return null;
    try {
      return toExplainInput(s, emrData).input.conf as SparkConf;
    } catch (e) {
      if (e instanceof SparkmemError) return null;
      throw e;
    }
  }
}
