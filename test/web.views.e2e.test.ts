import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { changeOf } from "../src/conf/change.js";
import { confTextKind } from "../src/conf/sources/textKind.js";
import { explain } from "../src/model/explain.js";
import type { ProcessLayout } from "../src/model/types.js";
import { applyChanges } from "../web/src/apply.js";
import { toExplainInput } from "../web/src/input.js";
import { fromHash, presetState, toHash } from "../web/src/state.js";
import { describeInChromium, pageSession, SHOTS, watchPage } from "./support/browser.js";
import { SEED_SPARK_DEFAULTS, SEED_YARN_KILL } from "./support/seed.js";

/**
 * The Lint, Diagnose and Size views and the tabs, in headless Chromium over the production build
 * (web.e2e.test.ts covers the Explain view and says why Chromium may be missing here).
 */

const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script>`;

/** The executor's exact bytes as the Explain view shows them (drawing and table), by field. */
async function executorBytes(page: Page): Promise<Record<string, number>> {
  const cells = (await page
    .locator('section[data-process="executor"] [data-field][data-bytes]')
    .evaluateAll((els) => els.map((e) => [e.getAttribute("data-field"), e.getAttribute("data-bytes")]))) as [
    string,
    string,
  ][];
  return Object.fromEntries(cells.map(([f, b]) => [f, Number(b)]));
}
/** The same fields of the model's executor. */
async function sameAsModel(page: Page, model: ProcessLayout | null | undefined) {
  await expect.poll(() => executorBytes(page).then((v) => v.heapBytes)).toBe(model?.heapBytes);
  const shown = await executorBytes(page);
  expect(Object.keys(shown)).toContain("overheadBytes");
  const fields = model as unknown as Record<string, unknown>;
  expect(shown).toEqual(Object.fromEntries(Object.keys(shown).map((f) => [f, fields[f]])));
}

/** What the page's current URL computes with the core's explain (the state is all in the fragment). */
const modelOf = (url: string) => explain(toExplainInput(fromHash(new URL(url).hash)).input).executor;

describeInChromium("web page views in headless Chromium", () => {
  const session = pageSession();
  const problems: string[] = [];

  async function open(
    hash: string,
    viewport = { width: 1280, height: 800 },
    before: (page: Page) => Promise<unknown> = async () => {},
  ) {
    const context = await session.browser.newContext({ viewport });
    const page = await context.newPage();
    await before(page);
    page.setDefaultTimeout(10_000);
    watchPage(page, problems, session.server.url);
    await page.goto(session.server.url + hash);
    await page.waitForSelector('[role="tab"][aria-selected="true"]');
    return page;
  }

  const selected = (page: Page) =>
    page.locator('[role="tab"][aria-selected="true"]').getAttribute("id") as Promise<string>;

  it("lint: the seed's unknown key is an error card; Apply sets the overhead in Explain, which redraws", async () => {
    const page = await open("#view=lint");
    expect(await selected(page)).toBe("tab-lint");
    await page.locator("#lint-text").fill(SEED_SPARK_DEFAULTS);
    const card = page.locator('#lint-findings li[data-rule="unknown-key"]');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getAttribute("data-key")).toBe("spark.memory.memoryOverhead");
    expect(await card.getAttribute("class")).toContain("error");
    // errors first
    expect(await page.locator("#lint-findings li.card").first().getAttribute("data-rule")).toBe(
      "unknown-key",
    );
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("pasted:5");
    expect(text).toContain("did you mean spark.executor.memoryOverhead");
    expect(await card.locator("pre").textContent()).toBe(
      "remove spark.memory.memoryOverhead\n--conf spark.executor.memoryOverhead=3g",
    );
    expect(await page.locator("#lint-kind").textContent()).toBe("Read as spark-defaults.conf lines.");
    expect(await page.locator("#lint-context").textContent()).toContain("Spark 2.4.8");
    await page.screenshot({ path: `${SHOTS}lint-seed.png`, fullPage: true });

    await card.getByRole("button", { name: /^Apply/ }).click();
    expect(await selected(page)).toBe("tab-explain");
    expect(await page.locator("#panel-explain").isVisible()).toBe(true);
    expect(await page.locator("#panel-lint").isVisible()).toBe(false);
    expect(await page.locator("#key-spark-executor-memoryOverhead").inputValue()).toBe("3g");
    const url = decodeURIComponent(page.url());
    expect(url).toContain("spark.executor.memoryOverhead=3g");
    expect(url).toContain("v=2.4.8");
    expect(url).not.toContain("view=");
    const model = modelOf(page.url());
    expect(model?.overheadBytes).toBe(3 * 2 ** 30);
    await sameAsModel(page, model);
    // the same layout as explain on the seed's settings and the fix (only the form's wording of origins differs)
    expect(JSON.parse(JSON.stringify(model).replaceAll(" from the form", ""))).toEqual(
      explain({
        sparkVersion: "2.4.8",
        master: "yarn",
        hostCores: 4,
        hostMemoryBytes: 16 * 2 ** 30,
        conf: { ...presetState("seed").conf, "spark.executor.memoryOverhead": "3g" },
      }).executor,
    );
    await page.screenshot({ path: `${SHOTS}lint-applied-explain.png`, fullPage: true });
    await page.context().close();
  });

  it("diagnose: the seed's YARN kill is yarn-pmem-kill first; Apply sets its overhead in Explain", async () => {
    const page = await open("#view=diagnose");
    await page.locator("#diag-text").fill(SEED_YARN_KILL);
    const first = page.locator("#diag-causes li.cause").first();
    await expect.poll(() => first.getAttribute("data-cause")).toBe("yarn-pmem-kill");
    const text = (await first.textContent()) ?? "";
    expect(text).toContain("executor · confidence 95%");
    expect(text).toContain("33.0 GB (35433480192 bytes)"); // the limit, as Spark 2.4 prints it
    expect(await first.locator(".evidence").textContent()).toBe(SEED_YARN_KILL);
    const change = first.locator(".fix").first();
    expect(await change.locator("pre").textContent()).toBe("--conf spark.executor.memoryOverhead=7g");
    await page.screenshot({ path: `${SHOTS}diagnose-seed.png`, fullPage: true });
    await change.getByRole("button", { name: /^Apply/ }).click();
    expect(await selected(page)).toBe("tab-explain");
    expect(await page.locator("#key-spark-executor-memoryOverhead").inputValue()).toBe("7g");
    const model = modelOf(page.url());
    expect(model?.containerBytes).toBe(37 * 2 ** 30);
    await sameAsModel(page, model);
    await page.context().close();
  });

  it("diagnose with EMR JSON in Explain's paste box: waits for its parser; Apply rewrites the JSON as lines", async () => {
    const emr = JSON.stringify([
      {
        Classification: "spark-defaults",
        Properties: { "spark.executor.memoryOverhead": "3g", "spark.executor.cores": "4" },
      },
    ]);
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const page = await open(
      `#${toHash({ ...presetState("seed"), paste: emr, view: "diagnose" })}`,
      undefined,
      (p) =>
        p.route(/\/emrJson-[\w-]+\.js$/, async (route) => {
          await held;
          await route.continue();
        }),
    );
    await page.locator("#diag-text").fill(SEED_YARN_KILL);
    expect(await page.locator("#diag-causes li.cause").count()).toBe(0);
    release();
    const first = page.locator("#diag-causes li.cause").first();
    await expect.poll(() => first.getAttribute("data-cause")).toBe("yarn-pmem-kill");
    const fix = (await first.locator(".fix pre").first().textContent()) ?? "";
    const overhead = /^--conf spark\.executor\.memoryOverhead=(\S+)$/.exec(fix)?.[1];
    expect(overhead, fix).toBeDefined();
    await first
      .locator(".fix")
      .first()
      .getByRole("button", { name: /^Apply/ })
      .click();
    expect(await selected(page)).toBe("tab-explain");
    expect(await page.locator("#key-spark-executor-memoryOverhead").inputValue()).toBe(overhead);
    // the pasted JSON set the key changed: rewritten as the lines it amounts to, without that key
    expect(await page.locator("#paste").inputValue()).toBe("spark.executor.cores 4");
    await sameAsModel(page, modelOf(await page.evaluate<string>("location.href")));
    await page.context().close();
  });

  it("size: the worked example ranks 17 executors × 19549m first; Use this layout sends it to Explain", async () => {
    const page = await open("#view=size");
    for (const [id, v] of [
      ["#size-cores", "16"],
      ["#size-memory", "64g"],
      ["#size-nodes", "6"],
      ["#size-os-cores", "1"],
      ["#size-os-memory", "1g"],
      ["#size-exec-cores", "5"],
    ])
      await page.locator(id as string).fill(v as string);
    await page.selectOption("#size-master", "yarn");
    const row = page.locator('#size-result tr[data-rank="1"]');
    await expect.poll(() => row.locator("td.executors").textContent()).toBe("17");
    expect(await row.locator("td.memory").textContent()).toBe("19549m");
    expect(await row.locator(".bar .value").allTextContents()).toEqual(["95.6%", "94.7%"]);
    const widths = await row
      .locator(".bar .fill")
      .evaluateAll((els) => els.map((e) => (e as unknown as { style: { width: string } }).style.width));
    expect(widths.map((w) => Number.parseFloat(w).toFixed(1))).toEqual(["95.6", "94.7"]);
    const flags = (await page.locator("#size-result pre.flags").textContent()) ?? "";
    expect(flags).toContain("--num-executors 17");
    expect(flags).toContain("--executor-memory 19549m");
    await page.screenshot({ path: `${SHOTS}size-worked-example.png`, fullPage: true });
    await row.getByRole("button", { name: "Use layout 1 in Explain" }).click();
    expect(await selected(page)).toBe("tab-explain");
    expect(await page.locator("#key-spark-executor-memory").inputValue()).toBe("19549m");
    expect(await page.locator("#key-spark-executor-instances").inputValue()).toBe("17");
    expect(await page.locator("#key-spark-executor-cores").inputValue()).toBe("5");
    const model = modelOf(page.url());
    expect(model?.heapBytes).toBe(19549 * 2 ** 20);
    await sameAsModel(page, model);
    await page.context().close();
  });

  it("pasted HTML is shown as text: no element made, no script run, no dialog", async () => {
    const page = await open("#view=diagnose");
    const log = `${SEED_YARN_KILL}\n${HOSTILE}\njava.lang.OutOfMemoryError: Java heap space ${HOSTILE}`;
    await page.locator("#diag-text").fill(log);
    await expect.poll(() => page.locator("#diag-causes li.cause").count()).toBeGreaterThan(0);
    expect(await page.locator("#diag-causes").textContent()).toContain(HOSTILE);
    await page.locator("#tab-lint").click();
    await page.locator("#lint-text").fill(`spark.executor.memory ${HOSTILE}\nspark.x${HOSTILE} 1`);
    await expect.poll(() => page.locator("#panel-lint").textContent()).toContain("<img src=x");
    await page.waitForTimeout(300);
    expect(await page.evaluate("document.querySelectorAll('body img, body script').length")).toBe(0);
    expect(problems.filter((p) => p.startsWith("dialog"))).toEqual([]);
    await page.context().close();
  });

  it("tabs: one Tab stop, arrows/Home/End select and show a view, the choice is in the URL", async () => {
    const page = await open("");
    expect(await selected(page)).toBe("tab-explain");
    expect(page.url()).not.toContain("view=");
    await page.locator("#tab-explain").focus();
    const focused = () => page.evaluate("document.activeElement.id");
    await page.keyboard.press("ArrowRight");
    expect(await selected(page)).toBe("tab-lint");
    expect(await focused()).toBe("tab-lint");
    expect(await page.locator("#panel-lint").isVisible()).toBe(true);
    expect(await page.locator("#panel-explain").isVisible()).toBe(false);
    expect(page.url()).toContain("view=lint");
    await page.keyboard.press("End");
    expect(await selected(page)).toBe("tab-size");
    await page.keyboard.press("ArrowRight");
    expect(await selected(page)).toBe("tab-explain");
    await page.keyboard.press("ArrowLeft");
    expect(await selected(page)).toBe("tab-size");
    expect(await page.locator("#tab-size").getAttribute("tabindex")).toBe("0");
    expect(await page.locator("#tab-explain").getAttribute("tabindex")).toBe("-1");
    // Tab leaves the tab list for the panel
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("size-master");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Home");
    expect(await selected(page)).toBe("tab-explain");
    // a shared link opens its view
    const again = await open(`#${toHash({ ...presetState("seed"), view: "diagnose" })}`);
    expect(await selected(again)).toBe("tab-diagnose");
    await again.context().close();
    await page.context().close();
  });

  for (const view of ["lint", "diagnose", "size"] as const) {
    it(`${view} at 390×844: no horizontal overflow`, async () => {
      const page = await open(`#view=${view}`, { width: 390, height: 844 });
      if (view === "lint") await page.locator("#lint-text").fill(SEED_SPARK_DEFAULTS);
      if (view === "diagnose") await page.locator("#diag-text").fill(SEED_YARN_KILL);
      await expect
        .poll(() => page.locator(`#panel-${view} :is(li.card, tr[data-rank])`).count())
        .toBeGreaterThan(0);
      const [scrollWidth, innerWidth] = (await page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]",
      )) as [number, number];
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: `${SHOTS}${view}-390x844.png`, fullPage: true });
      await page.context().close();
    });
  }

  it("no page of this run logged an error, opened a dialog or requested another origin", () => {
    expect(problems).toEqual([]);
  });
});

