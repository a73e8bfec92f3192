// Acceptance: how many MQLs sales accepted and rejected, by policy
// revision, by source (form or visitor) and by rule, as a table and a
// stacked bar chart, so that a lowered bar shows up as falling acceptance.
import { api } from "../api.js";
import { barChart } from "../chart.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { slaSummary } from "../sla-summary.js";
import { dataTable } from "../table.js";

const GROUPINGS = { revision: "Policy revision", source: "Source", rule: "Rule" };

function rate(value) {
  return value === null || value === undefined ? "–" : `${Math.round(value * 1000) / 10} %`;
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
    { label: "Acceptance rate", cell: (r) => rate(r.acceptance_rate) },
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
      "Acceptance rate = accepted ÷ (accepted + rejected); the latest verdict on each MQL counts.",
    ),
    tabs,
    dataTable({ caption: `Acceptance by ${GROUPINGS[by].toLowerCase()}`, columns, rows, empty: "No MQLs yet." }),
    chart,
    slaSummary(sla),
  );
}
