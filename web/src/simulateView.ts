import { bytesToString, SparkmemError } from "../../src/conf/index.js";
import { explain } from "../../src/model/index.js";
import { describeEvent, type SimulateResult, simulate } from "../../src/simulate/index.js";
import { type EmrData, loadPasteParser, pasteReadable, toExplainInput } from "./input.js";
import { button, SimulateForm } from "./simulateForm.js";
import { fromSim } from "./simulateInput.js";
import { PoolsDiagram, poolsLine, stepItem, stepLines } from "./simulatePools.js";
import type { PageState } from "./state.js";
import { h } from "./view.js";

/** Time per step while playing; the steps the list holds at once (a scenario may have 100,000). */
const STEP_MS = 700;
const PAGE = 500;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const SETTINGS = "The Explain view's settings: ";

/**
 * The Simulate view: a scenario (the shorthand fields, or its JSON once edited) through Spark's memory manager
 * laid out by the Explain view's settings (`sparkmem simulate`): the steps, and the selected step's pools drawn,
 * stepped through with Previous/Next or played. The scenario is in the page state, so in the URL.
 */
export class SimulateView {
  private readonly form = new SimulateForm((delay) => this.edited(delay));
  private readonly context = h("p", undefined, "hint");
  private readonly error = h("p", undefined, "view-error");
  private readonly summary = h("div");
  private readonly player = h("div", undefined, "player");
  private readonly prev = button("◀ Previous", "Previous step");
  private readonly play = button("Play", "Play");
  private readonly next = button("Next ▶", "Next step");
  private readonly status = h("p", undefined, "sim-status");
  private readonly pools = h("div");
  private readonly caption = h("p", undefined, "hint");
  private readonly list = h("ol", undefined, "steps");
  private state: PageState | null = null;
  /** The parameters last given to the page state: a state holding others (a link, Back) refills the form. */
  private emitted: Record<string, string> | undefined;
  private emr: EmrData | null = null;
  private result: { r: SimulateResult; diagram: PoolsDiagram } | null = null;
  private selected = 0;
  private page = -1;
  private timer: ReturnType<typeof setInterval> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: (sim: Record<string, string>) => void) {
    this.error.id = "sim-error";
    this.error.setAttribute("role", "alert");
    this.status.id = "sim-status";
    this.status.setAttribute("aria-live", "polite");
    this.pools.id = "sim-pools";
    this.list.id = "sim-steps";
    this.list.setAttribute("aria-label", "Steps");
    this.player.append(this.prev, this.play, this.next, this.status);
    const result = h("div");
    result.append(this.summary, this.player, this.pools, this.caption, this.list);
    document.getElementById("panel-simulate")?.append(this.context, this.form.el, this.error, result);
    this.prev.addEventListener("click", () => this.pauseAnd(this.selected - 1));
    this.next.addEventListener("click", () => this.pauseAnd(this.selected + 1));
    this.play.addEventListener("click", () => (this.timer ? this.pause() : this.start()));
    this.list.addEventListener("click", (e) => {
      const b = (e.target as Element).closest<HTMLElement>("button.step");
      if (b) this.pauseAnd(Number(b.dataset.step) - 1);
    });
  }

  show(s: PageState): void {
    this.state = s;
    if (s.sim !== this.emitted) {
      const { fields, json } = fromSim(s.sim);
      this.form.fill(fields, json);
      this.emitted = s.sim;
    }
    this.run();
  }

  /** An edit: into the URL at once, simulated now or after `delay` ms (while the JSON is typed). */
  private edited(delay: number): void {
    const sim = this.form.sim();
    this.emitted = sim;
    this.onChange(sim);
    clearTimeout(this.debounce);
    if (delay) this.debounce = setTimeout(() => this.run(), delay);
    else this.run();
  }

  /** Runs `then` once the data the settings need has loaded (EMR instance types, EMR JSON's parser). */
  private loading(s: PageState, then: () => void): boolean {
    const failed = (e: unknown) => {
      this.error.textContent = `${SETTINGS}their reader could not be loaded (${e instanceof Error ? e.message : String(e)}).`;
    };
    if (s.emrType.trim() && !this.emr) {
      import("../../src/size/emrInstances.js").then((m) => {
        this.emr = m;
        then();
      }, failed);
      return true;
    }
    if (pasteReadable(s.paste)) return false;
    loadPasteParser(s.paste).then(then, failed);
    return true;
  }

  private run(): void {
    const s = this.state;
    if (!s) return;
    this.pause();
    if (this.loading(s, () => this.run())) return;
    let where = "";
    try {
      const scenario = this.form.scenario();
      where = SETTINGS;
      const r = simulate(explain(toExplainInput(s, this.emr ?? undefined).input), scenario);
      this.error.textContent = "";
      this.form.invalid(null);
      this.render(r);
    } catch (e) {
      if (!(e instanceof SparkmemError)) throw e;
      this.error.textContent = where + e.oneLine();
      this.form.invalid(where ? null : e.where);
      if (where) this.context.textContent = "";
      this.result = null;
      this.summary.replaceChildren();
      this.pools.replaceChildren();
      this.list.replaceChildren();
      this.caption.textContent = "";
      this.player.hidden = true;
    }
  }

  private render(r: SimulateResult): void {
    const p = r.process === "executor" && r.layout.executor ? r.layout.executor : r.layout.driver;
    this.context.textContent = `The ${r.process} of Spark ${r.layout.sparkVersion} (${r.layout.clusterManager}), heap ${p.jvm.xmx}, Java ${p.jvm.javaVersion}: unified region ${bytesToString(p.unifiedBytes)}, storage region ${bytesToString(p.storageRegionBytes)}, from the Explain view's settings.`;
    const m = r.summary;
    const notes = h("ul", undefined, "notes");
    for (const n of r.notes) notes.append(h("li", n));
    this.summary.replaceChildren(
      h(
        "p",
        `${plural(r.steps.length, "step")}: granted ${bytesToString(m.grantedBytes)}; evicted ${plural(m.evictedBlocks, "block")} (${bytesToString(m.evictedBytes)}); not cached ${bytesToString(m.uncachedBytes)}; spilled ${bytesToString(m.spilledBytes)}${m.waitingAtEnd.length ? `; still waiting: task ${m.waitingAtEnd.join(", ")}` : ""}`,
        "summary",
      ),
      notes,
    );
    const first = r.steps[0];
    this.player.hidden = !first;
    this.page = -1;
    if (!first) {
      this.result = null;
      this.pools.replaceChildren();
      this.list.replaceChildren();
      this.caption.textContent = "No events: give a cache size, or tasks and their memory.";
      return;
    }
    const diagram = new PoolsDiagram(p, first);
    this.pools.replaceChildren(diagram.el);
    this.result = { r, diagram };
    this.select(this.selected);
  }

  /** The list holds the PAGE steps around step `n` (0-based). */
  private pageOf(n: number, steps: SimulateResult["steps"]): void {
    const page = Math.floor(n / PAGE);
    if (page === this.page) return;
    this.page = page;
    const from = page * PAGE;
    const shown = steps.slice(from, from + PAGE);
    this.list.start = from + 1;
    this.list.replaceChildren(
      ...shown.map((s, k) => {
        const li = h("li");
        li.append(stepItem(s, from + k));
        return li;
      }),
    );
    this.caption.textContent =
      steps.length > PAGE
        ? `Steps ${from + 1}–${from + shown.length} of ${steps.length} (Previous and Next go on to the others).`
        : "";
  }

  /** Shows step `i` (0-based): the pools after it, marked in the list, announced. */
  private select(i: number): void {
    if (!this.result) return;
    const steps = this.result.r.steps;
    const n = Math.max(0, Math.min(i, steps.length - 1));
    const step = steps[n];
    if (!step) return;
    this.selected = n;
    this.pageOf(n, steps);
    const list = this.list;
    for (const b of list.querySelectorAll<HTMLElement>("button.step")) {
      if (Number(b.dataset.step) !== n + 1) {
        b.removeAttribute("aria-current");
        continue;
      }
      b.setAttribute("aria-current", "step");
      // within the list's own scroll box, not the page's
      if (b.offsetTop < list.scrollTop || b.offsetTop + b.offsetHeight > list.scrollTop + list.clientHeight)
        list.scrollTop = b.offsetTop - list.clientHeight / 3;
    }
    this.result.diagram.show(step);
    this.prev.disabled = n === 0;
    this.next.disabled = n === steps.length - 1;
    const lines = stepLines(step);
    this.status.textContent = `Step ${n + 1} of ${steps.length}: ${describeEvent(step.event)}${lines.length ? ` — ${lines.join("; ")}` : ""}. Pools: ${poolsLine(step)}.`;
  }

  private pauseAnd(i: number): void {
    this.pause();
    this.select(i);
  }

  /** Play: a step every STEP_MS from the selected one (from the first when at the end), stopping at the end. */
  private start(): void {
    const last = (this.result?.r.steps.length ?? 0) - 1;
    if (last < 1) return;
    if (this.selected >= last) this.select(0);
    this.play.textContent = "Pause";
    this.play.setAttribute("aria-label", "Pause");
    this.timer = setInterval(() => {
      this.select(this.selected + 1);
      if (this.selected >= last) this.pause();
    }, STEP_MS);
  }

  private pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.play.textContent = "Play";
    this.play.setAttribute("aria-label", "Play");
  }
}
