// npm run size:web: the production page's size, raw and gzipped (level 9), after `npm run build`.
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const dir = new URL("../dist/web/assets/", import.meta.url);
let raw = 0;
let gz = 0;
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith(".js"))
  .sort()) {
  const bytes = readFileSync(new URL(name, dir));
  const g = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += g;
  console.log(`${name}  ${(bytes.length / 1024).toFixed(1)} kB  gzip ${(g / 1024).toFixed(1)} kB`);
}
console.log(`JS total  ${(raw / 1024).toFixed(1)} kB  gzip ${(gz / 1024).toFixed(1)} kB`);
