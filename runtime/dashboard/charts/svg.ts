/** @module Server-rendered SVG charts, pure: bars per time bucket (stacked by series) and lines over time. Every mark carries its data as attributes, so the numbers can be read back. */
import { esc } from "../html.ts";

export interface Series {
  name: string;
  color: string;
  values: number[];
}

export interface BarChartInput {
  id: string;
  title: string;
  /** Bucket start times (epoch ms), one per value. */
  buckets: number[];
  series: Series[];
  /** A horizontal line (a rate or a capacity), with its label. */
  limit?: { value: number; label: string } | null;
  /** Labels under the columns instead of bucket times (categories such as error codes). */
  labels?: string[];
  width?: number;
  height?: number;
}

const PAD = { left: 44, right: 12, top: 26, bottom: 34 };

const label = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const niceMax = (max: number) => {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
};

/** Stacked bars: one column per bucket, one segment per series. */
export function barChart({ id, title, buckets, series, limit = null, labels, width = 720, height = 220 }: BarChartInput): string {
  const totals = buckets.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const top = niceMax(Math.max(...totals, limit?.value ?? 0, 0));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const colW = buckets.length ? plotW / buckets.length : plotW;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const bars = buckets
    .map((at, i) => {
      let base = 0;
      return series
        .map((s) => {
          const v = s.values[i] ?? 0;
          const rect = `<rect class="mark" data-series="${esc(s.name)}" data-at="${at}" data-value="${v}" x="${(PAD.left + i * colW + 1).toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${Math.max(1, colW - 2).toFixed(1)}" height="${((v / top) * plotH).toFixed(1)}" fill="${s.color}"><title>${esc(`${labels?.[i] ?? label(at)} ${s.name}: ${v}`)}</title></rect>`;
          base += v;
          return v > 0 ? rect : rect.replace('class="mark"', 'class="mark empty"');
        })
        .join("");
    })
    .join("");
  const ticks = [0, top / 2, top]
    .map((v) => `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${Math.round(v * 100) / 100}</text>`)
    .join("");
  const every = Math.max(1, Math.ceil(buckets.length / 8));
  const xs = buckets
    .map((at, i) =>
      i % every === 0
        ? `<text x="${PAD.left + i * colW + colW / 2}" y="${height - PAD.bottom + 16}" text-anchor="middle" class="tick">${esc(labels?.[i] ?? label(at))}</text>`
        : "",
    )
    .join("");
  const limitLine = limit
    ? `<line class="limit" data-value="${limit.value}" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(limit.value)}" y2="${y(limit.value)}" stroke="#b00" stroke-dasharray="4 3"/><text x="${width - PAD.right}" y="${y(limit.value) - 4}" text-anchor="end" class="tick">${esc(limit.label)}</text>`
    : "";
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${PAD.left + i * 110}" y="6" width="10" height="10" fill="${s.color}"/><text x="${PAD.left + i * 110 + 14}" y="15" class="tick">${esc(s.name)} ${s.values.reduce((a, b) => a + b, 0)}</text>`,
    )
    .join("");
  const sums = series.map((s) => `data-total-${esc(s.name)}="${s.values.reduce((a, b) => a + b, 0)}"`).join(" ");
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption><svg id="${esc(id)}" data-chart="${esc(id)}" ${sums} role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/>${ticks}${xs}${bars}${limitLine}${legend}</svg></figure>`;
}

export interface LinePoint {
  at: number;
  value: number;
}

export interface LineChartInput {
  id: string;
  title: string;
  lines: { name: string; color: string; points: LinePoint[]; dashed?: boolean }[];
  /** Vertical markers (a projected finish, now). */
  markers?: { name: string; at: number }[];
  yMax?: number;
  width?: number;
  height?: number;
}

export function lineChart({ id, title, lines, markers = [], yMax, width = 720, height = 220 }: LineChartInput): string {
  const all = lines.flatMap((l) => l.points);
  const times = [...all.map((p) => p.at), ...markers.map((m) => m.at)];
  const t0 = times.length ? Math.min(...times) : 0;
  const t1 = times.length ? Math.max(...times, t0 + 60_000) : 60_000;
  const top = niceMax(yMax ?? Math.max(0, ...all.map((p) => p.value)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const paths = lines
    .map((l) => {
      const d = l.points.map((p, i) => `${i ? "L" : "M"}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
      const dots = l.points
        .map(
          (p) =>
            `<circle class="point" data-series="${esc(l.name)}" data-at="${p.at}" data-value="${p.value}" cx="${x(p.at).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2" fill="${l.color}"/>`,
        )
        .join("");
      return `<path class="line" data-series="${esc(l.name)}" d="${d}" fill="none" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="6 4"' : ""}/>${dots}`;
    })
    .join("");
  const marks = markers
    .map(
      (m) =>
        `<line class="marker" data-marker="${esc(m.name)}" data-at="${m.at}" x1="${x(m.at)}" x2="${x(m.at)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#555" stroke-dasharray="2 3"/><text x="${x(m.at)}" y="${PAD.top - 4}" text-anchor="middle" class="tick">${esc(m.name)} ${new Date(m.at).toISOString().slice(0, 16).replace("T", " ")}</text>`,
    )
    .join("");
  const ticks = [0, top / 2, top].map((v) => `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${Math.round(v)}</text>`).join("");
  return `<figure class="chart"><figcaption>${esc(title)}</figcaption><svg id="${esc(id)}" data-chart="${esc(id)}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/>${ticks}<text x="${PAD.left}" y="${height - 8}" class="tick">${label(t0)}</text><text x="${width - PAD.right}" y="${height - 8}" text-anchor="end" class="tick">${label(t1)}</text>${paths}${marks}</svg></figure>`;
}
