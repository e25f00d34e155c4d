// One peer library on one adversarial input, in a process of its own so that peers.mjs can
// stop a library that does not finish (some take time that grows with the square of the
// input). Prints one JSON line `{"bytes":…,"s":…}` per size as soon as it has it (64 KB,
// then 1 MB when 64 KB took under a second; see `adversarialRuns`).
//
//   node bench/adversarial.mjs <library> <input>     (input: a key of adversarialInputs)
import { adversarialInputs, adversarialRuns, loadPeers, workOf } from "./libraries.mjs";

const [lib, input] = process.argv.slice(2);
const peers = await loadPeers([lib]);
if (!peers[lib] || !(input in adversarialInputs(0))) {
  console.error(`usage: node bench/adversarial.mjs <library> <input>; unknown ${peers[lib] ? `input ${input}` : `library ${lib}`}`);
  process.exit(2);
}
for await (const r of adversarialRuns(workOf(peers[lib]), input)) console.log(JSON.stringify(r));
