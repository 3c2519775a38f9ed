import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../src/cli/serveCommand.js";
import { EXAMPLES } from "../src/model/examples.js";
import { explain } from "../src/model/explain.js";
import type { Layout } from "../src/model/types.js";
import { emrInstanceTypes } from "../src/size/emrInstances.js";
import { loadPasteParser, parsePaste, pasteKind, pasteReadable, toExplainInput } from "../web/src/input.js";
import { fromHash, presetState, toHash } from "../web/src/state.js";
import { describeInChromium, pageSession, SHOTS } from "./support/browser.js";

/**
 * The web page in real headless Chromium (Debian's, through playwright-core), served by `sparkmem serve`'s
 * server from the production build (npm test builds first). Screenshots go to test-artifacts/screenshots/.
 */
const BIN = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
/** The machine the page assumes for a local or client-mode driver when a preset names none. */
const HOST = ["--host-cores", "4", "--host-memory", "16g"];

/** `sparkmem explain … --json`, the CLI's answer for the same input. */
function cliLayout(...args: string[]): Layout {
  const r = spawnSync(process.execPath, [BIN, "explain", "--json", ...HOST, ...args], { encoding: "utf8" });
  expect(r.stdout, r.stderr).not.toBe("");
  return JSON.parse(r.stdout) as Layout;
}

type Values = Record<string, Record<string, number>>;

/** Every exact byte value the page shows: data-field/data-bytes of the drawing and the tables, per process. */
async function pageValues(page: Page): Promise<Values> {
  const cells = (await page
    .locator("section[data-process] [data-field][data-bytes]")
    .evaluateAll((els) =>
      els.map((e) => [
        e.closest("section")?.getAttribute("data-process"),
        e.getAttribute("data-field"),
        e.getAttribute("data-bytes"),
      ]),
    )) as [string, string, string][];
  const out: Values = {};
  for (const [proc, field, bytes] of cells) {
    const p = out[proc] ?? {};
    out[proc] = p;
    expect(
      p[field] === undefined || p[field] === Number(bytes),
      `${proc}.${field} shown twice differently`,
    ).toBe(true);
    p[field] = Number(bytes);
  }
  return out;
}

/** The same fields read from the CLI's JSON. */
function expected(layout: Layout, shown: Values): Values {
  const out: Values = {};
  const procs = { driver: layout.driver, executor: layout.executor, am: layout.am } as unknown as Record<
    string,
    Record<string, unknown> | null
  >;
  for (const [proc, fields] of Object.entries(shown)) {
    out[proc] = {};
    for (const f of Object.keys(fields)) (out[proc] as Record<string, unknown>)[f] = procs[proc]?.[f];
  }
  return out;
}

async function expectSameAsCli(page: Page, layout: Layout) {
  const shown = await pageValues(page);
  expect(Object.keys(shown).sort()).toEqual(["driver", "executor", ...(layout.am ? ["am"] : [])].sort());
  expect(shown).toEqual(expected(layout, shown));
  return shown;
}

