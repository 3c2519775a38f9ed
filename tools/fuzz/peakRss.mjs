// Preloaded into each CLI run of test/fuzz.test.ts (node --import): writes the process's peak RSS in bytes
// to the file SPARKMEM_PEAK_RSS names when it exits, however it exits. Linux's VmHWM is this program's own
// peak; getrusage's maxRSS also counts the parent's pages the child held between fork and exec (a test
// runner of 400 MB makes every child look 400 MB), so it is only the fallback where /proc is missing.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.env.SPARKMEM_PEAK_RSS;
const peak = () => {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // no /proc
  }
  return process.resourceUsage().maxRSS * 1024;
};
if (file) process.on("exit", () => writeFileSync(file, String(peak())));
