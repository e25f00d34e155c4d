// Seeds for the fuzz targets from the shared test tables: node scripts/fuzz_seeds.mjs <target> <dir>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [target, dir] = process.argv.slice(2);
const tables = ["keywords", "pii"].map((t) =>
  JSON.parse(readFileSync(new URL(`../tests/data/${t}.json`, import.meta.url), "utf8")),
);
let n = 0;
const put = (bytes) => writeFileSync(join(dir, `seed-${n++}`), bytes);
for (const t of tables) {
  if (target === "policy_json") {
    for (const p of Object.values(t.policies ?? {})) put(Buffer.from(JSON.stringify(p)));
    continue;
  }
  for (const c of t.cases) {
    // byte 0: policy and direction; bytes 1..9: chunk-size seeds; then the text
    for (const head of [0, 1, 2, 3]) {
      put(Buffer.concat([Buffer.from([head, 1, 2, 3, 5, 8, 13, 4, 7]), Buffer.from(c.text)]));
    }
  }
}
console.log(`${n} seeds in ${dir}`);
