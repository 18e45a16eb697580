// Small SVG charts for the dashboard, no library: Beta posterior densities, an hour x weekday
// heatmap, horizontal bars and an interval chart. Each function returns an <svg> element sized by
// its viewBox (it scales with its container) with a <title> that states what it shows.
const SVG = 'http://www.w3.org/2000/svg';
const PALETTE = ['#2f6fdb', '#1f9d6b', '#d9822b', '#9b59b6', '#c0392b', '#16a0a0', '#7f8c8d', '#b8860b'];

/** An SVG element with attributes and children. */
export function svgElement(name, attributes = {}, children = []) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

const text = (x, y, content, attributes = {}) => svgElement('text', { x, y, 'font-size': 11, fill: '#5c6675', ...attributes }, [String(content)]);

function frame(width, height, title) {
  return svgElement('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', width: '100%' }, [svgElement('title', {}, [title])]);
}

/** Color of series `i`. */
export const seriesColor = (i) => PALETTE[i % PALETTE.length];

// log Gamma by the Lanczos approximation (g = 7, n = 9), accurate to ~1e-13 for x > 0; only for drawing.
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
function logGamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Density of Beta(a, b) at p in (0, 1). */
export function betaDensity(p, a, b) {
  return Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p) + logGamma(a + b) - logGamma(a) - logGamma(b));
}

/**
 * Beta posterior densities of the success probability, one curve per arm: `arms` = [{name, alpha, beta}].
 * The x range is [0, 1] zoomed to where the densities are.
 */
export function betaDensityChart(arms) {
  const width = 640, height = 260, left = 40, right = 12, top = 12, bottom = 30;
  const svg = frame(width, height, `Beta posterior densities of ${arms.length} content arms`);
  const quantileSpan = arms.flatMap(({ alpha, beta }) => {
    const mean = alpha / (alpha + beta), sd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)));
    return [mean - 4 * sd, mean + 4 * sd];
  });
  const x0 = Math.max(0.001, Math.min(...quantileSpan)), x1 = Math.min(0.999, Math.max(...quantileSpan));
  const steps = 160;
  const curves = arms.map(({ alpha, beta }) =>
    Array.from({ length: steps + 1 }, (_, i) => {
      const p = x0 + ((x1 - x0) * i) / steps;
      return [p, betaDensity(p, alpha, beta)];
    }));
  const yMax = Math.max(...curves.flat().map(([, d]) => d)) * 1.05 || 1;
  const sx = (p) => left + ((p - x0) / (x1 - x0)) * (width - left - right);
  const sy = (d) => height - bottom - (d / yMax) * (height - top - bottom);
  svg.append(svgElement('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#d9dee6' }));
  for (let i = 0; i <= 4; i++) {
    const p = x0 + ((x1 - x0) * i) / 4;
    svg.append(text(sx(p), height - 10, `${(p * 100).toFixed(0)}%`, { 'text-anchor': 'middle' }));
  }
  svg.append(text(4, top + 8, 'density'));
  curves.forEach((points, i) => {
    const d = points.map(([p, v], k) => `${k ? 'L' : 'M'}${sx(p).toFixed(1)},${sy(v).toFixed(1)}`).join('');
    svg.append(svgElement('path', { d, fill: 'none', stroke: seriesColor(i), 'stroke-width': 2, 'data-arm': arms[i].name }));
  });
  return svg;
}

/**
 * A 7 x 24 heatmap: `cells[weekday][hour]` = {value, count} (value null when there is no data);
 * darker is higher, with a legend of the scale below. `weekdays` names the rows; the columns are UTC
 * hours, labelled by `hourLabel(h)` (the viewer's local time) with UTC in each cell's tooltip.
 */
