import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { type AdviseReport, advise, evidenceBytes, type Goal } from "../src/advise/index.js";
import { type AnalyzeReport, analyze } from "../src/analyze/index.js";
import { SparkmemError } from "../src/conf/index.js";
import { describeInChromium, pageSession, SHOTS, watchPage } from "./support/browser.js";
import { analyzeLog } from "./support/fixtures.js";
import { SHARED } from "./support/shared.js";

/**
 * The Advise view in headless Chromium over the production build (web.e2e.test.ts says why Chromium may be
 * missing): logs given to its file input are read by the Analyze view's worker and advised by the core's
 * advise(); what the page shows is checked against advise() run here, in Node, on the same logs.
 */
const EVENTS = fileURLToPath(new URL("fixtures/spark-events/", SHARED));
const APP_0018 = "application_1553914137147_0018";
/** Heap peaks of 12–17 GiB in 40g executors: each goal advises another heap (22g, 25g, 28g). */
const NDS = "other/spark-rapids-tools/nds_q72_dataproc_2_2.zstd";
const HEAP = "spark.executor.memory";

/** A log given as text, analyzed in Node as the page's worker reads it (one file, whole). */
function analyzedText(name: string, text: string): Promise<AnalyzeReport> {
  const chunks = (async function* () {
    yield new TextEncoder().encode(text);
  })();
  return analyze([{ name, chunks }]);
}

/** The changes the page shows, as the core's fields. */
const shownChanges = (page: Page) =>
  page.locator("#advise-result li.advise-change").evaluateAll((els) =>
    els.map((e) => ({
      process: e.getAttribute("data-process"),
      key: e.getAttribute("data-key"),
      from: e.getAttribute("data-from") || null,
      to: e.getAttribute("data-to") || null,
    })),
  );
const coreChanges = (r: AdviseReport) =>
  r.changes.map((c) => ({ process: c.process, key: c.key, from: c.from, to: c.to }));

