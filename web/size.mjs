// npm run size:web: the production page's size, raw and gzipped (level 9, each file on its own), after
// `npm run build`, and its first load: the entry chunk and the chunks it imports statically, from Vite's
// manifest (test/webBudget.test.ts keeps both within their budgets; kB = 1024 bytes).
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const web = new URL("../dist/web/", import.meta.url);
const dir = new URL("assets/", web);
const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
const sizes = (file) => {
  const bytes = readFileSync(new URL(file, web));
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
};

let raw = 0;
let gz = 0;
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith(".js"))
  .sort()) {
  const s = sizes(`assets/${name}`);
  raw += s.raw;
  gz += s.gz;
  console.log(`${name}  ${kB(s.raw)}  gzip ${kB(s.gz)}`);
}
console.log(`JS total  ${kB(raw)}  gzip ${kB(gz)}`);
for (const name of readdirSync(dir).filter((f) => f.endsWith(".css"))) {
  const s = sizes(`assets/${name}`);
  console.log(`${name}  ${kB(s.raw)}  gzip ${kB(s.gz)}`);
}
const html = sizes("index.html");
console.log(`index.html  ${kB(html.raw)}  gzip ${kB(html.gz)}`);

const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", web), "utf8"));
const first = [];
const visit = (key) => {
  const c = manifest[key];
  if (first.includes(c.file)) return;
  first.push(c.file);
  for (const i of c.imports ?? []) visit(i);
};
visit("index.html");
const firstGz = first.reduce((s, f) => s + sizes(f).gz, 0);
console.log(`first load (JS: entry + static imports: ${first.join(", ")})  gzip ${kB(firstGz)}`);
