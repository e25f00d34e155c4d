// The conversation's sentiment as an SVG chart: compound per turn (left part) and the
// last reply sentence by sentence (right part), shifts ringed in red. No inline styles
// (the page runs under a strict CSP): classes only.
const NS = "http://www.w3.org/2000/svg";

function node(tag, attrs) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  return n;
}

/**
 * Draws `turns` ([{ role: "user" | "model", compound, shift }]) and `sentences`
 * ([{ compound, shift }]) into `svg` (viewBox 0 0 360 150).
 */
export function drawChart(svg, turns, sentences) {
  const W = 360, top = 12, bottom = 132, split = 230;
  const y = (c) => top + ((1 - Math.max(-1, Math.min(1, c))) / 2) * (bottom - top);
  const parts = [];
  parts.push(node("line", { x1: 24, x2: W - 6, y1: y(0), y2: y(0), class: "axis" }));
  for (const [c, label] of [[1, "+1"], [0, "0"], [-1, "−1"]]) {
    const t = node("text", { x: 2, y: y(c) + 4, class: "tick" });
    t.textContent = label;
    parts.push(t);
  }
  parts.push(node("line", { x1: split, x2: split, y1: top - 6, y2: bottom + 6, class: "divider" }));
  const cap = (x, s) => {
    const t = node("text", { x, y: 148, class: "tick" });
    t.textContent = s;
    parts.push(t);
  };
  cap(28, "turns");
  cap(split + 6, "last reply, by sentence");

  const series = (points, x0, x1, shape) => {
    const step = points.length > 1 ? (x1 - x0) / (points.length - 1) : 0;
    const xs = points.map((_, i) => (points.length > 1 ? x0 + i * step : (x0 + x1) / 2));
    if (points.length > 1) {
      parts.push(node("polyline", {
        points: points.map((p, i) => `${xs[i].toFixed(1)},${y(p.compound).toFixed(1)}`).join(" "),
        class: `trend ${shape === "sentence" ? "trend-sentences" : ""}`,
      }));
    }
    points.forEach((p, i) => {
      const cx = xs[i], cy = y(p.compound);
      const kind = shape === "sentence" ? "sentence" : p.role;
      const mark = kind === "user"
        ? node("rect", { x: cx - 4, y: cy - 4, width: 8, height: 8, class: "pt user" })
        : node("circle", { cx, cy, r: kind === "sentence" ? 3.5 : 4.5, class: `pt ${kind}` });
      const title = node("title", {});
      title.textContent = `${kind === "sentence" ? `sentence ${i + 1}` : `turn ${i + 1} (${p.role})`}: ${p.compound.toFixed(3)}${p.shift ? " · shift" : ""}`;
      mark.append(title);
      parts.push(mark);
      if (p.shift) parts.push(node("circle", { cx, cy, r: 8, class: "shift-ring", "data-shift": "1" }));
    });
  };
  series(turns, 36, split - 14, "turn");
  series(sentences, split + 14, W - 14, "sentence");
  svg.replaceChildren(...parts);
}
