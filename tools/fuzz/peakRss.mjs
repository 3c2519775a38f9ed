// Preloaded into each CLI run of test/fuzz.test.ts (node --import): writes the process's peak RSS in bytes
// to the file SPARKMEM_PEAK_RSS names when it exits, however it exits.
import { writeFileSync } from "node:fs";

const file = process.env.SPARKMEM_PEAK_RSS;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
