// Small SVG bar charts (no library: a few dozen lines do what the pages
// need). Each chart has a title and description for screen readers, and
// the figures are also in a table on the page. Stacked bars: one segment
// per series, `className` picks the colour from app.css. Labels never
// overlap: each gets its bar's width and a longer one is cut with "…", the
// whole label in its tooltip (<title>) and the description.
import { el, svg } from "./dom.js";

let charts = 0;

/**
 * barChart({title, labels: ["Mon", ...], series: [{name, className, values: [..]}], height})
 * returns a <figure> with the SVG and a legend.
 */
// The chart's text is 11px (app.css): about this wide a character, at most.
const CHAR_PX = 7;

/** `label` cut to `room` pixels with "…" (whole when it fits). */
export function fitLabel(label, room) {
  const chars = Math.max(1, Math.floor(room / CHAR_PX));
  return label.length <= chars ? label : `${label.slice(0, Math.max(1, chars - 1))}…`;
}

export function barChart({ title, description, labels, series, height = 180 }) {
  // A bar's column widens for long labels (up to 100 px) before they are cut.
  const longest = Math.max(0, ...labels.map((label) => label.length));
  const column = Math.min(100, Math.max(28, longest * CHAR_PX + 8));
  const width = Math.max(320, labels.length * column + 40);
  const top = 10;
  const bottom = 24;
  const left = 32;
  const plot = height - top - bottom;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (width - left) / Math.max(1, labels.length);
  const bar = Math.max(4, step * 0.7);
  const shapes = [];
  shapes.push(svg("line", { x1: left, y1: top + plot, x2: width, y2: top + plot, stroke: "#9aa3b2" }));
  shapes.push(svg("text", { x: 2, y: top + 10 }, String(Math.round(max))));
  shapes.push(svg("text", { x: 2, y: top + plot }, "0"));
  labels.forEach((label, i) => {
    let y = top + plot;
    for (const s of series) {
      const value = s.values[i] ?? 0;
      if (value <= 0) continue;
      const h = (value / max) * plot;
      y -= h;
      shapes.push(
        svg(
          "rect",
          { x: left + i * step + (step - bar) / 2, y, width: bar, height: h, class: `bar ${s.className ?? ""}` },
          svg("title", {}, `${label}: ${value} ${s.name}`),
        ),
      );
    }
    const every = labels.length <= 16 ? 1 : Math.ceil(labels.length / 12);
    if (i % every === 0)
      shapes.push(
        svg(
          "text",
          { x: left + i * step + step / 2, y: height - 6, "text-anchor": "middle", class: "label" },
          fitLabel(label, step * every - 4),
          svg("title", {}, label),
        ),
      );
  });
  const id = `chart-${++charts}`;
  const chart = svg(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-labelledby": `${id}-title ${id}-desc` },
    svg("title", { id: `${id}-title` }, title),
    svg("desc", { id: `${id}-desc` }, description ?? ""),
    shapes,
  );
  const legend = el(
    "p",
    { class: "legend" },
    series.map((s) => el("span", { class: s.className ?? "" }, s.name)),
  );
  return el("figure", { class: "chart card" }, el("figcaption", {}, title), chart, series.length > 1 ? legend : null);
}
