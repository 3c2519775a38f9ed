import type { Scenario } from "../../src/simulate/index.js";
import {
  DEFAULT_FIELDS,
  encodedLength,
  LEVELS,
  MAX_URL_JSON,
  parseScenario,
  type SimFields,
  scenarioText,
  shorthandOf,
  toSim,
} from "./simulateInput.js";
import { h } from "./view.js";

function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) {
  const wrap = h("div", undefined, "field");
  const l = h("label", label);
  l.htmlFor = control.id;
  wrap.append(l, control);
  return wrap;
}
function input(id: string, placeholder: string): HTMLInputElement {
  const i = h("input");
  i.id = id;
  i.placeholder = placeholder;
  i.spellcheck = false;
  return i;
}
function select(id: string, values: readonly string[]): HTMLSelectElement {
  const s = h("select");
  s.id = id;
  for (const v of values) s.append(new Option(v, v));
  return s;
}
/** A button whose accessible name says more than its text (which it starts with). */
export function button(text: string, label: string): HTMLButtonElement {
  const b = h("button", text);
  b.type = "button";
  b.setAttribute("aria-label", label);
  return b;
}

/**
 * The Simulate view's form: the shorthand fields and the scenario JSON, filled from them until it is edited;
 * then the JSON is simulated and the fields are disabled until "Use the fields". `onEdit(delay)` is called
 * on each edit (with a pause while the JSON is typed: a scenario may have 100,000 events).
 */
export class SimulateForm {
  readonly el = h("form");
  private readonly cache = input("sim-cache", "0");
  private readonly level = select("sim-level", LEVELS);
  private readonly block = input("sim-block", "128m");
  private readonly tasks = input("sim-tasks", "1");
  private readonly taskMemory = input("sim-task-memory", "0");
  private readonly process = select("sim-process", ["executor", "driver"]);
  private readonly fieldset = h("fieldset");
  private readonly json = h("textarea");
  private readonly note = h("p", undefined, "hint");
  private readonly reset = button("Use the fields", "Use the fields above instead of the edited JSON");
  /** The labels errors name (SparkmemError.where), by control. */
  private readonly labels: [HTMLElement, string][] = [
    [this.cache, "Cache size"],
    [this.block, "Block size"],
    [this.tasks, "Tasks"],
    [this.taskMemory, "Task memory"],
  ];
  private jsonEdited = false;

  constructor(onEdit: (delay: number) => void) {
    this.el.setAttribute("aria-label", "Scenario");
    this.el.autocomplete = "off";
    this.tasks.inputMode = "numeric";
    const grid = h("div", undefined, "grid");
    grid.append(
      field("Cache size", this.cache),
      field("Cache level", this.level),
      field("Block size", this.block),
      field("Tasks", this.tasks),
      field("Task memory", this.taskMemory),
      field("Process", this.process),
    );
    this.fieldset.append(
      h("legend", "Cache, then tasks that each want memory"),
      grid,
      h("p", 'Sizes as Spark writes them ("8g", "512m"); a bare number is MiB.', "hint"),
    );
    this.json.id = "sim-json";
    this.json.rows = 8;
    this.json.spellcheck = false;
    this.note.id = "sim-json-note";
    this.json.setAttribute("aria-describedby", "sim-json-note");
    const bar = h("div", undefined, "share");
    bar.append(this.note, this.reset);
    this.el.append(
      this.fieldset,
      field("Scenario JSON (as sparkmem simulate --scenario reads it)", this.json),
      bar,
    );
    this.fill(DEFAULT_FIELDS, null);
    this.el.addEventListener("submit", (e) => e.preventDefault());
    this.fieldset.addEventListener("input", () => onEdit(0));
    this.json.addEventListener("input", () => {
      this.jsonEdited = true;
      onEdit(250);
    });
    this.reset.addEventListener("click", () => {
      this.jsonEdited = false;
      onEdit(0);
    });
  }

  /** The fields, and the edited JSON (null: none, the JSON follows the fields). */
  fill(f: SimFields, json: string | null): void {
    this.cache.value = f.cache;
    this.level.value = f.level;
    this.block.value = f.block;
    this.tasks.value = f.tasks;
    this.taskMemory.value = f.taskMemory;
    this.process.value = f.process;
    this.jsonEdited = json !== null;
    if (json !== null) this.json.value = json;
  }

  private fields(): SimFields {
    return {
      cache: this.cache.value,
      level: this.level.value as SimFields["level"],
      block: this.block.value,
      tasks: this.tasks.value,
      taskMemory: this.taskMemory.value,
      process: this.process.value as SimFields["process"],
    };
  }

  /** The form as the page state's `sim` parameters (the URL's). */
  sim(): Record<string, string> {
    return toSim(this.fields(), this.jsonEdited ? this.json.value : null);
  }

  /** The scenario the form gives: the edited JSON's, else the fields' (shown as JSON); throws SparkmemError. */
  scenario(): Scenario {
    const edited = this.jsonEdited;
    this.fieldset.disabled = edited;
    this.reset.hidden = !edited;
    this.note.textContent = !edited
      ? "Made from the fields above; edit it for any scenario (the edited JSON is simulated instead)."
      : encodedLength(this.json.value) <= MAX_URL_JSON
        ? "Edited: this JSON is simulated, not the fields above; the link holds it."
        : `Edited: this JSON is simulated, not the fields above. It is too long for a link (more than ${MAX_URL_JSON / 1024} kB in the URL): the link holds the fields only.`;
    if (edited) return parseScenario(this.json.value);
    const s = shorthandOf(this.fields());
    this.json.value = scenarioText(s);
    return s;
  }

  /** Marks the control an error names (`where`), or none. */
  invalid(where: string | null): void {
    for (const [el, label] of this.labels) el.setAttribute("aria-invalid", String(where === label));
    this.json.setAttribute("aria-invalid", String(where?.startsWith("scenario") ?? false));
  }
}
