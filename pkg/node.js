// chatguard for Node: the same API as index.js; `await init()` with no argument reads the
// .wasm that ships in this package from disk (Node's fetch cannot load file: URLs).
import { readFile } from "node:fs/promises";
import browserInit from "./index.js";

export { Guard, GuardStream, defaultPolicy, isReady, sseTextDeltas, warmUp } from "./index.js";

export default async function init(input) {
  if (input === undefined) {
    input = await readFile(new URL("./wasm/chatguard_bg.wasm", import.meta.url));
  }
  return browserInit(input);
}
