import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { explain } from "../src/model/explain.js";
import { simulate } from "../src/simulate/simulate.js";
import { toExplainInput } from "../web/src/input.js";
import { fromSim, shorthandOf } from "../web/src/simulateInput.js";
import { fromHash } from "../web/src/state.js";
import { describeInChromium, pageSession, SHOTS, watchPage } from "./support/browser.js";

/**
 * The Simulate view in headless Chromium over the production build (web.e2e.test.ts says why Chromium may be
 * missing here): issue 16's worked example from a shared link — an executor of 4g on Spark 3.5 (Java 17, the
 * 3.5 line's default; the form has no Java field) on YARN, 2g cached, then one task asking 1g.
 */
const LINK =
  "#view=simulate&v=3.5.9&master=yarn&spark.executor.memory=4g&sim.cache=2g&sim.tasks=1&sim.taskMemory=1g";
const MiB = 2 ** 20;

/** What the page computes for an element (read in the page: the tests' tsconfig has no DOM types). */
type InPage = { style: { width: string } };
type PageWindow = { getComputedStyle(e: unknown): { transitionDuration: string } };
const width = (l: Locator) => l.evaluate((e) => Number.parseFloat((e as unknown as InPage).style.width));
const transition = (l: Locator) =>
  l.evaluate((e) => (globalThis as unknown as PageWindow).getComputedStyle(e).transitionDuration);

