// Draws the token report: for each instance count, the tokens a client
// pays for tools/list when it runs one server per account ("separate")
// against one multi-instance server ("multi"). Input only; it knows
// nothing of how the numbers were obtained.
//
//   drawTokenChart({rows: [{instances, separate, multi}, ...]},
//                  {caption}) → an <svg> element

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 300;
const PAD = { top: 28, right: 16, bottom: 44, left: 64 };
const COLORS = { separate: '#c2410c', multi: '#15803d' };

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// A round upper bound for the axis: 1, 2 or 5 times a power of ten.
function niceMax(value) {
  if (value <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

export function drawTokenChart({ rows }, { caption = '' } = {}) {
  const svg = el('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img',
    'aria-label': `tools/list tokens, separate servers against one multi-instance server${caption ? `, ${caption}` : ''}`,
  });
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const top = niceMax(Math.max(...rows.flatMap((r) => [r.separate, r.multi])));
  const y = (v) => PAD.top + plotH - (v / top) * plotH;

  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), stroke: '#ddd' }));
    svg.append(el('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, fmt(v)));
  }

  const group = plotW / Math.max(rows.length, 1);
  const bar = Math.min(36, group / 3);
  rows.forEach((r, i) => {
    const x0 = PAD.left + i * group + (group - 2 * bar) / 2;
    for (const [j, key] of ['separate', 'multi'].entries()) {
      const x = x0 + j * bar;
      const g = el('g', { 'data-instances': r.instances, 'data-series': key });
      g.append(el('rect', { x, y: y(r[key]), width: bar - 2, height: PAD.top + plotH - y(r[key]), fill: COLORS[key] }));
      g.append(el('title', {}, `${r.instances} instance(s), ${key}: ${fmt(r[key])} tokens`));
      g.append(el('text', { x: x + bar / 2 - 1, y: y(r[key]) - 3, 'text-anchor': 'middle', 'font-size': 10 }, fmt(r[key])));
      svg.append(g);
    }
    svg.append(el('text', { x: x0 + bar, y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle', 'font-size': 12 },
      `${r.instances}`));
  });
  svg.append(el('text', { x: PAD.left + plotW / 2, y: HEIGHT - 8, 'text-anchor': 'middle', 'font-size': 12 },
    'instances'));

  const legend = [['separate', 'one server per instance'], ['multi', 'one multi-instance server']];
  legend.forEach(([key, label], i) => {
    const x = PAD.left + i * 220;
    svg.append(el('rect', { x, y: 8, width: 12, height: 12, fill: COLORS[key] }));
    svg.append(el('text', { x: x + 18, y: 18, 'font-size': 12 }, label));
  });
  if (caption) {
    svg.append(el('text', { x: WIDTH - PAD.right, y: 18, 'text-anchor': 'end', 'font-size': 12, 'font-style': 'italic' },
      caption));
  }
  return svg;
}
