import { bytesToString, type SparkConf, SparkmemError } from "../../src/conf/index.js";
import { type Cause, type Change, diagnose } from "../../src/diagnose/index.js";
import * as emrData from "../../src/size/emrInstances.js";
import { contextLine, facts, fixBlock } from "./cards.js";
import { loadPasteParser, pasteReadable, toExplainInput } from "./input.js";
import type { PageState } from "./state.js";
import { h } from "./view.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A change relative to a value the input did not give ("+50%") cannot be applied as it stands. */
const concrete = (changes: readonly Change[]) => changes.every((c) => c.to === null || !/%$/.test(c.to));

/** Bytes as Spark prints them (KB/MB/GB before 3.0), with the exact number. */
function figure(name: string, v: number | string, legacy: boolean): string {
  return typeof v === "number" && /Bytes$/.test(name)
    ? `${bytesToString(v, legacy)} (${v} bytes)`
    : String(v);
}

/** The Diagnose view: an error or log text, with the Explain form's configuration as the job's. */
export class DiagnoseView {
  private readonly text = $<HTMLTextAreaElement>("diag-text");
  private readonly context = $<HTMLElement>("diag-context");
  private readonly error = $<HTMLElement>("diag-error");
  private readonly out = $<HTMLElement>("diag-causes");
  private state: PageState | null = null;
  private legacy = false;

  constructor(private readonly apply: (changes: readonly Change[]) => void) {
    this.text.addEventListener("input", () => this.run());
  }

  show(s: PageState): void {
    this.state = s;
    this.run();
  }

  private run(): void {
    const s = this.state;
    if (!s) return;
    this.legacy = s.sparkVersion.startsWith("2.");
    this.context.textContent = `${contextLine(s)}, with its memory keys and pasted settings as the job's configuration`;
    const text = this.text.value;
    if (!text.trim()) {
      this.error.textContent = "";
      this.out.replaceChildren(h("p", "Paste an error message or a log above.", "hint"));
      return;
    }
    if (!pasteReadable(s.paste)) {
      // the Explain paste box holds EMR JSON whose parser has not arrived yet: run again when it has
      loadPasteParser(s.paste).then(
        () => this.run(),
        (e: unknown) => {
          this.error.textContent = `The reader of EMR configuration JSON could not be loaded (${e instanceof Error ? e.message : String(e)}).`;
        },
      );
      return;
    }
    try {
      // the Explain form's settings, pasted text merged in, each with its origin: what explain models for this job
      const conf = toExplainInput(s, emrData).input.conf as SparkConf;
      const opts = { conf, sparkVersion: s.sparkVersion, deployMode: s.deployMode, master: s.master };
      if (!s.master.trim()) opts.master = "local[*]";
      const { causes, notes } = diagnose(text, opts);
      this.error.textContent = "";
      const list = h("ol", undefined, "cards");
      for (const c of causes) list.append(this.card(c));
      this.out.replaceChildren(...notes.map((n) => h("p", n, "note")), list);
    } catch (e) {
      if (!(e instanceof SparkmemError)) throw e;
      this.error.textContent = e.oneLine();
      this.out.replaceChildren();
    }
  }

  private card(c: Cause): HTMLElement {
    const li = h("li", undefined, "card cause");
    li.dataset.cause = c.id;
    const head = h("p", undefined, "card-head");
    head.append(
      h("code", c.id),
      h("span", ` ${c.process} · confidence ${Math.round(c.confidence * 100)}%`, "where"),
    );
    li.append(h("h3", c.title), head, h("p", c.explanation, "why"));
    if (c.evidence.length) {
      li.append(h("h4", "Evidence"));
      const pre = h("pre", c.evidence.join("\n"), "evidence");
      li.append(pre);
    }
    const figs = Object.entries(c.figures);
    if (figs.length)
      li.append(h("h4", "Figures"), facts(figs.map(([k, v]) => [k, figure(k, v, this.legacy)])));
    if (c.changes.length) {
      li.append(h("h4", "Change"));
      li.append(fixBlock(c.changes, c.title, concrete(c.changes) ? this.apply : null));
    }
    if (c.alternatives?.length) {
      li.append(h("h4", "Alternatives"));
      const ul = h("ul", undefined, "alternatives");
      for (const a of c.alternatives) {
        const item = h("li");
        const sizes =
          a.containerBytes === null
            ? ""
            : ` → container ${bytesToString(a.containerBytes, this.legacy)}${a.heapBytes === null ? "" : `, heap ${bytesToString(a.heapBytes, this.legacy)}`}`;
        item.append(h("p", `${a.title}${sizes}`));
        item.append(fixBlock(a.changes, a.title, concrete(a.changes) ? this.apply : null));
        ul.append(item);
      }
      li.append(ul);
    }
    for (const [title, items] of [
      ["Code changes", c.codeChanges],
      ["Next checks", c.nextChecks],
    ] as const) {
      if (!items.length) continue;
      const ul = h("ul");
      for (const t of items) ul.append(h("li", t));
      li.append(h("h4", title), ul);
    }
    return li;
  }
}