describeInChromium("web page: the Simulate view in headless Chromium", () => {
  const session = pageSession();
  const problems: string[] = [];

  async function open(
    hash: string,
    options: { width?: number; height?: number; reducedMotion?: "reduce" } = {},
  ) {
    const { reducedMotion, width = 1280, height = 800 } = options;
    const context = await session.browser.newContext({
      viewport: { width, height },
      ...(reducedMotion ? { reducedMotion } : {}),
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watchPage(page, problems, session.server.url);
    await page.goto(session.server.url + hash);
    await page.waitForSelector('[role="tab"][aria-selected="true"]');
    return page;
  }

  const steps = (page: Page) => page.locator("#sim-steps button.step");
  const current = (page: Page) =>
    page.locator('#sim-steps button.step[aria-current="step"]').getAttribute("data-step");
  const onHeap = (page: Page, part: string) => page.locator(`#sim-pools [data-mode="on-heap"] .seg.${part}`);
  const url = (page: Page) => page.evaluate<string>("location.href");

  it("a shared link opens the worked example: 2 steps, step 2 evicts 7 blocks for the 1 GiB granted", async () => {
    const page = await open(LINK);
    expect(await page.locator('[role="tab"][aria-selected="true"]').getAttribute("id")).toBe("tab-simulate");
    await expect.poll(() => steps(page).count()).toBe(2);
    expect(await page.locator("#sim-cache").inputValue()).toBe("2g");
    expect(await page.locator("#sim-tasks").inputValue()).toBe("1");
    expect(await page.locator("#sim-task-memory").inputValue()).toBe("1g");
    expect(await page.locator("#panel-simulate").textContent()).toContain("Spark 3.5.9 (yarn)");
    expect(await page.locator("#panel-simulate").textContent()).toContain("Java 17");
    const [one, two] = await steps(page).allTextContents();
    expect(one).toContain("cache rdd_1: 16 × 128.0 MiB MEMORY_ONLY");
    expect(two).toContain("task 1 acquires 1024.0 MiB");
    expect(two).toContain("granted 1024.0 MiB");
    expect(two).toContain("evicted 7 blocks");
    // the core's figures for the same link
    const state = fromHash(LINK);
    const r = simulate(explain(toExplainInput(state).input), shorthandOf(fromSim(state.sim).fields));
    expect(r.steps[1]?.storageUsedBytes).toBe(1152 * MiB);

    // step 1 first; Next shows step 2, its pools drawn to scale and announced
    expect(await current(page)).toBe("1");
    expect(await page.getByRole("button", { name: "Previous step" }).isDisabled()).toBe(true);
    expect(await onHeap(page, "storage-used").getAttribute("data-bytes")).toBe(String(2048 * MiB));
    await page.getByRole("button", { name: "Next step" }).click();
    expect(await current(page)).toBe("2");
    expect(await page.getByRole("button", { name: "Next step" }).isDisabled()).toBe(true);
    const used = onHeap(page, "storage-used");
    expect(await used.getAttribute("data-bytes")).toBe(String(1152 * MiB));
    expect(await used.getAttribute("title")).toContain("1152.0 MiB");
    const bar = page.locator('#sim-pools [data-mode="on-heap"] .pool-bar');
    expect(await bar.getAttribute("role")).toBe("img");
    expect(await bar.getAttribute("aria-label")).toContain("storage 1152.0 MiB used of 1152.0 MiB");
    expect(await page.locator('#sim-pools [data-mode="on-heap"] .pool-numbers').textContent()).toContain(
      "1152.0 MiB used",
    );
    // each part's width is its share of the unified region (storage pool + execution pool)
    const unified = (r.steps[1]?.storagePoolBytes ?? 0) + (r.steps[1]?.executionPoolBytes ?? 0);
    await expect.poll(() => width(used)).toBeCloseTo(((1152 * MiB) / unified) * 100, 3);
    const status = page.locator("#sim-status");
    expect(await status.getAttribute("aria-live")).toBe("polite");
    expect(await status.textContent()).toMatch(
      /^Step 2 of 2: task 1 acquires 1024\.0 MiB \(task\) — granted/,
    );
    await page.screenshot({ path: `${SHOTS}simulate-worked-example.png`, fullPage: true });
    await page.getByRole("button", { name: "Previous step" }).click();
    expect(await current(page)).toBe("1");
    expect(await status.textContent()).toMatch(/^Step 1 of 2: cache rdd_1/);
    // a step of the list is chosen by clicking it
    await steps(page).nth(1).click();
    expect(await current(page)).toBe("2");
    // Play from the end starts again at step 1 and steps on by itself, then stops
    await page.getByRole("button", { name: "Play" }).click();
    expect(await current(page)).toBe("1");
    expect(await page.getByRole("button", { name: "Pause" }).count()).toBe(1);
    await expect.poll(() => current(page), { timeout: 3000 }).toBe("2");
    await expect.poll(() => page.getByRole("button", { name: "Play" }).count()).toBe(1);
    // the bars move with a transition, unless the reader asked for reduced motion
    expect(await transition(used)).toBe("0.5s");
    await page.context().close();

    const still = await open(LINK, { reducedMotion: "reduce" });
    await expect.poll(() => steps(still).count()).toBe(2);
    expect(await transition(onHeap(still, "storage-used"))).toBe("0s");
    await still.context().close();
  });

  it("the scenario JSON: filled from the fields, wins once edited, in the link; an error is one line", async () => {
    const page = await open(LINK);
    await expect.poll(() => steps(page).count()).toBe(2);
    const json = page.locator("#sim-json");
    expect(JSON.parse(await json.inputValue())).toEqual({
      process: "executor",
      events: [
        { cache: { id: "rdd_1", blocks: 16, blockBytes: 128 * MiB, level: "MEMORY_ONLY" } },
        { task: 1, acquire: 1024 * MiB },
      ],
    });
    // a field edit redraws and goes into the link
    await page.locator("#sim-tasks").fill("2");
    await expect.poll(() => steps(page).count()).toBe(3);
    expect(decodeURIComponent(await url(page))).toContain("sim.tasks=2");
    // an edited JSON wins over the fields, and the link holds it
    const edited =
      '{"events": [{"task": 1, "acquire": "1g"}, {"task": 2, "acquire": "2g"}, {"task": 1, "end": true}]}';
    await json.fill(edited);
    await expect.poll(() => steps(page).count()).toBe(3);
    await expect.poll(() => steps(page).nth(0).textContent()).toContain("task 1 acquires 1024.0 MiB");
    expect(await page.locator("#sim-cache").isDisabled()).toBe(true);
    await expect.poll(() => url(page).then((u) => fromHash(new URL(u).hash).sim?.["sim.json"])).toBe(edited);
    // reloading the link restores the same scenario (and the settings)
    await page.reload();
    await expect.poll(() => steps(page).count()).toBe(3);
    expect(await json.inputValue()).toBe(edited);
    expect(await page.locator("#sim-tasks").inputValue()).toBe("2");
    expect(await page.locator("#panel-simulate").textContent()).toContain("Spark 3.5.9 (yarn)");
    expect(await page.locator("#sim-error").textContent()).toBe("");

    // invalid JSON: one line of error, no steps; the link and a reload keep it
    await json.fill('{"events": [{"task": 1, "acquire": }]}');
    const error = page.locator("#sim-error");
    await expect.poll(() => error.textContent()).toContain("scenario JSON: is not valid JSON");
    expect(await error.getAttribute("role")).toBe("alert");
    expect((await error.textContent())?.includes("\n")).toBe(false);
    expect(await json.getAttribute("aria-invalid")).toBe("true");
    expect(await steps(page).count()).toBe(0);
    await page.reload();
    await expect.poll(() => error.textContent()).toContain("scenario JSON: is not valid JSON");
    // a scenario Spark's reader refuses names the field
    await json.fill('{"events": [{"task": 1, "acquire": -5}]}');
    await expect
      .poll(() => error.textContent())
      .toMatch(/^scenario\.events\[0\]\.acquire: -5 is not a size; expected/);

    // back to the fields
    await page.getByRole("button", { name: /Use the fields/ }).click();
    await expect.poll(() => steps(page).count()).toBe(3);
    expect(await error.textContent()).toBe("");
    expect(await page.locator("#sim-cache").isDisabled()).toBe(false);
    expect(decodeURIComponent(await url(page))).not.toContain("sim.json");
    await page.locator("#sim-cache").fill("lots");
    await expect.poll(() => error.textContent()).toMatch(/^Cache size: "lots" is not a size/);
    expect(await page.locator("#sim-cache").getAttribute("aria-invalid")).toBe("true");
    await page.context().close();
  });

  it("a JSON too long for a link stays in the page, and the view says so", async () => {
    const page = await open(LINK);
    await expect.poll(() => steps(page).count()).toBe(2);
    const events = Array.from({ length: 400 }, (_, i) => ({ task: (i % 4) + 1, acquire: "64m" }));
    await page.locator("#sim-json").fill(JSON.stringify({ events }));
    await expect.poll(() => steps(page).count()).toBe(400);
    expect(await page.locator("#sim-json-note").textContent()).toContain("too long for a link");
    const href = await url(page);
    expect(href.length).toBeLessThan(2000);
    expect(fromHash(new URL(href).hash).sim?.["sim.json"]).toBeUndefined();
    await page.context().close();
  });

  it("the Simulate tab follows Diagnose; without a scenario it opens on the worked example's fields", async () => {
    const page = await open("#view=diagnose");
    await page.locator("#tab-diagnose").focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator("#tab-simulate").getAttribute("aria-selected")).toBe("true");
    expect(page.url()).toContain("view=simulate");
    expect(page.url()).not.toContain("sim.");
    await expect.poll(() => steps(page).count()).toBe(2);
    expect(await page.locator("#sim-cache").inputValue()).toBe("2g");
    // the seed preset's settings (Spark 2.4.8, 30g executors): 2g fits beside the task, nothing evicted
    expect(await page.locator("#panel-simulate").textContent()).toContain("Spark 2.4.8 (yarn)");
    expect(await steps(page).nth(1).textContent()).not.toContain("evicted");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator("#tab-analyze").getAttribute("aria-selected")).toBe("true");
    await page.context().close();
  });

  it("at 390×844: no horizontal overflow", async () => {
    const page = await open(LINK, { width: 390, height: 844 });
    await expect.poll(() => steps(page).count()).toBe(2);
    const [scrollWidth, innerWidth] = (await page.evaluate(
      "[document.scrollingElement.scrollWidth, window.innerWidth]",
    )) as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: `${SHOTS}simulate-390x844.png`, fullPage: true });
    await page.context().close();
  });

  it("no page of this run logged an error, opened a dialog or requested another origin", () => {
    expect(problems).toEqual([]);
  });
});