describeInChromium("web page in headless Chromium, served by sparkmem serve", () => {
  const session = pageSession();
  const opened: { errors: string[]; requests: string[] }[] = [];

  /** A fresh browser context at `hash`, collecting console errors (CSP violations land there) and requests. */
  async function open(hash = "", viewport = { width: 1280, height: 800 }) {
    const context = await session.browser.newContext({ viewport });
    const page = await context.newPage();
    const log = { errors: [] as string[], requests: [] as string[] };
    opened.push(log);
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") log.errors.push(m.text());
    });
    page.on("pageerror", (e) => log.errors.push(e.message));
    page.on("request", (r) => log.requests.push(r.url()));
    const response = await page.goto(session.server.url + hash);
    await page.waitForSelector('section[data-process="executor"] rect[data-field="heapBytes"]');
    return { page, response, log };
  }

  const executorInput = (page: Page) => page.locator("#key-spark-executor-memory");

  it("(a) the default layout shows the bytes of `sparkmem explain --example seed --json`", async () => {
    const { page } = await open();
    const layout = cliLayout("--example", "seed");
    const shown = await expectSameAsCli(page, layout);
    for (const f of [
      "containerBytes",
      "heapBytes",
      "reservedBytes",
      "userBytes",
      "unifiedBytes",
      "storageRegionBytes",
      "executionRegionBytes",
      "overheadBytes",
      "systemMemoryBytes",
    ])
      expect(shown.executor, f).toHaveProperty(f);
    // labels as Spark prints sizes, in the drawing and the table
    const exec = page.locator('section[data-process="executor"]');
    await expect.poll(() => exec.locator("svg text").allTextContents()).toContain("Container 33.0 GiB");
    expect(await exec.locator("svg text").allTextContents()).toContain("Storage region 10.5 GiB");
    // to scale: widths in proportion to bytes
    const width = async (region: string) =>
      Number(await exec.locator(`rect[data-region="${region}"]`).getAttribute("width"));
    const container = await width("container");
    expect(Math.abs((await width("storage")) - (container * 11327556812) / 35433480192)).toBeLessThan(0.02);
    expect(Math.abs((await width("overhead")) - (container * 3221225472) / 35433480192)).toBeLessThan(0.02);
    expect(page.url()).toContain("#preset=seed&v=2.4.8&master=yarn");
    await page.screenshot({ path: `${SHOTS}explain-default-1280x800.png`, fullPage: true });
    await page.context().close();
  });

  it("(b) typing a new executor memory redraws, keystroke by keystroke, with the new exact values", async () => {
    const { page } = await open();
    const input = executorInput(page);
    await input.fill("");
    await input.pressSequentially("8");
    // 8 (MiB, as Spark reads a bare number): drawn at once, with Spark's refusal
    const heap = page.locator('section[data-process="executor"] rect[data-region="heap"]');
    await expect.poll(() => heap.getAttribute("data-bytes")).toBe(String(8 * 2 ** 20));
    expect(await page.locator(".spark-errors").textContent()).toContain("Executor memory 8 must be at least");
    await input.pressSequentially("g");
    await expect.poll(() => heap.getAttribute("data-bytes")).toBe(String(8 * 2 ** 30));
    await expectSameAsCli(page, cliLayout("--example", "seed", "--executor-memory", "8g"));
    expect(decodeURIComponent(page.url())).toContain("spark.executor.memory=8g");
    // a value Spark cannot read: SparkmemError's one line, next to a field marked invalid
    await input.pressSequentially("x");
    await expect
      .poll(() => page.locator("#error").textContent())
      .toMatch(/^spark\.executor\.memory from the form: "8gx" is not a size; expected/);
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: `${SHOTS}explain-bad-input.png`, fullPage: true });
    await input.press("Backspace");
    await expect.poll(() => page.locator("#error").textContent()).toBe("");
    await page.screenshot({ path: `${SHOTS}explain-executor-8g.png`, fullPage: true });
    await page.context().close();
  });

  it("(c) a shared URL restores the state and the values, pasted command included", async () => {
    const first = await open();
    await first.page.selectOption("#preset", "k8s");
    const paste =
      "spark-submit --master k8s://https://k8s:443 --deploy-mode cluster --executor-memory 6g \\\n  --conf spark.executor.pyspark.memory=1g job.py";
    await first.page.locator("#paste").fill(paste);
    const cli = cliLayout(
      "--example",
      "k8s",
      "--",
      "spark-submit",
      "--master",
      "k8s://https://k8s:443",
      "--deploy-mode",
      "cluster",
      "--executor-memory",
      "6g",
      "--conf",
      "spark.executor.pyspark.memory=1g",
      "job.py",
    );
    await expect.poll(() => pageValues(first.page).then((v) => v.executor?.heapBytes)).toBe(6 * 2 ** 30);
    await expectSameAsCli(first.page, cli);
    const shared = first.page.url();
    await first.page.context().close();

    const { page } = await open(new URL(shared).hash);
    expect(page.url()).toBe(shared);
    await expectSameAsCli(page, cli);
    expect(await page.locator("#preset").inputValue()).toBe(""); // edited after choosing the preset: custom
    expect(await page.locator("#version").inputValue()).toBe("3.5.3");
    expect(await page.locator("#paste").inputValue()).toBe(paste);
    expect(await executorInput(page).inputValue()).toBe("8g");
    expect(await page.locator("#key-spark-executor-memory-note").textContent()).toBe(
      "set by the pasted text",
    );
    expect(await page.locator("#master-note").textContent()).toBe("set by the pasted text");
    expect(await page.locator("#key-spark-memory-offHeap-enabled").isChecked()).toBe(true);
    expect(cli.executor?.pod?.memoryRequest).toBeTruthy();
    expect(await page.locator('section[data-process="executor"]').textContent()).toContain(
      `memory request = limit = ${cli.executor?.pod?.memoryRequest}`,
    );
    await page.screenshot({ path: `${SHOTS}explain-shared-k8s.png`, fullPage: true });
    await page.context().close();
  });

  it("(d) keyboard: Tab reaches the regions, and focus shows the formula and Spark source", async () => {
    const { page } = await open();
    const layout = cliLayout("--example", "seed");
    const active = () =>
      page.evaluate(
        "[document.activeElement?.closest('section')?.dataset.process, document.activeElement?.getAttribute('data-field')]",
      ) as Promise<[string | undefined, string | null]>;
    let reached: [string | undefined, string | null] = [undefined, null];
    for (let i = 0; i < 80 && !(reached[0] === "executor" && reached[1] === "storageRegionBytes"); i++) {
      await page.keyboard.press("Tab");
      reached = await active();
    }
    expect(reached).toEqual(["executor", "storageRegionBytes"]);
    const tip = page.locator("#tooltip");
    await expect.poll(() => tip.isVisible()).toBe(true);
    const d = layout.executor?.derivation.storageRegionBytes;
    const text = (await tip.textContent()) ?? "";
    expect(text).toContain("Storage region: 10.5 GiB");
    expect(text).toContain("11327556812 bytes");
    expect(text).toContain(d?.formula);
    expect(text).toContain(`Spark source: ${d?.source}`);
    const focused = page.locator('section[data-process="executor"] rect[data-field="storageRegionBytes"]');
    expect(await focused.getAttribute("aria-describedby")).toBe("tooltip");
    await page.screenshot({ path: `${SHOTS}explain-tooltip-keyboard.png` });
    await page.keyboard.press("Escape");
    await expect.poll(() => tip.isVisible()).toBe(false);
    // and the mouse: hovering the driver's heap shows its derivation
    await page.hover('section[data-process="driver"] rect[data-field="heapBytes"]');
    await expect.poll(() => tip.textContent()).toContain(layout.driver.derivation.heapBytes?.formula);
    await page.context().close();
  });

  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    it(`(e) readable at ${w}×${h}: no horizontal overflow, the drawing fits`, async () => {
      const { page } = await open("", { width: w, height: h });
      const [scrollWidth, innerWidth] = (await page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]",
      )) as [number, number];
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      for (const box of await page
        .locator("svg.diagram")
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right)))
        expect(box).toBeLessThanOrEqual(w);
      await page.screenshot({ path: `${SHOTS}explain-${w}x${h}.png`, fullPage: true });
      await page.context().close();
    });
  }

  it("(g) an EMR instance type on YARN: its YARN limits apply as the CLI's --conf, refusal included, and the URL keeps it", async () => {
    const hash =
      "#v=3.5.9&master=yarn&deploy=client&app=jvm&hostCores=4&hostMemory=16g&spark.executor.memory=12g";
    const { page } = await open(hash);
    const m5 = emrInstanceTypes().get("m5.xlarge");
    expect(m5?.maxAllocationMiB).toBeTruthy();
    expect(m5?.minAllocationMiB).toBeTruthy();
    const yarnConf = [
      "--conf",
      `yarn.scheduler.maximum-allocation-mb=${m5?.maxAllocationMiB}`,
      "--conf",
      `yarn.scheduler.minimum-allocation-mb=${m5?.minAllocationMiB}`,
    ];
    const args = (mem: string) => [
      ...["--spark-version", "3.5.9", "--master", "yarn", "--deploy-mode", "client"],
      ...["--app-type", "jvm", "--executor-memory", mem],
    ];
    // unknown text: an inline error naming it, with the nearest names
    const field = page.locator("#emr-type");
    await field.fill("m5.xlarg");
    await expect
      .poll(() => page.locator("#error").textContent())
      .toMatch(
        /^EMR instance type: "m5\.xlarg" is not an instance type in the EMR data; did you mean m5\.xlarge/,
      );
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    // 12g + overhead is above m5.xlarge's largest container: Spark's own refusal
    await field.fill("m5.xlarge");
    await expect.poll(() => page.locator("#error").textContent()).toBe("");
    await expect.poll(() => page.locator(".spark-errors").textContent()).toContain("above the max threshold");
    const refused = cliLayout(...args("12g"), ...yarnConf);
    expect(refused.errors.map((e) => e.message).join("\n")).toContain(
      `above the max threshold (${m5?.maxAllocationMiB} MB)`,
    );
    for (const e of refused.errors)
      expect(await page.locator(".spark-errors").textContent()).toContain(e.message);
    expect(await page.locator("#emr-note").textContent()).toBe(
      `m5.xlarge: ${m5?.vcpu} vCPUs, ${m5?.memoryGiB} GiB; YARN memory per node ${m5?.nodeManagerMiB} MiB, largest container ${m5?.maxAllocationMiB} MiB, rounded up to ${m5?.minAllocationMiB} MiB.`,
    );
    // a size that fits: every value the CLI's, the container rounded to the type's minimum allocation
    await executorInput(page).fill("4g");
    await expect.poll(() => pageValues(page).then((v) => v.executor?.heapBytes)).toBe(4 * 2 ** 30);
    const fits = cliLayout(...args("4g"), ...yarnConf);
    const shown = await expectSameAsCli(page, fits);
    const allocated = shown.executor?.containerAllocatedBytes as number;
    expect(allocated).toBe(fits.executor?.containerAllocatedBytes);
    expect(allocated % ((m5?.minAllocationMiB as number) * 2 ** 20)).toBe(0);
    expect(allocated).not.toBe(cliLayout(...args("4g")).executor?.containerAllocatedBytes);
    expect(decodeURIComponent(page.url())).toContain("emr=m5.xlarge");
    await page.screenshot({ path: `${SHOTS}explain-emr-m5-xlarge.png`, fullPage: true });
    const shared = page.url();
    await page.context().close();

    // the shared link restores the type and its values
    const again = await open(new URL(shared).hash);
    expect(await again.page.locator("#emr-type").inputValue()).toBe("m5.xlarge");
    await expect.poll(() => again.page.locator("#emr-note").textContent()).toContain("m5.xlarge: ");
    await expectSameAsCli(again.page, fits);
    await again.page.context().close();
  });

  it("(h) pasted EMR JSON: its parser is loaded then, not at first, and the layout is the CLI's for its settings", async () => {
    const { page, log } = await open();
    const parserChunk = (urls: string[]) => urls.filter((u) => /\/emrJson-[\w-]+\.js$/.test(u));
    expect(parserChunk(log.requests)).toEqual([]);
    // hold the parser's chunk back: keystrokes while it loads, then the view redraws from the last text
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route(/\/emrJson-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const emr = (mem: string) =>
      JSON.stringify([
        {
          Classification: "spark-defaults",
          Properties: { "spark.executor.memory": mem, "spark.executor.cores": "3" },
        },
      ]);
    const paste = page.locator("#paste");
    await paste.fill(emr("6g"));
    await expect.poll(() => page.locator("#processes").getAttribute("class")).toContain("stale");
    expect(await page.locator("#paste-kind").textContent()).toBe("Read as EMR configuration JSON.");
    await paste.fill(emr("7g"));
    await paste.press("End");
    await paste.pressSequentially(" ");
    release();
    await expect.poll(() => pageValues(page).then((v) => v.executor?.heapBytes)).toBe(7 * 2 ** 30);
    expect(await page.locator("#processes").getAttribute("class")).not.toContain("stale");
    expect(parserChunk(log.requests)).toHaveLength(1);
    const cli = (mem: string) =>
      cliLayout(
        "--example",
        "seed",
        "--conf",
        `spark.executor.memory=${mem}`,
        "--conf",
        "spark.executor.cores=3",
      );
    await expectSameAsCli(page, cli("7g"));
    expect(await page.locator("#key-spark-executor-memory-note").textContent()).toBe(
      "set by the pasted text",
    );
    // loaded: each keystroke redraws at once, as for the other kinds
    await paste.fill(emr("5g"));
    await expect.poll(() => pageValues(page).then((v) => v.executor?.heapBytes)).toBe(5 * 2 ** 30);
    await expectSameAsCli(page, cli("5g"));
    // a bad text is one line of error, the last drawing kept greyed
    await paste.fill('[{"Classification": "spark-defaults", "Properties": {"spark.executor.memory": 5}');
    await expect.poll(() => page.locator("#error").textContent()).toMatch(/^the pasted text:1/);
    expect(await page.locator("#processes").getAttribute("class")).toContain("stale");
    await paste.fill(emr("5g"));
    // the address bar as the page set it (page.url() follows replaceState a moment later)
    const shared = await page.evaluate<string>("location.href");
    expect(decodeURIComponent(shared)).toContain('"spark.executor.memory":"5g"');
    await page.context().close();

    // a link holding EMR JSON loads the parser at once and draws the same values
    const again = await open(new URL(shared).hash);
    expect(parserChunk(again.log.requests)).toHaveLength(1);
    await expectSameAsCli(again.page, cli("5g"));
    await again.page.context().close();
  });

  it("(i) when EMR JSON's parser cannot be loaded, the page says so in one line, keeps the last drawing, and tries again", async () => {
    const { page, log } = await open();
    await page.route(/\/emrJson-[\w-]+\.js$/, (route) => route.abort());
    await page.locator("#paste").fill('[{"Classification": "spark-defaults", "Properties": {}}]');
    await expect
      .poll(() => page.locator("#error").textContent())
      .toMatch(
        /^The reader of EMR configuration JSON could not be loaded \(.+\): edit the text to try again/,
      );
    expect(await page.locator("#processes").getAttribute("class")).toContain("stale");
    expect(await page.locator('section[data-process="executor"]').count()).toBe(1);
    // spark-defaults lines need no other parser: read at once again
    await page.locator("#paste").fill("spark.executor.memory 3g");
    await expect.poll(() => pageValues(page).then((v) => v.executor?.heapBytes)).toBe(3 * 2 ** 30);
    expect(await page.locator("#error").textContent()).toBe("");
    // reachable again: the next EMR text loads it
    await page.unroute(/\/emrJson-[\w-]+\.js$/);
    await page
      .locator("#paste")
      .fill('[{"Classification": "spark-defaults", "Properties": {"spark.executor.memory": "5g"}}]');
    await expect.poll(() => pageValues(page).then((v) => v.executor?.heapBytes)).toBe(5 * 2 ** 30);
    // the aborted request is the one error this page logs; (f) checks that no other page logged any
    expect(log.errors).toEqual(["Failed to load resource: net::ERR_FAILED"]);
    log.errors.length = 0;
    await page.context().close();
  });

  it("(f) the page is served with the CSP and loads without a CSP violation or a foreign request", async () => {
    const { page, response, log } = await open();
    const headers = response?.headers() ?? {};
    expect(headers["content-security-policy"]).toBe(SECURITY_HEADERS["Content-Security-Policy"]);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    await page.locator("#key-spark-executor-memory").fill("4g");
    await page.hover('section[data-process="executor"] rect[data-region="storage"]');
    await page.waitForTimeout(200);
    expect(log.errors).toEqual([]);
    expect(log.requests.every((u) => u.startsWith(session.server.url))).toBe(true);
    await page.context().close();
    // and no other page of this run logged an error either
    expect(opened.flatMap((o) => o.errors)).toEqual([]);
  });
});

