import { bytesToString } from "../../src/conf/index.js";
import type { Box } from "./regions.js";

const SVG = "http://www.w3.org/2000/svg";
const ROW = 30;
const GAP = 4;
/** Rough width of one character of the 12px label font, to decide whether a label fits its box. */
const CHAR = 6.8;

export interface Placed {
  box: Box;
  x: number;
  w: number;
  depth: number;
}

/** Every box with its place: x and width to scale (bytes × width / root bytes), one row per depth. */
export function place(root: Box, width: number): Placed[] {
  const out: Placed[] = [];
  const scale = root.bytes > 0 ? width / root.bytes : 0;
  const walk = (b: Box, x: number, depth: number) => {
    out.push({ box: b, x, w: b.bytes * scale, depth });
    let cx = x;
    for (const c of b.children) {
      walk(c, cx, depth + 1);
      cx += c.bytes * scale;
    }
  };
  walk(root, 0, 0);
  return out;
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export function labelFor(b: Box, w: number): string {
  const human = bytesToString(b.bytes);
  const full = `${b.label} ${human}`;
  if (full.length * CHAR + 8 <= w) return full;
  return human.length * CHAR + 8 <= w ? human : "";
}

/**
 * The process as an SVG icicle: the container on top, each row the parts of the one above, widths to
 * scale. Every box is focusable and carries its exact bytes (data-bytes) and layout field (data-field).
 */
export function drawProcess(
  root: Box,
  width: number,
  processName: string,
  onRegion: (rect: SVGRectElement, box: Box) => void,
): SVGSVGElement {
  const boxes = place(root, width);
  const depth = Math.max(...boxes.map((p) => p.depth)) + 1;
  const height = depth * ROW + (depth - 1) * GAP;
  const svg = el("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    class: "diagram",
    role: "group",
    "aria-label": `${processName} memory, to scale`,
  });
  for (const p of boxes) {
    const g = el("g", { class: `region r-${p.box.id}` });
    const y = p.depth * (ROW + GAP);
    const rect = el("rect", {
      x: round(p.x),
      y,
      width: round(Math.max(p.w, 0)),
      height: ROW,
      tabindex: 0,
      role: "img",
      "data-region": p.box.id,
      "data-bytes": p.box.bytes,
      "aria-label": `${p.box.label}: ${bytesToString(p.box.bytes)} (${p.box.bytes} bytes)`,
    });
    if (p.box.field) rect.setAttribute("data-field", p.box.field);
    onRegion(rect, p.box);
    g.append(rect);
    const text = labelFor(p.box, p.w);
    if (text) {
      const t = el("text", {
        x: round(p.x + 4),
        y: y + ROW / 2,
        "dominant-baseline": "central",
        "aria-hidden": "true",
      });
      t.textContent = text;
      g.append(t);
    }
    svg.append(g);
  }
  return svg;
}

const round = (x: number) => Math.round(x * 100) / 100;
