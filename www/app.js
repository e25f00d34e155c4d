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
  const r = guard.scan($("msg").value, dir);
  const out = $("out");
  out.replaceChildren();
  let at = 0;
  for (const f of r.findings) {
    if (f.outStart < at) continue;
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
  $("findings").replaceChildren(...r.findings.map((f) => {
    const li = document.createElement("li");
    li.textContent = `${f.kind} (${f.rule}) · ${f.action} · [${f.start}, ${f.end})`;
    return li;
  }));
}

$("msg").addEventListener("input", render);
for (const r of document.querySelectorAll('input[name="dir"]')) r.addEventListener("change", render);
render();
document.documentElement.dataset.ready = "1";
