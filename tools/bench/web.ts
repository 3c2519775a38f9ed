import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../src/cli/serveCommand.js";
import { buildLog } from "./buildLog.js";

/**
 * npm run bench:web [-- --size 100mb] [--json]
 * The page's first render of a large event log: a log built from a real fixture's events (as
 * bench:eventlog does), chosen in the Analyze view of the built page served by `sparkmem serve`, timed
 * from setInputFiles to the finished report in headless Chromium; the baseline, measured in the same run,
 * is `sparkmem analyze --json` on the same file in a fresh Node process.
 */
const CHROMIUM = process.env.SPARKMEM_CHROMIUM ?? "/usr/bin/chromium";

function parseSize(s: string): number {
  const m = /^(\d+)(mb|gb)$/i.exec(s);
  if (!m) throw new Error(`--size takes e.g. 100mb (was "${s}")`);
  return Number(m[1]) * (m[2]?.toLowerCase() === "gb" ? 1024 ** 3 : 1024 ** 2);
}

function cliMs(path: string): number {
  const bin = new URL("../../dist/cli/main.js", import.meta.url).pathname;
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, "analyze", path, "--json"], { maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sparkmem analyze: ${r.stderr.toString().slice(-500)}`);
  return performance.now() - started;
}

async function pageMs(path: string): Promise<number> {
  const server = await startServer({ root: new URL("../../dist/web/", import.meta.url).pathname, port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}#view=analyze`);
    await page.waitForSelector("#analyze-files");
    const started = performance.now();
    await page.locator("#analyze-files").setInputFiles(path);
    await page.waitForSelector("#analyze-status[data-state='done']", { timeout: 600_000 });
    return performance.now() - started;
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizeAt = args.indexOf("--size");
  const target = sizeAt >= 0 ? parseSize(args[sizeAt + 1] ?? "") : 100 * 1024 ** 2;
  const dir = mkdtempSync(join(tmpdir(), "sparkmem-bench-web-"));
  const log = join(dir, "application_1700000000000_0001");
  try {
    const bytes = await buildLog(log, target);
    const cli = cliMs(log);
    const page = await pageMs(log);
    const result = {
      logBytes: bytes,
      pageFirstRenderMs: Math.round(page),
      cliAnalyzeMs: Math.round(cli),
      pageBytesPerSec: Math.round(bytes / (page / 1000)),
      cliBytesPerSec: Math.round(bytes / (cli / 1000)),
    };
    if (args.includes("--json")) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const mib = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MiB/s`;
    process.stdout.write(
      `${[
        `log: ${(bytes / 1024 ** 2).toFixed(0)} MiB uncompressed (events of nds_q72_dataproc_2_2, ids renewed)`,
        `sparkmem analyze (CLI, fresh process)   ${(cli / 1000).toFixed(2)} s   ${mib(result.cliBytesPerSec)}`,
        `page: choose the file → report drawn    ${(page / 1000).toFixed(2)} s   ${mib(result.pageBytesPerSec)}   ${(page / cli).toFixed(2)}× the CLI's time`,
      ].join("\n")}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 1;
});
