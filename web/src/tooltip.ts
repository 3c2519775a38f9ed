import { bytesToString } from "../../src/conf/index.js";
import type { RegionInfo } from "./view.js";

/**
 * One tooltip for every region: what it is, its exact size, and the formula and Spark source file the
 * layout's derivation gives. Shown on hover and on keyboard focus; Escape hides it.
 */
export class Tooltip {
  private anchor: Element | null = null;

  constructor(private readonly el: HTMLElement) {}

  show(anchor: Element, info: RegionInfo): void {
    const { box, derivation } = info;
    const d = box.field ? derivation[box.field] : undefined;
    this.el.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = `${box.label}: ${bytesToString(box.bytes)}`;
    const bytes = document.createElement("span");
    bytes.className = "bytes";
    bytes.textContent = `${box.bytes} bytes`;
    this.el.append(title, " ", bytes);
    const line = (cls: string, text: string) => {
      const p = document.createElement("p");
      p.className = cls;
      p.textContent = text;
      this.el.append(p);
    };
    if (d) {
      line("formula", d.formula);
      if (d.source) line("source", `Spark source: ${d.source}`);
    } else if (box.about) {
      line("formula", box.about);
    }
    this.el.hidden = false;
    this.anchor = anchor;
    anchor.setAttribute("aria-describedby", this.el.id);
    this.position(anchor);
  }

  hide(anchor?: Element): void {
    if (anchor && anchor !== this.anchor) return;
    this.anchor?.removeAttribute("aria-describedby");
    this.anchor = null;
    this.el.hidden = true;
  }

  /** Below the region, kept inside the viewport (positions set through CSSOM, which the CSP allows). */
  private position(anchor: Element): void {
    const r = anchor.getBoundingClientRect();
    const width = this.el.offsetWidth;
    const left = Math.min(Math.max(8, r.left), Math.max(8, window.innerWidth - width - 8));
    this.el.style.left = `${left + window.scrollX}px`;
    this.el.style.top = `${r.bottom + window.scrollY + 6}px`;
  }
}
