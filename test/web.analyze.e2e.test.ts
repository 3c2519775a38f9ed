import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { groupFiles } from "../web/src/analyzeGroups.js";
import { describeInChromium, pageSession, SHOTS, watchPage } from "./support/browser.js";
import { expectation, FIXTURES } from "./support/fixtures.js";

/**
 * The Analyze view in headless Chromium over the production build (web.e2e.test.ts says why Chromium may
 * be missing): event logs given to the file input are read in the page's module worker by the CLI's
 * analyzeSources, and what it shows is checked against the History Server's own answers.
 */
const EVENTS = fileURLToPath(new URL("spark-events/", FIXTURES));
const APP_0018 = "application_1553914137147_0018";
const ZSTD = `${EVENTS}other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd`;
const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script>`;

type Metrics = Record<string, number>;

/**
 * In the page: a File of `bytes` (a log's head, then its task ends repeated) given to the file input, and
 * Cancel clicked as soon as the first progress arrives, in the same task, so a fast reader cannot finish first.
 */
const BIG_LOG_AND_CANCEL = `({ head, taskEnds, bytes }) => {
  const file = new File([head, ...new Array(Math.ceil(bytes / taskEnds.length)).fill(taskEnds)], "big.log");
  const bar = document.getElementById("analyze-bar");
  new MutationObserver((_, obs) => {
    const done = Number(bar.dataset.done);
    if (done > 0 && done < file.size) {
      obs.disconnect();
      document.getElementById("analyze-cancel").click();
    }
  }).observe(bar, { attributes: true, attributeFilter: ["data-done"] });
  const input = document.getElementById("analyze-files");
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
  return file.size;
}`;

/** The peak metrics the page shows per executor: data-metric → data-value. */
async function shownPeaks(page: Page): Promise<Record<string, Metrics>> {
  const rows = (await page
    .locator("li.executor dd[data-metric]")
    .evaluateAll((els) =>
      els.map((e) => [
        e.closest("li.executor")?.getAttribute("data-executor"),
        e.getAttribute("data-metric"),
        e.getAttribute("data-value"),
      ]),
    )) as [string, string, string][];
  const out: Record<string, Metrics> = {};
  for (const [id, name, v] of rows) {
    out[id] = out[id] ?? {};
    (out[id] as Metrics)[name] = Number(v);
  }
  return out;
}

/** In the page: a File of the given bytes dropped on the drop zone as a browser does it (dragenter, dragover, drop). */
const DROP_FILE = `({ base64, name }) => {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name));
  const zone = document.getElementById("analyze-drop");
  const fire = (type) =>
    zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  fire("dragenter");
  // dragover must be cancelled for the browser to allow a drop
  const accepted = !fire("dragover");
  const over = zone.classList.contains("over");
  fire("drop");
  return { over, accepted };
}`;

/** The executors' peaks shown equal the History Server's /executors expectation; returns that expectation. */
async function expectHistoryServerPeaks(page: Page) {
  const theirs = expectation("executor_list_with_executor_metrics_json_expectation.json") as {
    id: string;
    peakMemoryMetrics?: Metrics;
  }[];
  const shown = await shownPeaks(page);
  expect(theirs.length).toBeGreaterThan(1);
  for (const e of theirs) expect(shown[e.id], `executor ${e.id}`).toEqual(e.peakMemoryMetrics);
  return theirs;
}

describeInChromium("the Analyze view in headless Chromium", () => {
  const session = pageSession();
  const problems: string[] = [];

  async function open(viewport = { width: 1280, height: 800 }) {
    const context = await session.browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    watchPage(page, problems, session.server.url);
    await page.goto(`${session.server.url}#view=analyze`);
    await page.waitForSelector("#tab-analyze[aria-selected='true']");
    await page.waitForSelector("#analyze-files");
    await expect.poll(() => page.locator("#analyze-result").textContent()).toContain("No log read yet.");
    return page;
  }
  const finished = (page: Page) =>
    expect
      .poll(() => page.locator("#analyze-status").getAttribute("data-state"), { timeout: 30_000 })
      .toBe("done");

  it(`${APP_0018}: each executor's peak metrics equal the History Server's /executors`, async () => {
    const page = await open();
    await page.locator("#analyze-files").setInputFiles(`${EVENTS}${APP_0018}`);
    await finished(page);
    expect(await page.locator(".app-report").count()).toBe(1);
    const theirs = await expectHistoryServerPeaks(page);
    // the chart's heap peak is the same JVMHeapMemory, in data-bytes
    for (const e of theirs) {
      const peak = page.locator(
        `.memory-chart [data-executor="${e.id}"] [data-field="heap"] rect[data-kind="peak"]`,
      );
      expect(Number(await peak.getAttribute("data-bytes")), `executor ${e.id}`).toBe(
        e.peakMemoryMetrics?.JVMHeapMemory,
      );
    }
    // the task memory plot shows five quantiles as exact bytes
    const q = await page
      .locator(".task-memory td[data-quantile]")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-bytes"))));
    expect(q).toHaveLength(5);
    expect([...q].sort((a, b) => a - b)).toEqual(q);
    await page.screenshot({ path: `${SHOTS}analyze-${APP_0018}.png`, fullPage: true });
    await page.context().close();
  });

  it(`${APP_0018} dropped on the drop zone: the same peaks as through the file input`, async () => {
    const page = await open();
    const bytes = readFileSync(`${EVENTS}${APP_0018}`).toString("base64");
    const dropped = await page.evaluate(
      `(${DROP_FILE})(${JSON.stringify({ base64: bytes, name: APP_0018 })})`,
    );
    expect(dropped).toEqual({ over: true, accepted: true });
    await finished(page);
    expect(await page.locator(".app-report").count()).toBe(1);
    await expectHistoryServerPeaks(page);
    expect(await page.locator("#analyze-drop").getAttribute("class")).not.toContain("over");
    await page.context().close();
  });

  it("the events_N files of one rolling log, given out of order, are one application", async () => {
    const page = await open();
    const lines = readFileSync(`${EVENTS}${APP_0018}`, "utf8").split("\n");
    const half = Math.floor(lines.length / 2);
    const part = (n: number, l: string[]) => ({
      name: `events_${n}_${APP_0018}`,
      mimeType: "application/octet-stream",
      buffer: Buffer.from(`${l.join("\n")}\n`),
    });
    await page
      .locator("#analyze-files")
      .setInputFiles([part(2, lines.slice(half)), part(1, lines.slice(0, half))]);
    await finished(page);
    expect(await page.locator(".app-report").count()).toBe(1);
    const theirs = expectation("executor_list_with_executor_metrics_json_expectation.json") as {
      id: string;
      peakMemoryMetrics?: Metrics;
    }[];
    const shown = await shownPeaks(page);
    for (const e of theirs) expect(shown[e.id]).toEqual(e.peakMemoryMetrics);
    await page.context().close();
  });

  it("a hostile app name is shown as text: no element made, no dialog", async () => {
    const page = await open();
    const log = readFileSync(`${EVENTS}local-1430917381535_1`, "utf8");
    expect(log).toContain('"App Name":"Spark shell"');
    const hostile = log.replace('"App Name":"Spark shell"', `"App Name":${JSON.stringify(HOSTILE)}`);
    await page
      .locator("#analyze-files")
      .setInputFiles({ name: "hostile.log", mimeType: "text/plain", buffer: Buffer.from(hostile) });
    await finished(page);
    expect(await page.locator(".app-report .app-name").textContent()).toBe(HOSTILE);
    await page.waitForTimeout(300);
    expect(await page.evaluate("document.querySelectorAll('body img, body script').length")).toBe(0);
    expect(problems.filter((p) => p.startsWith("dialog"))).toEqual([]);
    await page.context().close();
  });

  it("not a Spark log: one line of error text", async () => {
    const page = await open();
    await page
      .locator("#analyze-files")
      .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello\nworld\n") });
    await finished(page);
    const err = page.locator("#analyze-result .app-error");
    expect(await err.count()).toBe(1);
    const text = (await err.textContent()) ?? "";
    expect(text).toContain("notes.txt");
    expect(text).toContain("holds no Spark event");
    expect(text).not.toContain("\n");
    await page.context().close();
  });

  it("the zstd Dataproc log loads through the worker: progress to the end, 13,504 completed tasks", async () => {
    const page = await open();
    await page.locator("#analyze-files").setInputFiles(ZSTD);
    await finished(page);
    const bar = page.locator("#analyze-bar");
    const size = readFileSync(ZSTD).length;
    expect(Number(await bar.getAttribute("data-done"))).toBe(size);
    expect(Number(await bar.getAttribute("data-total"))).toBe(size);
    const barEl = "document.getElementById('analyze-bar')";
    expect(await page.evaluate(`[${barEl}.value, ${barEl}.max]`)).toEqual([size, size]);
    expect(await bar.getAttribute("aria-label")).toBe("Bytes read");
    const tasks = page.locator(".app-report dd[data-completed-tasks]");
    expect(await tasks.getAttribute("data-completed-tasks")).toBe("13504");
    expect(await page.locator(".app-report .app-name").textContent()).toBe("NDS - Power Run");
    expect(await page.locator("#analyze-cancel").isVisible()).toBe(false);
    // the stage chosen in the select draws its own distribution
    const select = page.locator(".app-report select.task-stage");
    const options = await select.locator("option").count();
    expect(options).toBeGreaterThan(1);
    const first = await page.locator(".task-memory").getAttribute("data-stage");
    const other = (await select.inputValue()) === "0" ? "1" : "0";
    await select.selectOption(other);
    expect(await page.locator(".task-memory").getAttribute("data-stage")).not.toBe(first);
    await page.screenshot({ path: `${SHOTS}analyze-zstd.png`, fullPage: true });
    await page.context().close();
  });

  it("Cancel on a ~100 MB log stops the worker and says cancelled", async () => {
    const page = await open();
    const log = readFileSync(`${EVENTS}${APP_0018}`, "utf8");
    const lines = log.split("\n");
    const head = `${lines
      .filter((l) => !l.includes('"SparkListenerTaskEnd"'))
      .slice(0, 20)
      .join("\n")}\n`;
    const taskEnds = `${lines.filter((l) => l.includes('"SparkListenerTaskEnd"')).join("\n")}\n`;
    const total = (await page.evaluate(
      `(${BIG_LOG_AND_CANCEL})(${JSON.stringify({ head, taskEnds, bytes: 100 * 2 ** 20 })})`,
    )) as number;
    expect(total).toBeGreaterThan(100 * 2 ** 20 - 1);
    const status = page.locator("#analyze-status");
    await expect.poll(() => status.getAttribute("data-state")).toBe("cancelled");
    expect(await status.textContent()).toMatch(/^Cancelled after/);
    const bar = page.locator("#analyze-bar");
    const at = Number(await bar.getAttribute("data-done"));
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(total);
    await page.waitForTimeout(1500);
    // nothing more arrives from the terminated worker
    expect(Number(await bar.getAttribute("data-done"))).toBe(at);
    expect(await status.getAttribute("data-state")).toBe("cancelled");
    expect(await page.locator(".app-report").count()).toBe(0);
    expect(await page.locator("#analyze-cancel").isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}analyze-cancelled.png`, fullPage: true });
    await page.context().close();
  }, 60_000);

  it("at 390×844: no horizontal overflow", async () => {
    const page = await open({ width: 390, height: 844 });
    await page.locator("#analyze-files").setInputFiles(ZSTD);
    await finished(page);
    const [scrollWidth, innerWidth] = (await page.evaluate(
      "[document.scrollingElement.scrollWidth, window.innerWidth]",
    )) as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: `${SHOTS}analyze-390x844.png`, fullPage: true });
    await page.context().close();
  });

  it("no page of this run logged an error, opened a dialog or requested another origin", () => {
    expect(problems).toEqual([]);
  });
});

describe("grouping the files given together", () => {
  const f = (name: string) => ({ name });
  it("events_N files of one base are one application in Spark's order; others stand alone", () => {
    const groups = groupFiles([
      f("events_2_app-1"),
      f("app-2.zstd"),
      f("events_10_app-1"),
      f("appstatus_app-1"),
      f("events_1_app-1"),
      f("events_1_app-3.lz4"),
    ]);
    expect(groups.map((g) => g.files.map((x) => x.name))).toEqual([
      ["events_1_app-1", "events_2_app-1", "events_10_app-1"],
      ["app-2.zstd"],
      ["events_1_app-3.lz4"],
    ]);
    expect(groups[0]?.notes.join()).toContain("missing");
  });
  it("a compact file replaces the files before it", () => {
    const [g] = groupFiles([f("events_1_a"), f("events_2_a.compact"), f("events_3_a")]);
    expect(g?.files.map((x) => x.name)).toEqual(["events_2_a.compact", "events_3_a"]);
    expect(g?.notes).toHaveLength(1);
  });
});
