import "./style.css";
import { type Change, readAs, SparkmemError } from "../../src/conf/index.js";
import { explain, type Layout } from "../../src/model/index.js";
import { ConfForm } from "./form.js";
import {
  EMR_FIELD,
  type EmrData,
  loadPasteParser,
  type PageInput,
  pasteReadable,
  toExplainInput,
} from "./input.js";
import { fromHash, type PageState, presetState, toHash, type ViewName } from "./state.js";
import { Tabs } from "./tabs.js";
import { Tooltip } from "./tooltip.js";
import { type RegionInfo, renderLayout } from "./view.js";

const form = new ConfForm();
const out = document.getElementById("processes") as HTMLElement;
const errorLine = document.getElementById("error") as HTMLElement;
const pasteKindNote = document.getElementById("paste-kind") as HTMLElement;
const emrNote = document.getElementById("emr-note") as HTMLElement;
const tooltip = new Tooltip(document.getElementById("tooltip") as HTMLElement);
const regions = new Map<Element, RegionInfo>();

let state: PageState = fromHash(location.hash);
let layout: Layout | null = null;
let drawnWidth = 0;

/** The EMR instance data: a chunk of its own, loaded when the field is first used or a link names a type. */
let emrData: EmrData | null = null;
let emrLoading: Promise<EmrData> | null = null;
function loadEmrData(): Promise<EmrData> {
  emrLoading ??= import("../../src/size/emrInstances.js").then((m) => {
    emrData = m;
    form.listEmrTypes(m.emrInstanceTypes().keys());
    return m;
  });
  return emrLoading;
}
form.emrType.addEventListener("focus", () => void loadEmrData());

/** Whether a redraw waits for the paste's parser already (keystrokes while it loads add no other). */
let redrawOnParser = false;
/**
 * Runs `then` once the parser the pasted text needs has loaded (EMR JSON's is a chunk of its own, see
 * input.ts), or says why it could not be loaded; the next edit tries again.
 */
function afterPasteParser(then: () => void): void {
  loadPasteParser(state.paste).then(then, (e: unknown) => {
    redrawOnParser = false;
    errorLine.textContent = `The reader of EMR configuration JSON could not be loaded (${e instanceof Error ? e.message : String(e)}): edit the text to try again, or reload the page.`;
  });
}
const mib = (n: number | null) => (n === null ? "not given" : `${n} MiB`);
function emrLine(emr: PageInput["emr"]): string {
  if (!emr) return "";
  const t = emr.type;
  const machine = `${t.name}: ${t.vcpu ?? "?"} vCPUs, ${t.memoryGiB ?? "?"} GiB; YARN memory per node ${mib(t.nodeManagerMiB)}, largest container ${mib(t.maxAllocationMiB)}, rounded up to ${mib(t.minAllocationMiB)}`;
  return emr.applied ? `${machine}.` : `${machine} (not applied: the master is not YARN).`;
}

/** Computes the layout from the state with the same core as the CLI, and redraws. */
function update(): void {
  tooltip.hide();
  if (state.emrType.trim() && !emrData) {
    out.classList.add("stale");
    void loadEmrData().then(() => update());
    return;
  }
  if (!pasteReadable(state.paste)) {
    // EMR JSON pasted (or in a link): greyed until its parser arrives, then drawn from the state of then
    out.classList.add("stale");
    pasteKindNote.textContent = readAs("emr");
    if (!redrawOnParser) {
      redrawOnParser = true;
      afterPasteParser(() => {
        redrawOnParser = false;
        update();
      });
    }
    return;
  }
  try {
    const page = toExplainInput(state, emrData ?? undefined);
    layout = explain(page.input);
    emrNote.textContent = emrLine(page.emr);
    form.markOverridden(page.pastedKeys);
    pasteKindNote.textContent = readAs(page.pasteKind);
    form.markInvalid(null);
    errorLine.textContent = "";
    out.classList.remove("stale");
    draw();
  } catch (e) {
    if (!(e instanceof SparkmemError)) throw e;
    errorLine.textContent = e.oneLine();
    form.markInvalid(e.where);
    if (e.where === EMR_FIELD) emrNote.textContent = "";
    // keep the last good drawing, greyed, so a half-typed value does not make the page jump
    out.classList.add("stale");
  }
}

function draw(): void {
  if (!layout) return;
  regions.clear();
  drawnWidth = out.clientWidth;
  out.replaceChildren(renderLayout(layout, Math.max(drawnWidth, 200), regions));
}

