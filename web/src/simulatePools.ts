import { bytesToString } from "../../src/conf/index.js";
import type { ProcessLayout } from "../../src/model/index.js";
import { stepOutcome } from "../../src/report/index.js";
import { describeEvent, type PoolState, type Step } from "../../src/simulate/index.js";
import { h } from "./view.js";

/**
 * The Simulate view's drawing: each memory mode's unified region as one bar of HTML, its storage pool (used,
 * free) then its execution pool (used, free) to scale, with the storage region's boundary marked. The bars
 * are made once per result and their widths set for each step, so a CSS transition animates them.
 */

const PARTS = [
  ["storage-used", "storage used (cached blocks)"],
  ["storage-free", "storage free"],
  ["execution-used", "execution used"],
  ["execution-free", "execution free"],
] as const;

const size = (b: number) => `${bytesToString(b)} (${b} bytes)`;

function partBytes(p: PoolState): number[] {
  return [
    p.storageUsedBytes,
    p.storagePoolBytes - p.storageUsedBytes,
    p.executionUsedBytes,
    p.executionPoolBytes - p.executionUsedBytes,
  ];
}

/** The pools in words, as the text under the bar and the bar's accessible name say them. */
export const poolsLine = (p: PoolState) =>
  `storage ${bytesToString(p.storageUsedBytes)} used of ${bytesToString(p.storagePoolBytes)}, execution ${bytesToString(p.executionUsedBytes)} used of ${bytesToString(p.executionPoolBytes)}`;

/** One memory mode's bar: made once, `set` for each step. */
class PoolBar {
  readonly el = h("div", undefined, "pool");
  private readonly bar = h("div", undefined, "pool-bar");
  private readonly segs = PARTS.map(([cls]) => h("span", undefined, `seg ${cls}`));
  private readonly numbers = h("p", undefined, "pool-numbers");

  constructor(
    readonly mode: "on-heap" | "off-heap",
    private readonly regionBytes: number,
    total: number,
  ) {
    this.el.dataset.mode = mode;
    const boundary = h("span", undefined, "boundary");
    boundary.style.left = `${total > 0 ? (regionBytes / total) * 100 : 0}%`;
    boundary.title = `storage region ${size(regionBytes)}: cached blocks below it are never evicted for execution`;
    this.bar.setAttribute("role", "img");
    this.bar.append(...this.segs, boundary);
    this.el.append(
      h(
        "p",
        `${mode === "on-heap" ? "On-heap" : "Off-heap"} unified region ${bytesToString(total)}, storage region ${bytesToString(regionBytes)} (marked)`,
        "pool-title",
      ),
      this.bar,
      this.numbers,
    );
  }

  set(p: PoolState): void {
    const total = p.storagePoolBytes + p.executionPoolBytes;
    partBytes(p).forEach((b, i) => {
      const seg = this.segs[i] as HTMLElement;
      seg.style.width = `${total > 0 ? (b / total) * 100 : 0}%`;
      seg.dataset.bytes = String(b);
      seg.title = `${PARTS[i]?.[1]}: ${size(b)}`;
    });
    const line = poolsLine(p);
    this.bar.setAttribute(
      "aria-label",
      `${this.mode} pools: ${line}; storage region ${bytesToString(this.regionBytes)}`,
    );
    this.numbers.textContent = `Storage pool ${bytesToString(p.storagePoolBytes)}: ${bytesToString(p.storageUsedBytes)} used, ${bytesToString(p.storagePoolBytes - p.storageUsedBytes)} free · execution pool ${bytesToString(p.executionPoolBytes)}: ${bytesToString(p.executionUsedBytes)} used, ${bytesToString(p.executionPoolBytes - p.executionUsedBytes)} free`;
  }
}

/** The pools of one process through the steps: on-heap, and off-heap when it has a size. */
export class PoolsDiagram {
  readonly el = h("div", undefined, "pools");
  private readonly onHeap: PoolBar;
  private readonly offHeap: PoolBar | null = null;

  constructor(p: ProcessLayout, first: Step) {
    this.onHeap = new PoolBar(
      "on-heap",
      p.storageRegionBytes,
      first.storagePoolBytes + first.executionPoolBytes,
    );
    this.el.append(this.onHeap.el);
    if (first.offHeap) {
      const o = first.offHeap;
      this.offHeap = new PoolBar(
        "off-heap",
        p.offHeapStorageRegionBytes,
        o.storagePoolBytes + o.executionPoolBytes,
      );
      this.el.append(this.offHeap.el);
    }
    const legend = h("ul", undefined, "legend");
    for (const [cls, words] of PARTS) {
      const li = h("li");
      li.append(h("span", undefined, `swatch ${cls}`), words);
      legend.append(li);
    }
    const mark = h("li");
    mark.append(h("span", undefined, "swatch boundary-mark"), "storage region boundary");
    legend.append(mark);
    this.el.append(legend);
  }

  show(s: Step): void {
    this.onHeap.set(s);
    if (this.offHeap && s.offHeap) this.offHeap.set(s.offHeap);
  }
}

/** What happened in a step, in the CLI's words, and the tasks left waiting. */
export function stepLines(s: Step): string[] {
  const out = stepOutcome(s);
  if (s.waiting.length > 0) out.push(`waiting: task ${s.waiting.join(", ")}`);
  if (s.raced) out.push("several waiting tasks woke at once (the JVM sets no order)");
  return out;
}

/** A step as the list shows it: its number, its event, what happened. */
export function stepItem(s: Step, i: number): HTMLButtonElement {
  const b = h("button", undefined, "step");
  b.type = "button";
  b.dataset.step = String(i + 1);
  b.append(h("span", `${i + 1}. ${describeEvent(s.event)}`, "step-event"));
  for (const line of stepLines(s)) b.append(h("span", line, "step-line"));
  return b;
}
