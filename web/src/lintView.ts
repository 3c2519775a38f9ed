import { type Change, readAs, SparkmemError } from "../../src/conf/index.js";
import { type Finding, lint } from "../../src/lint/index.js";
import { contextLine, fixBlock } from "./cards.js";
import { lintInputOf } from "./lintInput.js";
import type { PageState } from "./state.js";
import { h } from "./view.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The Lint view: pasted configuration → lint's findings as cards, each fix one click from Explain. */
export class LintView {
  private readonly text = $<HTMLTextAreaElement>("lint-text");
  private readonly kind = $<HTMLElement>("lint-kind");
  private readonly context = $<HTMLElement>("lint-context");
  private readonly error = $<HTMLElement>("lint-error");
  private readonly out = $<HTMLElement>("lint-findings");
  private state: PageState | null = null;

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
    this.context.textContent = contextLine(s);
    const text = this.text.value;
    try {
      const { input, kind } = lintInputOf(text, s);
      this.kind.textContent = readAs(kind);
      this.error.textContent = "";
      this.text.removeAttribute("aria-invalid");
      this.out.replaceChildren(
        kind === "none" ? h("p", "Paste a configuration above.", "hint") : this.render(lint(input)),
      );
    } catch (e) {
      if (!(e instanceof SparkmemError)) throw e;
      this.error.textContent = e.oneLine();
      this.text.setAttribute("aria-invalid", "true");
      this.out.replaceChildren();
    }
  }

  private render(findings: Finding[]): DocumentFragment {
    const f = document.createDocumentFragment();
    const count = (sev: string, word: string) => {
      const n = findings.filter((x) => x.severity === sev).length;
      return `${n} ${word}${n === 1 ? "" : "s"}`;
    };
    f.append(
      h(
        "p",
        `${count("error", "error")}, ${count("warning", "warning")}, ${count("info", "note")}`,
        "summary",
      ),
    );
    const list = h("ul", undefined, "cards");
    for (const x of findings) {
      const li = h("li", undefined, `card ${x.severity}`);
      li.dataset.rule = x.ruleId;
      li.dataset.key = x.key;
      const head = h("p", undefined, "card-head");
      head.append(
        h("span", x.severity, "severity"),
        h("code", x.key),
        h("span", ` ${x.source}${x.line === null ? "" : `:${x.line}`} `, "where"),
        h("span", `[${x.ruleId}]`, "rule"),
      );
      li.append(head, h("p", x.message), h("p", x.why, "why"));
      li.append(fixBlock(x.fix, `${x.ruleId} on ${x.key}`, this.apply, x.why));
      list.append(li);
    }
    f.append(list);
    return f;
  }
}
