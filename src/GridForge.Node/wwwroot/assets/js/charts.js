// Small SVG charts drawn from data with DOM calls only (no markup, no inline style, so the page's CSP holds): a depth
// chart, a bar-and-line chart over slots, and grouped bars. Each is an <svg role="img"> with a summary label; the
// numbers are also in a table next to it for anyone who cannot see the picture.

import { s } from './dom.js';

const W = 640, H = 240, PAD = { l: 68, r: 60, t: 12, b: 28 };

function scale(min, max, from, to) {
  const span = max - min || 1;
  return (v) => from + ((v - min) / span) * (to - from);
}

function ticks(min, max, n = 4) {
  const out = [];
  for (let i = 0; i <= n; i++) out.push(min + ((max - min) * i) / n);
  return out;
}

function frame(label, children) {
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label, preserveAspectRatio: 'xMidYMid meet' },
    s('title', null, label), ...children);
}

function axisY(y, values, fmt, x, anchor) {
  return values.map((v) => s('text', { x, y: y(v) + 4, 'text-anchor': anchor, class: 'axis' }, fmt(v)));
}

/** Cumulative depth: bids (best first, high to low) stepping down to the left, asks (low to high) to the right. */
export function depthChart(bids, asks, { label, priceFmt, qtyFmt }) {
  const prices = [...bids, ...asks].map((l) => l.price);
  if (prices.length === 0) return frame(`${label}: the book is empty`, [s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis' }, 'No resting orders')]);
  let cum = 0;
  const b = bids.map((l) => ({ price: l.price, total: (cum += l.quantity) }));
  cum = 0;
  const a = asks.map((l) => ({ price: l.price, total: (cum += l.quantity) }));
  let lo = Math.min(...prices), hi = Math.max(...prices);
  const pad = Math.max(1, (hi - lo) * 0.08);
  lo -= pad; hi += pad;
  const maxQ = Math.max(1, ...b.map((p) => p.total), ...a.map((p) => p.total));
  const x = scale(lo, hi, PAD.l, W - PAD.r), y = scale(0, maxQ, H - PAD.b, PAD.t);
  const step = (pts, dir) => {
    if (pts.length === 0) return '';
    let d = `M${x(pts[0].price)},${y(0)}`;
    let prev = 0;
    for (const p of pts) d += ` L${x(p.price)},${y(prev)} L${x(p.price)},${y(p.total)}`, (prev = p.total);
    const end = dir < 0 ? lo : hi;
    return `${d} L${x(end)},${y(prev)} L${x(end)},${y(0)} Z`;
  };
  return frame(`${label}: ${bids.length} bid and ${asks.length} ask price levels, up to ${qtyFmt(maxQ)} deep`, [
    s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(0), y2: y(0), class: 'grid-line' }),
    s('path', { d: step(b, -1), class: 'bid-area' }),
    s('path', { d: step(a, 1), class: 'ask-area' }),
    ...axisY(y, ticks(0, maxQ, 3), qtyFmt, PAD.l - 6, 'end'),
    ...ticks(lo, hi, 3).map((v) => s('text', { x: x(v), y: H - 8, 'text-anchor': 'middle', class: 'axis' }, priceFmt(v))),
  ]);
}

/** Bars (left axis) and a line (right axis) over categories; a point with line=null breaks the line. */
export function barLine(points, { label, barFmt, lineFmt, xLabel }) {
  const n = Math.max(1, points.length);
  const bw = (W - PAD.l - PAD.r) / n;
  const maxB = Math.max(1, ...points.map((p) => p.bar));
  const lines = points.filter((p) => p.line !== null && p.line !== undefined).map((p) => p.line);
  const lo = lines.length ? Math.min(...lines) : 0, hi = lines.length ? Math.max(...lines) : 1;
  const y = scale(0, maxB, H - PAD.b, PAD.t), yl = scale(lo - (hi - lo) * 0.1, hi + (hi - lo) * 0.1 || 1, H - PAD.b, PAD.t);
  const cx = (i) => PAD.l + bw * i + bw / 2;
  let d = '', pen = false;
  points.forEach((p, i) => {
    if (p.line === null || p.line === undefined) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${cx(i)},${yl(p.line)} `;
    pen = true;
  });
  const every = Math.ceil(n / 8);
  return frame(label, [
    s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(0), y2: y(0), class: 'grid-line' }),
    ...points.map((p, i) => s('rect', { x: PAD.l + bw * i + bw * 0.15, y: y(p.bar), width: Math.max(1, bw * 0.7), height: Math.max(0, y(0) - y(p.bar)), class: 'bar' },
      s('title', null, `${xLabel(p)}: ${barFmt(p.bar)}${p.line !== null && p.line !== undefined ? `, ${lineFmt(p.line)}` : ''}`))),
    d ? s('path', { d, class: 'line' }) : null,
    ...points.map((p, i) => (p.line !== null && p.line !== undefined ? s('circle', { cx: cx(i), cy: yl(p.line), r: 2.5, class: 'dot' }) : null)),
    ...axisY(y, ticks(0, maxB, 3), barFmt, PAD.l - 6, 'end'),
    ...(lines.length ? axisY(yl, ticks(lo, hi, 3), lineFmt, W - PAD.r + 6, 'start') : []),
    ...points.map((p, i) => (i % every === 0 ? s('text', { x: cx(i), y: H - 8, 'text-anchor': 'middle', class: 'axis' }, xLabel(p)) : null)),
  ]);
}

/** Two series as grouped bars (e.g. produced and consumed per slot). */
export function pairedBars(points, { label, fmt, xLabel, names }) {
  const n = Math.max(1, points.length);
  const bw = (W - PAD.l - PAD.r) / n;
  const max = Math.max(1, ...points.flatMap((p) => [p.a, p.b]));
  const y = scale(0, max, H - PAD.b, PAD.t);
  const every = Math.ceil(n / 8);
  return frame(label, [
    s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(0), y2: y(0), class: 'grid-line' }),
    ...points.flatMap((p, i) => [
      s('rect', { x: PAD.l + bw * i + bw * 0.1, y: y(p.a), width: Math.max(1, bw * 0.4), height: y(0) - y(p.a), class: 'bar-a' }, s('title', null, `${xLabel(p)}: ${names[0]} ${fmt(p.a)}`)),
      s('rect', { x: PAD.l + bw * i + bw * 0.5, y: y(p.b), width: Math.max(1, bw * 0.4), height: y(0) - y(p.b), class: 'bar-b' }, s('title', null, `${xLabel(p)}: ${names[1]} ${fmt(p.b)}`)),
    ]),
    ...axisY(y, ticks(0, max, 3), fmt, PAD.l - 6, 'end'),
    ...points.map((p, i) => (i % every === 0 ? s('text', { x: PAD.l + bw * i + bw / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis' }, xLabel(p)) : null)),
  ]);
}