describe("the page's state, without a browser", () => {
  it("each preset's form state computes exactly the CLI's layout for --example", () => {
    for (const name of Object.keys(EXAMPLES)) {
      const page = explain(toExplainInput(presetState(name)).input);
      // the same numbers, notes and formulas; only the origin of a value differs in its wording
      const text = JSON.stringify(page).replaceAll(" from the form", "");
      expect(JSON.parse(text), name).toEqual(cliLayout("--example", name));
    }
  });

  it("the URL fragment round-trips the whole state", () => {
    for (const name of Object.keys(EXAMPLES)) {
      const s = { ...presetState(name), paste: "spark-submit --conf 'spark.driver.memory=2g' a.py\n#x&y=z" };
      expect(fromHash(`#${toHash(s)}`)).toEqual(s);
    }
    expect(fromHash("")).toEqual(presetState("seed"));
    const withType = { ...presetState("emr"), emrType: "m5.xlarge" };
    expect(fromHash(`#${toHash(withType)}`)).toEqual(withType);
    // a link made before the field: no type
    expect(fromHash("#v=3.5.9&master=yarn").emrType).toBe("");
  });

  it("the paste box recognises each kind of input", () => {
    expect(pasteKind("")).toBe("none");
    expect(pasteKind("/opt/spark/bin/spark-submit --executor-memory 4g x.jar")).toBe("spark-submit");
    expect(pasteKind("--executor-memory 4g")).toBe("spark-submit");
    expect(pasteKind("spark.executor.memory 4g")).toBe("spark-defaults");
    expect(pasteKind('{"spark.executor.memory": "4g"}')).toBe("json");
    expect(pasteKind('[{"Classification": "spark-defaults", "Properties": {}}]')).toBe("emr");
  });

  it("EMR JSON is read once its parser is loaded; the other kinds at once", async () => {
    const emr = '[{"Classification": "spark-defaults", "Properties": {"spark.executor.memory": "6g"}}]';
    for (const t of [
      "",
      "spark.executor.memory 4g",
      '{"spark.executor.memory": "4g"}',
      "--executor-memory 4g",
    ])
      expect(pasteReadable(t), t).toBe(true);
    expect(pasteReadable(emr)).toBe(false);
    expect(() => parsePaste(emr)).toThrow(/not loaded/);
    await loadPasteParser(emr);
    expect(pasteReadable(emr)).toBe(true);
    expect(parsePaste(emr).conf.entries.get("spark.executor.memory")?.value).toBe("6g");
  });
});