export function heatmap(cells, weekdays, format, hourLabel = (h) => `${String(h).padStart(2, '0')}:00`) {
  const cell = 24, left = 40, top = 18, width = left + 24 * cell + 8, legendTop = top + 7 * cell + 12, height = legendTop + 34;
  const svg = frame(width, height, 'Mean engagement rate by posting hour (your local time; UTC in each cell) and weekday');
  const values = cells.flat().filter((c) => c.value !== null).map((c) => c.value);
  const lo = Math.min(...values), hi = Math.max(...values);
  const shade = (share) => `rgba(47, 111, 219, ${(0.08 + 0.92 * share).toFixed(3)})`;
  for (let h = 0; h < 24; h += 3) svg.append(text(left + h * cell + cell / 2, 12, hourLabel(h), { 'text-anchor': 'middle', 'data-hour': h }));
  cells.forEach((row, d) => {
    svg.append(text(4, top + d * cell + cell * 0.65, weekdays[d].slice(0, 3)));
    row.forEach((c, h) => {
      const share = c.value === null || hi === lo ? 0 : (c.value - lo) / (hi - lo);
      const fill = c.value === null ? '#f6f8fb' : shade(share);
      const rect = svgElement('rect', { x: left + h * cell, y: top + d * cell, width: cell - 2, height: cell - 2, rx: 3, fill });
      const utc = `${String(h).padStart(2, '0')}:00 UTC`;
      rect.append(svgElement('title', {}, [`${weekdays[d]} ${hourLabel(h)} your time (${utc}): ${c.value === null ? 'no posts' : `${format(c.value)} over ${c.count} posts`}`]));
      svg.append(rect);
    });
  });
  // The legend: the scale from the lowest to the highest cell, and the colour of a cell with no posts.
  const legend = svgElement('g', { 'data-legend': 'true' });
  const steps = 12, stepWidth = 16;
  for (let i = 0; i < steps; i++) {
    legend.append(svgElement('rect', { x: left + 60 + i * stepWidth, y: legendTop, width: stepWidth, height: 10, fill: shade(i / (steps - 1)) }));
  }
  if (values.length) {
    legend.append(text(left + 54, legendTop + 9, format(lo), { 'text-anchor': 'end' }));
    legend.append(text(left + 66 + steps * stepWidth, legendTop + 9, format(hi)));
  }
  legend.append(text(left + 60, legendTop + 26, 'mean engagement rate of the posts in the cell (hover a cell for its value)'));
  legend.append(svgElement('rect', { x: left + 360, y: legendTop, width: 10, height: 10, fill: '#f6f8fb', stroke: '#d0d7e2' }));
  legend.append(text(left + 374, legendTop + 9, 'no posts'));
  svg.append(legend);
  return svg;
}

/** Horizontal bars: `rows` = [{label, value}], scaled to the largest. */
export function barChart(rows, format) {
  const rowHeight = 22, left = 150, right = 70, width = 640, height = rows.length * rowHeight + 6;
  const svg = frame(width, height, rows.map((r) => `${r.label}: ${format(r.value)}`).join('; '));
  const max = Math.max(...rows.map((r) => r.value)) || 1;
  rows.forEach((r, i) => {
    const y = 3 + i * rowHeight;
    svg.append(text(left - 8, y + 14, r.label, { 'text-anchor': 'end', fill: '#1d2430' }));
    svg.append(svgElement('rect', { x: left, y: y + 3, width: ((width - left - right) * Math.max(0, r.value)) / max, height: rowHeight - 8, rx: 3, fill: seriesColor(i) }));
    svg.append(text(width - right + 6, y + 14, format(r.value)));
  });
  return svg;
}

/** Intervals per row: `rows` = [{label, low, mid, high}] drawn as a whisker from low to high with a dot at mid. */
export function intervalChart(rows, format) {
  const rowHeight = 30, left = 150, right = 20, top = 8, width = 640, height = top + rows.length * rowHeight + 22;
  const svg = frame(width, height, rows.map((r) => `${r.label}: ${format(r.mid)} (${format(r.low)} to ${format(r.high)})`).join('; '));
  const lo = Math.min(...rows.map((r) => r.low)), hi = Math.max(...rows.map((r) => r.high));
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  const x0 = lo - pad, x1 = hi + pad;
  const sx = (v) => left + ((v - x0) / (x1 - x0)) * (width - left - right);
  for (let i = 0; i <= 4; i++) {
    const v = x0 + ((x1 - x0) * i) / 4;
    svg.append(svgElement('line', { x1: sx(v), y1: top, x2: sx(v), y2: height - 20, stroke: '#eef1f5' }));
    svg.append(text(sx(v), height - 6, format(v), { 'text-anchor': 'middle' }));
  }
  rows.forEach((r, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    svg.append(text(left - 8, y + 4, r.label, { 'text-anchor': 'end', fill: '#1d2430' }));
    svg.append(svgElement('line', { x1: sx(r.low), y1: y, x2: sx(r.high), y2: y, stroke: seriesColor(i), 'stroke-width': 3 }));
    for (const v of [r.low, r.high]) svg.append(svgElement('line', { x1: sx(v), y1: y - 7, x2: sx(v), y2: y + 7, stroke: seriesColor(i), 'stroke-width': 2 }));
    svg.append(svgElement('circle', { cx: sx(r.mid), cy: y, r: 5, fill: '#fff', stroke: seriesColor(i), 'stroke-width': 2 }));
  });
  return svg;
}