describeInChromium("the Advise view in headless Chromium", () => {
  const session = pageSession();
  const problems: string[] = [];
  let large: AnalyzeReport;
  let nds: AnalyzeReport;
  beforeAll(async () => {
    [large, nds] = await Promise.all([analyzeLog(`${EVENTS}${APP_0018}`), analyzeLog(`${EVENTS}${NDS}`)]);
  }, 60_000);

  async function open(viewport = { width: 1280, height: 800 }) {
    const context = await session.browser.newContext({
      viewport,
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    watchPage(page, problems, session.server.url);
    await page.goto(`${session.server.url}#view=advise`);
    await page.waitForSelector("#tab-advise[aria-selected='true']");
    await expect.poll(() => page.locator("#advise-result").textContent()).toContain("No log read yet.");
    return page;
  }
  const finished = (page: Page) =>
    expect
      .poll(() => page.locator("#advise-status").getAttribute("data-state"), { timeout: 30_000 })
      .toBe("done");
  const shownTo = (page: Page, key: string) =>
    page.locator(`#advise-result li.advise-change[data-key="${key}"]`).getAttribute("data-to");

  it(`${APP_0018}: the changes, layouts, effect and flags are the core's advise()`, async () => {
    const core = advise([large], { goal: "balanced" });
    const heap = core.changes.find((c) => c.key === HEAP);
    expect(heap?.to).toBe("1536m");
    const page = await open();
    expect(await page.locator("#advise-goal").inputValue()).toBe("balanced");
    await page.locator("#advise-files").setInputFiles(`${EVENTS}${APP_0018}`);
    await finished(page);
    expect(await shownChanges(page)).toEqual(coreChanges(core));
    expect(await shownTo(page, HEAP)).toBe(heap?.to);
    // every piece of evidence with its exact bytes
    const evidence = await page
      .locator(`li.advise-change[data-key="${HEAP}"] li[data-metric]`)
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute("data-metric"), Number(e.getAttribute("data-bytes"))]),
      );
    expect(evidence).toEqual(heap?.evidence.map((e) => [e.metric, evidenceBytes(e)]));
    expect(await page.locator("#advise-result .summary").getAttribute("data-confidence")).toBe(
      core.confidence,
    );

    // both layouts to the byte, row by row, and drawn to one scale
    for (const role of ["executor", "driver"] as const) {
      for (const side of ["current", "advised"] as const) {
        const cell = page.locator(
          `section[data-process="${role}"] tr[data-field="heapBytes"] td[data-side="${side}"]`,
        );
        expect(Number(await cell.getAttribute("data-bytes")), `${role} ${side}`).toBe(
          core[side][role]?.heapBytes,
        );
      }
    }
    const widths = await page
      .locator('section[data-process="executor"] figure svg.diagram')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("width"))));
    const granted = [core.current.executor, core.advised.executor].map(
      (p) => p?.containerAllocatedBytes ?? 0,
    );
    expect(widths).toHaveLength(2);
    expect((widths[1] as number) / (widths[0] as number)).toBeCloseTo(
      (granted[1] as number) / (granted[0] as number),
      2,
    );
    const effect = page.locator(".advise-effect");
    expect(Number(await effect.getAttribute("data-gib-hours-from"))).toBe(core.effect.executorGibHours?.from);
    expect(Number(await effect.getAttribute("data-gib-hours-to"))).toBe(core.effect.executorGibHours?.to);

    // the flags: --conf key=value of the changes, shown and copied
    const flags = (await page.locator("#advise-flags").textContent()) ?? "";
    expect(flags).toContain(`--conf ${HEAP}=${heap?.to}`);
    expect(flags).toContain("--conf spark.driver.memory=1g");
    expect(flags).toContain("# remove spark.executor.memoryOverhead");
    // removals first, as comments (spark-submit cannot unset a key), then one continued --conf per setting
    expect(flags).toBe(
      [
        ...core.changes
          .filter((c) => c.to === null)
          .map((c) => `# remove ${c.key} (Spark's default applies)`),
        core.changes
          .filter((c) => c.to !== null)
          .map((c) => `--conf ${c.key}=${c.to}`)
          .join(" \\\n"),
      ].join("\n"),
    );
    await page.getByRole("button", { name: "Copy as flags" }).click();
    await expect.poll(() => page.evaluate("navigator.clipboard.readText()")).toBe(flags);
    expect(await page.locator("#advise-error").textContent()).toBe("");
    await page.screenshot({ path: `${SHOTS}advise-${APP_0018}.png`, fullPage: true });
    await page.context().close();
  });

  it("each goal advises the core's heap for it, from the logs already read", async () => {
    const page = await open();
    await page.locator("#advise-files").setInputFiles(`${EVENTS}${NDS}`);
    await finished(page);
    const seen = new Set<string>();
    for (const goal of ["cost", "reliability", "balanced"] as Goal[]) {
      const core = advise([nds], { goal });
      const to = core.changes.find((c) => c.key === HEAP)?.to as string;
      seen.add(to);
      await page.locator("#advise-goal").selectOption(goal);
      await expect.poll(() => shownTo(page, HEAP)).toBe(to);
      expect(await shownChanges(page)).toEqual(coreChanges(core));
      expect(await page.locator("#advise-flags").textContent()).toContain(`--conf ${HEAP}=${to}`);
    }
    expect(seen.size).toBe(3);
    await page.context().close();
  });

  it("two logs of one job are advised together, as the core does", async () => {
    const page = await open();
    const log = readFileSync(`${EVENTS}${APP_0018}`);
    await page.locator("#advise-files").setInputFiles([
      { name: "run-1", mimeType: "text/plain", buffer: log },
      { name: "run-2", mimeType: "text/plain", buffer: log },
    ]);
    await finished(page);
    expect(await page.locator("#advise-result .summary").textContent()).toContain("2 logs");
    expect(await shownChanges(page)).toEqual(coreChanges(advise([large, large])));
    await page.context().close();
  });

  it("not a Spark log: the core's one line, in the view", async () => {
    const page = await open();
    await page
      .locator("#advise-files")
      .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello\nworld\n") });
    await finished(page);
    const text = (await page.locator("#advise-error").textContent()) ?? "";
    const core = await analyzedText("notes.txt", "hello\nworld\n").then(
      () => "",
      (e: unknown) => (e instanceof SparkmemError ? e.oneLine() : String(e)),
    );
    expect(core).toContain("holds no Spark event");
    expect(text).toBe(core);
    expect(text).not.toContain("\n");
    expect(await page.locator("li.advise-change").count()).toBe(0);
    await page.context().close();
  });

  it("a log without its properties: advise()'s one line, in the view", async () => {
    const log = readFileSync(`${EVENTS}${APP_0018}`, "utf8")
      .split("\n")
      .filter((l) => !l.includes('"Event":"SparkListenerEnvironmentUpdate"'))
      .join("\n");
    const report = await analyzedText("cut.log", log);
    let core = "";
    try {
      advise([report]);
    } catch (e) {
      core = e instanceof SparkmemError ? e.oneLine() : String(e);
    }
    expect(core).toContain("holds no Spark properties");
    const page = await open();
    await page
      .locator("#advise-files")
      .setInputFiles({ name: "cut.log", mimeType: "text/plain", buffer: Buffer.from(log) });
    await finished(page);
    await expect.poll(() => page.locator("#advise-error").textContent()).toBe(core);
    expect(await page.locator("li.advise-change").count()).toBe(0);
    await page.context().close();
  });

  it("the Advise tab sits between Analyze and Size, and its link opens it", async () => {
    const page = await open();
    await page.locator("#tab-advise").focus();
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => page.locator("#tab-analyze").getAttribute("aria-selected")).toBe("true");
    expect(page.url()).toContain("view=analyze");
    expect(page.url()).not.toContain("view=advise");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator("#tab-advise").getAttribute("aria-selected")).toBe("true");
    expect(page.url()).toContain("view=advise");
    expect(await page.locator("#panel-advise").isVisible()).toBe(true);
    expect(await page.locator("#panel-analyze").isVisible()).toBe(false);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator("#tab-size").getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("ArrowLeft");
    await page.reload();
    await page.waitForSelector("#tab-advise[aria-selected='true']");
    expect(await page.locator("#view-name").textContent()).toBe("advise");
    await page.context().close();
  });

  it("at 390×844: no horizontal overflow", async () => {
    const page = await open({ width: 390, height: 844 });
    await page.locator("#advise-files").setInputFiles(`${EVENTS}${APP_0018}`);
    await finished(page);
    await expect.poll(() => page.locator("figure svg.diagram").count()).toBe(4);
    const [scrollWidth, innerWidth] = (await page.evaluate(
      "[document.scrollingElement.scrollWidth, window.innerWidth]",
    )) as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: `${SHOTS}advise-390x844.png`, fullPage: true });
    await page.context().close();
  });

  it("no page of this run logged an error or requested another origin", () => {
    expect(problems).toEqual([]);
  });
});
