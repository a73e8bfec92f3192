// Leads: form submissions, newest first, with the decision the server gave
// them, who sent them (name and title), the company their address
// identified, their answers, owner and verdict; search, filter by decision
// and owner ("mine" also keeps out the leads of excluded domains), all on
// the server; CSV of exactly what is on screen.
import { api } from "../api.js";
import { toCsv, download } from "../csv.js";
import { el, replace } from "../dom.js";
import { refusedFilter } from "../filter-error.js";
import * as format from "../format.js";
import { dataTable, tableText } from "../table.js";
import { verdictText } from "../verdict.js";

const LIMIT = 1000;

export function answersText(answers) {
  return Object.entries(answers ?? {})
    .map(([id, value]) => `${id}: ${format.factValue(value)}`)
    .join(" · ");
}

const COLUMNS = [
  {
    label: "Received",
    cell: (l) => el("a", { href: `/app/leads/${encodeURIComponent(l.id)}` }, format.dateTime(l.received_at)),
    text: (l) => format.dateTime(l.received_at),
  },
  { label: "Name", cell: (l) => l.contact?.name ?? "" },
  { label: "Title", cell: (l) => l.contact?.title ?? "" },
  { label: "Company", cell: (l) => l.company?.name ?? "" },
  {
    label: "Decision",
    cell: (l) => el("span", { class: `badge ${l.decision}` }, format.decision(l.decision)),
    text: (l) => format.decision(l.decision),
  },
  { label: "Points", cell: (l) => format.points(l.points) },
  { label: "Why", cell: (l) => format.reasons(l.reasons) },
  { label: "Answers", cell: (l) => answersText(l.answers) },
  { label: "Owner", cell: (l) => l.owner ?? "" },
  { label: "Verdict", cell: (l) => (l.feedback ? verdictText(l.feedback) : "") },
];

export async function render(main) {
  const filters = Object.fromEntries(new URLSearchParams(location.search));
  const search = el("input", { id: "f-q", name: "q", type: "search", value: filters.q ?? "", autocomplete: "off" });
  const decision = el(
    "select",
    { id: "f-decision", name: "decision" },
    el("option", { value: "" }, "Any"),
    Object.entries(format.DECISIONS).map(([value, label]) => el("option", { value }, label)),
  );
  decision.value = filters.decision ?? "";
  const mine = el(
    "select",
    { id: "f-mine", name: "mine" },
    el("option", { value: "" }, "Anyone"),
    el("option", { value: "1" }, "Mine"),
  );
  mine.value = filters.mine ?? "";
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const form = el(
    "form",
    { class: "filters card", role: "search", "aria-label": "Filter leads" },
    el("div", { class: "field" }, el("label", { for: "f-q" }, "Search name, company or answers"), search),
    el("div", { class: "field" }, el("label", { for: "f-decision" }, "Decision"), decision),
    el("div", { class: "field" }, el("label", { for: "f-mine" }, "Owner"), mine),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "submit" }, "Apply"),
      el("button", { type: "button", class: "secondary", id: "export-csv" }, "Export CSV"),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (search.value.trim()) next.set("q", search.value.trim());
    if (decision.value) next.set("decision", decision.value);
    if (mine.value) next.set("mine", mine.value);
    location.assign(`${location.pathname}${next.size ? `?${next}` : ""}`);
  });
  let leads = [];
  let refusal = null;
  try {
    ({ leads } = await api("/api/leads", {
      query: { q: filters.q, decision: filters.decision, mine: filters.mine, limit: LIMIT },
    }));
  } catch (error) {
    if (error.status === 401 || !error.path) throw error;
    refusal = el("p", { class: "error", role: "alert" }, `Could not load the leads: ${refusedFilter(form, error)}`);
  }
  form.querySelector("#export-csv").addEventListener("click", () =>
    download(
      "leads.csv",
      toCsv(
        COLUMNS.map((c) => c.label),
        tableText(COLUMNS, leads),
      ),
    ),
  );
  if (refusal) {
    replace(main, el("h1", {}, "Leads"), form, refusal);
    return;
  }
  status.textContent =
    leads.length < LIMIT
      ? `${format.count(leads.length, "lead")} shown.`
      : `The newest ${format.count(LIMIT, "lead")} shown: search or filter to reach older ones.`;
  const table = dataTable({
    caption: "Form leads, newest first",
    columns: COLUMNS,
    rows: leads,
    empty: "No lead matches.",
  });
  replace(main, el("h1", {}, "Leads"), form, status, table);
}