/** The state into the URL fragment, so the address bar always holds a link to this layout. */
function save(): void {
  history.replaceState(null, "", `#${toHash(state)}`);
}

form.form.addEventListener("submit", (e) => e.preventDefault());
form.form.addEventListener("input", (e) => {
  // the Simulate view's scenario stays: it runs on whatever settings the form has
  if (form.isPresetSelect(e.target)) {
    state = {
      ...(form.presetName ? presetState(form.presetName) : { ...form.read(), preset: "" }),
      sim: state.sim,
    };
    form.fill(state);
  } else {
    form.clearPreset();
    state = { ...form.read(), view: state.view, sim: state.sim };
  }
  save();
  update();
});
window.addEventListener("hashchange", () => {
  state = fromHash(location.hash);
  form.fill(state);
  update();
  showView();
});

/**
 * apply.ts is a chunk of its own, out of the first load: only the views with Apply buttons (Lint, Diagnose,
 * Size) call it, and they are loaded with it (`withApply`), so it is there before any button is.
 */
let applyChanges: typeof import("./apply.js").applyChanges;
const withApply = <T>(view: Promise<T>) =>
  import("./apply.js").then((m) => {
    applyChanges = m.applyChanges;
    return view;
  });

/** A lint fix, a diagnose change or a sized layout applied to the Explain form (see apply.ts), shown there. */
function apply(changes: readonly Change[]): void {
  if (!pasteReadable(state.paste)) {
    afterPasteParser(() => apply(changes));
    return;
  }
  state = applyChanges(state, changes);
  form.fill(state);
  save();
  update();
  showView();
  document.getElementById("tab-explain")?.focus();
}

type OtherView = Exclude<ViewName, "explain">;
/**
 * Lint, Diagnose, Size, Analyze, Advise and Simulate are separate chunks, loaded when first shown: the Explain
 * view does not pay for lint's catalogue of every Spark key, the diagnose detectors, the EC2 instance data, the
 * event-log reader (whose worker is its own chunk too), advise or the memory manager's simulator.
 */
const LOADERS: Record<OtherView, () => Promise<{ show(s: PageState): void }>> = {
  lint: () => withApply(import("./lintView.js")).then((m) => new m.LintView(apply)),
  diagnose: () => withApply(import("./diagnoseView.js")).then((m) => new m.DiagnoseView(apply)),
  size: () => withApply(import("./sizeView.js")).then((m) => new m.SizeView(apply)),
  analyze: () => import("./analyzeView.js").then((m) => new m.AnalyzeView()),
  advise: () => import("./adviseView.js").then((m) => new m.AdviseView()),
  // the view edits its scenario, which the URL carries (state.sim)
  simulate: () =>
    import("./simulateView.js").then(
      (m) =>
        new m.SimulateView((sim) => {
          state = { ...state, sim };
          save();
        }),
    ),
};
const views = new Map<OtherView, Promise<{ show(s: PageState): void }>>();
function viewOf(name: OtherView) {
  let v = views.get(name);
  if (!v) {
    v = LOADERS[name]();
    views.set(name, v);
  }
  return v;
}
const tabs = new Tabs((view) => {
  if (view === state.view) return;
  state = { ...state, view };
  save();
  showView();
});

/** Shows the state's view; the others keep their text and are recomputed when shown again. */
function showView(): void {
  tabs.select(state.view);
  const view = state.view;
  if (view !== "explain")
    void viewOf(view).then((v) => {
      if (state.view === view) v.show(state);
    });
  else if (out.clientWidth !== drawnWidth) draw();
}
new ResizeObserver(() => {
  if (out.clientWidth !== drawnWidth) draw();
}).observe(out);

const regionOf = (t: EventTarget | null) => (t instanceof Element ? regions.get(t) : undefined);
const showFor = (e: Event) => {
  const info = regionOf(e.target);
  if (info) tooltip.show(e.target as Element, info);
};
const hideFor = (e: Event) => {
  if (regionOf(e.target)) tooltip.hide(e.target as Element);
};
out.addEventListener("mouseover", showFor);
out.addEventListener("focusin", showFor);
out.addEventListener("mouseout", hideFor);
out.addEventListener("focusout", hideFor);
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") tooltip.hide();
});

const copy = document.getElementById("copy-link") as HTMLButtonElement;
copy.addEventListener("click", async () => {
  const status = document.getElementById("copy-status") as HTMLElement;
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent = "Link copied.";
  } catch {
    status.textContent = "Copy the address bar: it holds this layout.";
  }
});

form.fill(state);
if (!location.hash) save();
update();
showView();
