// Companies: the ranked list of identified companies with decision, point
// range, reasons, raw and weighted activity, open questions and last seen;
// filters, sort and search kept in the address (so a view can be shared),
// and a CSV of exactly the rows and columns on screen.
import { api } from "../api.js";
import { toCsv, download } from "../csv.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { dataTable, tableText } from "../table.js";

const LIMIT = 1000;
const DAY_MS = 86400000;

const SORTS = {
  best: { label: "Best first", compare: null },
  points: { label: "Most points", compare: (a, b) => b.points.max - a.points.max || b.points.min - a.points.min },
  recent: {
    label: "Last seen",
    compare: (a, b) => (b.last_seen > a.last_seen ? 1 : b.last_seen < a.last_seen ? -1 : 0),
  },
  name: { label: "Name", compare: (a, b) => (a.name ?? "").localeCompare(b.name ?? "") },
};

const COLUMNS = [
  {
    label: "Company",
    cell: (c) => el("a", { href: `/app/companies/${encodeURIComponent(c.id)}` }, c.name || c.domain || c.id),
    text: (c) => c.name || c.domain || c.id,
  },
  { label: "Domain", cell: (c) => c.domain ?? "" },
  {
    label: "Decision",
    cell: (c) => el("span", { class: `badge ${c.decision ?? ""}` }, format.decision(c.decision)),
    text: (c) => format.decision(c.decision),
  },
  { label: "Points", cell: (c) => format.points(c.points) },
  { label: "Why", cell: (c) => format.reasons(c.reasons) },
  { label: "Activity", cell: (c) => format.activity(c) },
  { label: "Unknown", cell: (c) => format.unknowns(c.ask) },
  { label: "Last seen", cell: (c) => format.dateTime(c.last_seen) },
];

function fact(company, id) {
  const value = company.facts?.[id];
  return typeof value === "string" ? value : "";
}

function options(values, anyLabel) {
  return [el("option", { value: "" }, anyLabel), ...values.map((value) => el("option", { value }, value))];
}

function select(name, label, choices, value) {
  const control = el("select", { id: `f-${name}`, name }, choices);
  control.value = value ?? "";
  return el("div", { class: "field" }, el("label", { for: `f-${name}` }, label), control);
}

function input(name, label, attrs, value) {
  return el(
    "div",
    { class: "field" },
    el("label", { for: `f-${name}` }, label),
    el("input", { id: `f-${name}`, name, value: value ?? "", ...attrs }),
  );
}

/** Applies the filters the server does not: search, industry, country, seen, page group; then sorts. */
export function applyFilters(companies, filters, now = Date.now()) {
  const search = (filters.q ?? "").trim().toLowerCase();
  const days = Number(filters.days);
  const shown = companies.filter((c) => {
    if (search && !`${c.name ?? ""} ${c.domain ?? ""}`.toLowerCase().includes(search)) return false;
    if (filters.industry && fact(c, "company.industry") !== filters.industry) return false;
    if (filters.country && fact(c, "company.country") !== filters.country) return false;
    if (filters.days && days > 0 && Date.parse(c.last_seen) < now - days * DAY_MS) return false;
    if (filters.page && !(c.activity?.pages?.[filters.page]?.views > 0)) return false;
    return true;
  });
  const compare = SORTS[filters.sort]?.compare;
  return compare ? shown.sort(compare) : shown;
}

export async function render(main) {
  const filters = Object.fromEntries(new URLSearchParams(location.search));
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" }, "Loading companies…");
  const results = el("div", { class: "results" });
  replace(main, el("h1", {}, "Companies"), status, results);

  const { companies } = await api("/api/companies", {
    query: { decision: filters.decision, min_points: filters.min_points, limit: LIMIT },
  });
  const values = (id) => [...new Set(companies.map((c) => fact(c, id)).filter(Boolean))].sort();
  const pageGroups = [...new Set(companies.flatMap((c) => Object.keys(c.activity?.pages ?? {})))].sort();

  const form = el(
    "form",
    { class: "filters card", role: "search", "aria-label": "Filter companies" },
    input("q", "Search name or domain", { type: "search", autocomplete: "off" }, filters.q),
    select(
      "decision",
      "Decision",
      [
        el("option", { value: "" }, "Any"),
        ...Object.entries(format.DECISIONS).map(([v, l]) => el("option", { value: v }, l)),
      ],
      filters.decision,
    ),
    input("min_points", "Points at least", { type: "number", inputmode: "numeric", step: "any" }, filters.min_points),
    select("industry", "Industry", options(values("company.industry"), "Any"), filters.industry),
    select("country", "Country", options(values("company.country"), "Any"), filters.country),
    input("days", "Seen within (days)", { type: "number", min: "1", inputmode: "numeric" }, filters.days),
    select("page", "Visited pages", options(pageGroups, "Any"), filters.page),
    select(
      "sort",
      "Sort",
      Object.entries(SORTS).map(([value, sort]) => el("option", { value }, sort.label)),
      filters.sort ?? "best",
    ),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "submit" }, "Apply"),
      el("button", { type: "button", class: "secondary", id: "export-csv" }, "Export CSV"),
    ),
  );
  main.insertBefore(form, status);

  let shownRows = [];
  const draw = (current) => {
    shownRows = applyFilters(companies, current);
    const more = companies.length === LIMIT ? ` (the first ${LIMIT} of the server's list)` : "";
    status.textContent = `${format.count(shownRows.length, "company", "companies")} shown${more}.`;
    replace(
      results,
      dataTable({
        caption: "Identified companies",
        columns: COLUMNS,
        rows: shownRows,
        empty: "No company matches these filters.",
      }),
    );
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form))
      if (value !== "" && !(key === "sort" && value === "best")) next.set(key, value);
    const serverChanged =
      next.get("decision") !== (filters.decision ?? null) || next.get("min_points") !== (filters.min_points ?? null);
    const url = `${location.pathname}${next.size ? `?${next}` : ""}`;
    if (serverChanged) {
      location.assign(url);
      return;
    }
    history.replaceState(null, "", url);
    draw(Object.fromEntries(next));
  });
  form.querySelector("#export-csv").addEventListener("click", () => {
    const header = COLUMNS.map((column) => column.label);
    download("companies.csv", toCsv(header, tableText(COLUMNS, shownRows)));
  });
  draw(filters);
}
