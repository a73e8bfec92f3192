// Acceptance: how many MQLs sales accepted and rejected, by policy
// revision, by source (form or visitor), by rule and by the campaign of
// their first touch ("(none)" without one), as a table and a
// stacked bar chart, so that a lowered bar shows up as falling acceptance.
// Each rate shows how many verdicts it rests on and its 95 % interval; a
// rate from fewer than FEW_VERDICTS verdicts is marked as such.
import { api } from "../api.js";
import { barChart } from "../chart.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { slaSummary } from "../sla-summary.js";
import { dataTable } from "../table.js";

const GROUPINGS = { revision: "Policy revision", source: "Source", rule: "Rule", campaign: "Campaign" };

const FEW_VERDICTS = 10;

function percent(value) {
  return value === null || value === undefined ? "–" : `${Math.round(value * 1000) / 10} %`;
}

function verdicts(row) {
  return row.accepted + row.rejected;
}

/** "50 %", and under it "from 2 verdicts: too few to go by" when there are fewer than FEW_VERDICTS. */
function rateCell(row) {
  if (row.acceptance_rate === null || row.acceptance_rate === undefined) return "–";
  const few = verdicts(row) < FEW_VERDICTS;
  return el(
    "span",
    { class: few ? "rate few" : "rate" },
    percent(row.acceptance_rate),
    few ? el("span", { class: "few-note" }, ` from ${format.count(verdicts(row), "verdict")}: too few to go by`) : null,
  );
}

function intervalText(row) {
  return row.interval ? `${percent(row.interval[0])} to ${percent(row.interval[1])}` : "–";
}

export async function render(main) {
  const by = GROUPINGS[new URLSearchParams(location.search).get("by")]
    ? new URLSearchParams(location.search).get("by")
    : "revision";
  const [{ rows }, sla] = await Promise.all([api("/api/acceptance", { query: { by } }), api("/api/sla")]);
  const columns = [
    { label: GROUPINGS[by], cell: (r) => (by === "revision" ? `Revision ${r.key}` : r.key) },
    { label: "MQLs", cell: (r) => format.number(r.mqls) },
    { label: "Accepted", cell: (r) => format.number(r.accepted) },
    { label: "Rejected", cell: (r) => format.number(r.rejected) },
    { label: "Pending", cell: (r) => format.number(r.pending) },
    { label: "Verdicts", cell: (r) => format.number(verdicts(r)) },
    { label: "Acceptance rate", cell: rateCell, text: (r) => percent(r.acceptance_rate) },
    { label: "95 % interval", cell: intervalText },
  ];
  const tabs = el(
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
  const chart = rows.length
    ? barChart({
        title: `MQLs and verdicts by ${GROUPINGS[by].toLowerCase()}`,
        description: rows
          .map((r) => `${r.key}: ${r.accepted} accepted, ${r.rejected} rejected, ${r.pending} pending`)
          .join("; "),
        labels: rows.map((r) => r.key),
        series: [
          { name: "accepted", className: "accepted", values: rows.map((r) => r.accepted) },
          { name: "rejected", className: "rejected", values: rows.map((r) => r.rejected) },
          { name: "pending", className: "pending", values: rows.map((r) => r.pending) },
        ],
      })
    : null;
  replace(
    main,
    el("h1", {}, "Acceptance"),
    el(
      "p",
      { class: "muted" },
      `Acceptance rate = accepted ÷ (accepted + rejected); the latest verdict on each MQL counts. The interval is where the rate lies with 95 % confidence; a rate from fewer than ${FEW_VERDICTS} verdicts says little.`,
    ),
    tabs,
    dataTable({ caption: `Acceptance by ${GROUPINGS[by].toLowerCase()}`, columns, rows, empty: "No MQLs yet." }),
    chart,
    slaSummary(sla),
  );
}
