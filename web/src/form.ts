import { EMR_FIELD } from "./input.js";
import { FORM_KEYS, type FormKey, MASTERS, type PageState, PRESETS, SPARK_RELEASES } from "./state.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The form's controls; the memory keys are generated from FORM_KEYS. */
export class ConfForm {
  readonly form = $<HTMLFormElement>("form");
  private readonly preset = $<HTMLSelectElement>("preset");
  private readonly version = $<HTMLSelectElement>("version");
  private readonly master = $<HTMLInputElement>("master");
  private readonly deploy = $<HTMLSelectElement>("deploy");
  private readonly app = $<HTMLSelectElement>("app");
  private readonly hostCores = $<HTMLInputElement>("host-cores");
  private readonly hostMemory = $<HTMLInputElement>("host-memory");
  readonly emrType = $<HTMLInputElement>("emr-type");
  private readonly paste = $<HTMLTextAreaElement>("paste");
  private readonly keys = new Map<FormKey, HTMLInputElement>();
  /** Every control the pasted text can override, by the key it sets. */
  private readonly overridable = new Map<string, HTMLInputElement | HTMLSelectElement>([
    ["spark.master", this.master],
    ["spark.submit.deployMode", this.deploy],
  ]);

  constructor() {
    this.preset.append(new Option("— custom —", ""));
    for (const p of PRESETS) this.preset.append(new Option(p.label, p.name));
    for (const v of SPARK_RELEASES) this.version.append(new Option(v, v));
    const list = $<HTMLDataListElement>("masters");
    for (const m of MASTERS) list.append(new Option(m, m));
    const box = $<HTMLElement>("memory-keys");
    for (const f of FORM_KEYS) {
      const id = `key-${f.key.replaceAll(".", "-")}`;
      const wrap = document.createElement("div");
      wrap.className = f.kind === "flag" ? "field check" : "field";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = f.label;
      const input = document.createElement("input");
      input.id = id;
      input.name = f.key;
      input.dataset.key = f.key;
      if (f.kind === "flag") input.type = "checkbox";
      else {
        input.type = "text";
        input.placeholder = f.placeholder;
        input.autocomplete = "off";
        input.spellcheck = false;
        if (f.kind !== "size") input.inputMode = "decimal";
      }
      input.title = f.key;
      const note = document.createElement("span");
      note.className = "overridden";
      note.id = `${id}-note`;
      wrap.append(...(f.kind === "flag" ? [input, label] : [label, input]), note);
      box.append(wrap);
      this.keys.set(f.key, input);
      this.overridable.set(f.key, input);
    }
    for (const c of [this.master, this.deploy]) {
      const note = document.createElement("span");
      note.className = "overridden";
      note.id = `${c.id}-note`;
      c.parentElement?.append(note);
    }
  }

  /** The preset the user picked from the select. */
  get presetName(): string {
    return this.preset.value;
  }

  /** After an edit the values are no longer the preset's. */
  clearPreset(): void {
    this.preset.value = "";
  }

  isPresetSelect(t: EventTarget | null): boolean {
    return t === this.preset;
  }

  fill(s: PageState): void {
    this.preset.value = PRESETS.some((p) => p.name === s.preset) ? s.preset : "";
    if (![...this.version.options].some((o) => o.value === s.sparkVersion))
      this.version.append(new Option(s.sparkVersion, s.sparkVersion));
    this.version.value = s.sparkVersion;
    this.master.value = s.master;
    this.deploy.value = s.deployMode;
    this.app.value = s.appType;
    this.hostCores.value = s.hostCores;
    this.hostMemory.value = s.hostMemory;
    this.emrType.value = s.emrType;
    this.paste.value = s.paste;
    for (const [key, input] of this.keys) {
      const v = s.conf[key] ?? "";
      if (input.type === "checkbox") input.checked = v.trim().toLowerCase() === "true";
      else input.value = v;
    }
  }

  read(): PageState {
    const conf: PageState["conf"] = {};
    for (const [key, input] of this.keys) {
      const v = input.type === "checkbox" ? (input.checked ? "true" : "") : input.value;
      if (v !== "") conf[key] = v;
    }
    return {
      view: "explain",
      preset: this.preset.value,
      sparkVersion: this.version.value,
      master: this.master.value,
      deployMode: this.deploy.value,
      appType: this.app.value,
      hostCores: this.hostCores.value,
      hostMemory: this.hostMemory.value,
      emrType: this.emrType.value,
      conf,
      paste: this.paste.value,
    };
  }

  /** Marks the control an error names (its key, or the host fields), so the error sits next to its input. */
  markInvalid(where: string | null): void {
    const controls: [HTMLElement, boolean][] = [
      [this.master, where === "spark.master" || where === "spark.master from the form"],
      [this.hostCores, where === "Host cores"],
      [this.hostMemory, where === "Host memory"],
      [this.emrType, where === EMR_FIELD],
      [this.paste, where?.includes("the pasted") === true],
    ];
    for (const [key, input] of this.keys) controls.push([input, where === `${key} from the form`]);
    for (const [c, bad] of controls) {
      if (bad) {
        c.setAttribute("aria-invalid", "true");
        c.setAttribute("aria-errormessage", "error");
      } else {
        c.removeAttribute("aria-invalid");
        c.removeAttribute("aria-errormessage");
      }
    }
  }

  /** The EMR types offered in the field's list, once their data is loaded. */
  listEmrTypes(names: Iterable<string>): void {
    const list = $<HTMLDataListElement>("emr-types");
    if (list.options.length) return;
    for (const n of names) list.append(new Option(n, n));
  }

  /** Says next to each control that the pasted text sets its key (and so wins). */
  markOverridden(keys: Set<string>): void {
    for (const [key, input] of this.overridable) {
      const note = document.getElementById(`${input.id}-note`) as HTMLElement;
      const over = keys.has(key);
      note.textContent = over ? "set by the pasted text" : "";
      if (over) input.setAttribute("aria-describedby", note.id);
      else input.removeAttribute("aria-describedby");
    }
  }
}
