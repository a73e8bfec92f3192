// Acceptance: how many MQLs sales accepted and rejected, by policy
// revision, by source (form or visitor), by rule and by the campaign of
// their first touch ("(none)" without one), as a table and a
// stacked bar chart, so that a lowered bar shows up as falling acceptance;
// and the rejected ones by reject reason, each reason's share of them.
// Each rate shows how many verdicts it rests on and its 95 % interval; a
// rate from fewer than FEW_VERDICTS verdicts is marked as such.
import { api } from "../api.js";
import { barChart } from "../chart.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { slaSummary } from "../sla-summary.js";
import { dataTable } from "../table.js";

const GROUPINGS = {
  revision: "Policy revision",
  source: "Source",
  rule: "Rule",
  campaign: "Campaign",
  reason: "Reject reason",
};

const FEW_VERDICTS = 10;

function percent(value) {
  return value === null || value === undefined ? "–" : `${Math.round(value * 1000) / 10} %`;
}

function verdicts(row) {
  return row.accepted + row.rejected;
}

/** `text`, and under it "from 2 verdicts: too few to go by" when `out_of` is under FEW_VERDICTS. */
function rateCell(text, out_of, what) {
  const few = out_of < FEW_VERDICTS;
  return el(
    "span",
    { class: few ? "rate few" : "rate" },
    text,
    few ? el("span", { class: "few-note" }, ` from ${format.count(out_of, what)}: too few to go by`) : null,
  );
}

// Without a verdict there is no rate, and the cells say so in words.
const NO_VERDICT = "no verdicts yet";

function acceptanceCell(row) {
  if (row.acceptance_rate === null || row.acceptance_rate === undefined) return NO_VERDICT;
  return rateCell(percent(row.acceptance_rate), verdicts(row), "verdict");
}

function intervalText(interval) {
  return interval ? `${percent(interval[0])} to ${percent(interval[1])}` : NO_VERDICT;
}

/** The table's columns and the chart of MQLs by revision, source, rule or campaign. */
function verdictsView(by, rows) {
  const name = (r) => (by === "revision" ? `Revision ${r.key}` : r.key);
  const columns = [
    { label: GROUPINGS[by], cell: name },
    { label: "MQLs", cell: (r) => format.number(r.mqls) },
    { label: "Accepted", cell: (r) => format.number(r.accepted) },
    { label: "Rejected", cell: (r) => format.number(r.rejected) },
    { label: "Pending", cell: (r) => format.number(r.pending) },
    { label: "Verdicts", cell: (r) => format.number(verdicts(r)) },
    {
      label: "Acceptance rate",
      cell: acceptanceCell,
      text: (r) => (r.acceptance_rate === null ? NO_VERDICT : percent(r.acceptance_rate)),
    },
    { label: "95 % interval", cell: (r) => intervalText(r.interval) },
  ];
  const chart = barChart({
    title: `MQLs and verdicts by ${GROUPINGS[by].toLowerCase()}`,
    description: rows
      .map((r) => `${name(r)}: ${r.accepted} accepted, ${r.rejected} rejected, ${r.pending} pending`)
      .join("; "),
    labels: rows.map(name),
    series: [
      { name: "accepted", className: "accepted", values: rows.map((r) => r.accepted) },
      { name: "rejected", className: "rejected", values: rows.map((r) => r.rejected) },
      { name: "pending", className: "pending", values: rows.map((r) => r.pending) },
    ],
  });
  const intro = `Acceptance rate = accepted ÷ (accepted + rejected); the latest verdict on each MQL counts. The interval is where the rate lies with 95 % confidence; a rate from fewer than ${FEW_VERDICTS} verdicts says little.`;
  const empty =
    "No MQLs yet: once a company or lead qualifies, it is counted here, and again when sales give their verdict.";
  return { caption: `Acceptance by ${GROUPINGS[by].toLowerCase()}`, empty, intro, columns, chart };
}

/** The table's columns and the chart of rejected MQLs by reject reason, each with its share. */
function reasonsView(rows) {
  const rejections = rows.reduce((sum, r) => sum + r.rejected, 0);
  const columns = [
    { label: "Reject reason", cell: (r) => r.key },
    { label: "Rejections", cell: (r) => format.number(r.rejected) },
    {
      label: "Share of rejections",
      cell: (r) => rateCell(percent(r.share), rejections, "rejection"),
      text: (r) => percent(r.share),
    },
    { label: "95 % interval", cell: (r) => intervalText(r.share_interval) },
  ];
  const chart = barChart({
    title: "Rejections by reject reason",
    description: rows.map((r) => `${r.key}: ${r.rejected} rejected, ${percent(r.share)} of rejections`).join("; "),
    labels: rows.map((r) => r.key),
    series: [{ name: "rejected", className: "rejected", values: rows.map((r) => r.rejected) }],
  });
  // With no rejection there is no share to explain.
  const intro = rejections
    ? `Each rejected MQL counts once, under the reason of its latest verdict. A share is that reason's part of all ${format.count(rejections, "rejection")}; the interval is where it lies with 95 % confidence.`
    : "Each rejected MQL counts once, under the reason of its latest verdict.";
  const empty = "No MQL has been rejected yet: the reasons appear here once sales reject one.";
  return { caption: "Rejections by reject reason", empty, intro, columns, chart };
}

function groupingTabs(by) {
  return el(
    "nav",
    { "aria-label": "Group acceptance by", class: "actions" },
    Object.entries(GROUPINGS).map(([key, label]) =>
      el(
        "a",
        { href: `/app/acceptance?by=${key}`, "aria-current": key === by ? "page" : null, class: "tab" },
        `By ${label.toLowerCase()}`,
      ),
    ),
  );
}

export async function render(main) {
  const by = GROUPINGS[new URLSearchParams(location.search).get("by")]
    ? new URLSearchParams(location.search).get("by")
    : "revision";
  const [{ rows }, sla] = await Promise.all([api("/api/acceptance", { query: { by } }), api("/api/sla")]);
  const view = by === "reason" ? reasonsView(rows) : verdictsView(by, rows);
  replace(
    main,
    el("h1", {}, "Acceptance"),
    el("p", { class: "muted" }, view.intro),
    groupingTabs(by),
    dataTable({ caption: view.caption, columns: view.columns, rows, empty: view.empty }),
    rows.length ? view.chart : null,
    slaSummary(sla),
  );
}