describe("the views' pure parts, without a browser", () => {
  it("Apply edits the form's keys and the pasted lines, one mechanism", () => {
    const seed = {
      ...presetState("seed"),
      view: "lint" as const,
      paste: "spark.memory.memoryOverhead 0.1\nspark.foo 1",
    };
    const s = applyChanges(seed, [
      changeOf(null, "spark.memory.memoryOverhead", null, "test"),
      changeOf(null, "spark.executor.memoryOverhead", "3g", "test"),
      changeOf(null, "spark.executor.memoryOverheadFactor", "0.2", "test"),
    ]);
    expect(s.view).toBe("explain");
    expect(s.preset).toBe("");
    expect(s.conf["spark.executor.memoryOverhead"]).toBe("3g");
    expect(s.paste).toBe("spark.foo 1\nspark.executor.memoryOverheadFactor 0.2");
    // a pasted command that sets a changed key is rewritten as the lines it amounts to, so the change wins
    const cmd = applyChanges(
      { ...seed, paste: "pyspark --executor-memory 6g --conf spark.executor.memoryOverhead=1g" },
      [changeOf(null, "spark.executor.memoryOverhead", "2g", "test")],
    );
    expect(confTextKind(cmd.paste)).toBe("spark-defaults");
    expect(cmd.appType).toBe("python");
    expect(cmd.conf["spark.executor.memoryOverhead"]).toBe("2g");
    const conf = toExplainInput(cmd).input.conf as unknown as { entries: Map<string, { value: string }> };
    expect(conf.entries.get("spark.executor.memoryOverhead")?.value).toBe("2g");
    expect(conf.entries.get("spark.executor.memory")?.value).toBe("6g");
  });

  it("the lint box recognises each kind of input by its content", () => {
    expect(confTextKind("")).toBe("none");
    expect(confTextKind(SEED_SPARK_DEFAULTS)).toBe("spark-defaults");
    expect(confTextKind("spark-submit --executor-memory 4g x.jar")).toBe("spark-submit");
    expect(confTextKind('{"spark.executor.memory": "4g"}')).toBe("json");
    expect(confTextKind('[{"Classification": "spark-defaults", "Properties": {}}]')).toBe("emr");
    expect(confTextKind("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n")).toBe(
      "spark-application",
    );
    expect(confTextKind('from pyspark.sql import SparkSession\nSparkSession.builder.config("a", "b")')).toBe(
      "python",
    );
    expect(confTextKind('{"cells": [], "metadata": {}}')).toBe("notebook");
  });

  it("a fragment with only a view opens the default configuration in it; none is Explain", () => {
    expect(fromHash("#view=size")).toEqual({ ...presetState("seed"), view: "size" });
    expect(fromHash("#view=nope").view).toBe("explain");
    expect(fromHash("#v=3.5.9").view).toBe("explain");
    const s = { ...presetState("k8s"), view: "lint" as const };
    expect(fromHash(`#${toHash(s)}`)).toEqual(s);
  });
});
