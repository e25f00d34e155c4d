// The minimal demo: screens the text box on every keystroke with the default policy.
import init, { Guard } from "/pkg/index.js";

const $ = (id) => document.getElementById(id);
const t0 = performance.now();
await init();
const guard = new Guard();
const readyMs = performance.now() - t0;
$("ready").textContent = `${readyMs.toFixed(1)} ms`;
$("fp").textContent = guard.fingerprint;
document.documentElement.dataset.readyMs = readyMs.toFixed(1);

function render() {
  const dir = document.querySelector('input[name="dir"]:checked').value;
  // a preview on every keystroke must not count as a turn of the conversation (sentiment
  // history, placeholders): scan it on a fresh conversation of the same compiled policy
  const preview = guard.newConversation();
  const r = preview.scan($("msg").value, dir);
  preview.free();
  const out = $("out");
  out.replaceChildren();
  let at = 0;
  // highlight what was changed; sentiment findings are listed below, not highlighted
  for (const f of r.findings) {
    if (f.detector !== "keywords" || f.action === "flag" || f.outStart < at) continue;
    out.append(r.text.slice(at, f.outStart));
    const m = document.createElement("mark");
    m.textContent = r.text.slice(f.outStart, f.outEnd);
    out.append(m);
    at = f.outEnd;
  }
  out.append(r.text.slice(at));
  const status = $("status");
  status.dataset.verdict = r.verdict;
  status.textContent = r.verdict === "block" ? "blocked: this message would not be sent" : `verdict: ${r.verdict}`;
  const item = (text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  };
  $("findings").replaceChildren(...r.findings.filter((f) => f.detector === "keywords")
    .map((f) => item(`${f.kind} (${f.rule}) · ${f.action} · [${f.start}, ${f.end})`)));
  const s = r.sentiment;
  $("sentiment").textContent = s
    ? `compound ${s.compound.toFixed(3)} (pos ${s.pos}, neu ${s.neu}, neg ${s.neg}); sentences: ${s.sentences.map((x) => x.compound.toFixed(2)).join(" → ") || "none"}`
    : "off";
  $("shifts").replaceChildren(...r.findings.filter((f) => f.kind === "sentiment_shift")
    .map((f) => item(`${f.rule} · change ${f.score.toFixed(2)} · [${f.start}, ${f.end})`)));
}

$("msg").addEventListener("input", render);
for (const r of document.querySelectorAll('input[name="dir"]')) r.addEventListener("change", render);
render();
document.documentElement.dataset.ready = "1";
