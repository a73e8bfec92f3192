// Companies: the ranked list of identified companies, one line each, with
// decision, point range beside the bar, reasons, activity in words, open
// questions, owner and last seen. Every filter, the sort, the search and the
// paging are the server's (GET /api/companies), kept in the address so a
// view can be shared or saved by name; the CSV is exactly the rows and
// columns on screen, and selected rows can be assigned or exported.
// Companies of excluded domains are not in this list (see the Exclusions page).
import { actionButton } from "../action.js";
import { api } from "../api.js";
import { bulkBar } from "../bulk.js";
import { exportCsv } from "../csv.js";
import { el, replace } from "../dom.js";
import { openQuestions } from "../account.js";
import {
  addressFilters,
  applyFilters,
  clearRefusedFilter,
  decisionFilter,
  filterForm,
  filterInput as input,
  filterSelect as select,
  ownerFilter,
  refusedFilter,
} from "../filters.js";
import * as format from "../format.js";
import { savedViewsBar } from "../saved-views.js";
import { dataTable } from "../table.js";

const PAGE_SIZE = 50;

const SORTS = { best: "Best first", points: "Most points", recent: "Last seen", name: "Name" };

// The address's filter names and the API's parameters they become.
const FILTERS = [
  "q",
  "decision",
  "min_points",
  "industry",
  "country",
  "days",
  "visited",
  "utm_source",
  "utm_campaign",
  "mine",
  "sort",
];

// The columns, in the active policy's words (its bar for accounts, its
// questions). The domain shares the name's cell, so that a row fits a
// laptop's width.
function columns(policy) {
  const bar = format.accountBar(policy);
  return [
    {
      label: "Company",
      className: "col-name",
      cell: (c) => [
        el("a", { href: `/app/companies/${encodeURIComponent(c.id)}` }, companyName(c)),
        c.domain && c.name ? el("span", { class: "muted" }, ` ${c.domain}`) : null,
      ],
      text: (c) => (c.domain && c.name ? `${c.name} (${c.domain})` : companyName(c)),
    },
    {
      label: "Decision",
      cell: (c) => el("span", { class: `badge ${c.decision ?? ""}` }, format.decision(c.decision)),
      text: (c) => format.decision(c.decision),
    },
    { label: "Points", className: "col-points", cell: (c) => format.pointsAndBar(c.points, bar) },
    { label: "Why", className: "col-why", cell: (c) => format.reasons(c.reasons) },
    { label: "Activity", className: "col-activity", cell: (c) => format.activity(c) },
    { label: "Unknown", className: "col-unknown", cell: (c) => openQuestions(c.ask, policy) },
    { label: "First touch", className: "col-touch", cell: (c) => format.touch(c.first_touch) },
    { label: "Owner", className: "col-owner", cell: (c) => c.owner ?? "" },
    {
      label: "Last seen",
      className: "col-time",
      cell: (c) =>
        el("time", { datetime: c.last_seen, title: format.dateTime(c.last_seen) }, format.shortDateTime(c.last_seen)),
      text: (c) => format.dateTime(c.last_seen),
    },
  ];
}

function companyName(company) {
  return company.name || company.domain || company.id;
}

function options(values, anyLabel) {
  return [el("option", { value: "" }, anyLabel), ...values.map((value) => el("option", { value }, value))];
}

/** The API query for the address's filters and page number (1-based). */
export function listQuery(filters) {
  const query = { limit: PAGE_SIZE };
  for (const name of FILTERS) if (filters[name]) query[name] = filters[name];
  if (query.sort === "best") delete query.sort;
  const page = Math.max(1, Math.floor(Number(filters.p) || 1));
  if (page > 1) query.offset = (page - 1) * PAGE_SIZE;
  return query;
}

// On a phone the filters start folded under one line saying how many are set,
// so the list is on the first screen; on a laptop they start open.
function filterBox(form, filters) {
  const set = FILTERS.filter((name) => name !== "sort" && filters[name]).length;
  const summary = set ? `Filters (${set} set)` : "Filters";
  const open = !window.matchMedia("(max-width: 40rem)").matches;
  return el("details", { class: "filter-box", open }, el("summary", {}, summary), form);
}

export async function render(main, { session }) {
  let filters = addressFilters();
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" }, "Loading companies…");
  const refusal = el("p", { class: "error", role: "alert" });
  const results = el("div", { class: "results" });
  const pager = el("nav", { class: "pager actions", "aria-label": "Pages of companies" });
  replace(main, el("h1", {}, "Companies"), status, refusal, results, pager);

  const [choices, policy] = await Promise.all([api("/api/company-filters"), api("/api/policy")]);
  const listColumns = columns(policy);
  const form = filterForm(
    "Filter companies",
    (chosen) => navigate(chosen), // a new filter starts at page 1
    [
      input("q", "Search name or domain (any word)", { type: "search", autocomplete: "off" }, filters.q, "wide"),
      decisionFilter(filters.decision),
      input("min_points", "Points at least", { type: "number", inputmode: "numeric", step: "any" }, filters.min_points),
      select("industry", "Industry", options(choices.industries, "Any"), filters.industry),
      select("country", "Country", options(choices.countries, "Any"), filters.country),
      input("days", "Seen within (days)", { type: "number", min: "1", inputmode: "numeric" }, filters.days),
      select("visited", "Visited pages", options(choices.page_groups, "Any"), filters.visited),
      select("utm_source", "Source (utm_source)", options(choices.utm_sources, "Any"), filters.utm_source),
      select("utm_campaign", "Campaign", options(choices.utm_campaigns, "Any"), filters.utm_campaign),
      ownerFilter(filters.mine),
      select(
        "sort",
        "Sort",
        Object.entries(SORTS).map(([value, label]) => el("option", { value }, label)),
        filters.sort ?? "best",
      ),
    ],
    actionButton("Export CSV", () => exportCsv("companies.csv", listColumns, shownRows), {
      onError: (error) => (refusal.textContent = `Could not export: ${error.message}`),
    }),
  );
  const box = filterBox(form, filters);
  main.insertBefore(box, status);
  const bulk = bulkBar({
    page: "companies",
    noun: ["company", "companies"],
    columns: listColumns,
    session,
    subject: (c) => `company:${c.id}`,
    name: companyName,
    reload: () => show(),
  });
  main.insertBefore(el("div", { class: "list-tools" }, bulk.element, savedViewsBar("companies")), results);

  let shownRows = [];
  let drawn = 0;
  const draw = async () => {
    const mine = ++drawn;
    status.textContent = "Loading companies…";
    const answer = await api("/api/companies", { query: listQuery(filters) });
    if (mine !== drawn) return; // a newer request is on its way
    shownRows = answer.companies;
    const first = answer.offset + 1;
    const last = answer.offset + shownRows.length;
    // The server counts matches up to a cap (total_exact false past it).
    const of = answer.total_exact ? format.number(answer.total) : `more than ${format.number(answer.total)}`;
    status.textContent = shownRows.length
      ? `${format.count(shownRows.length, "company", "companies")} shown (${format.number(first)}–${format.number(last)} of ${of}).`
      : `No company shown (${of} match).`;
    replace(
      results,
      dataTable({
        caption: "Identified companies",
        columns: listColumns,
        rows: shownRows,
        empty: "No company matches these filters.",
        dense: true,
        select: bulk.selection,
      }),
    );
    const page = Math.floor(answer.offset / PAGE_SIZE) + 1;
    const go = (to) => () => {
      navigate({ ...filters, p: to > 1 ? String(to) : "" });
      main.focus();
    };
    // An address made when the list was longer: "Previous" would be past the end too.
    if (!shownRows.length && page > 1 && answer.total > 0) {
      const lastPage = answer.total_exact ? Math.ceil(answer.total / PAGE_SIZE) : 1;
      status.textContent = `Page ${format.number(page)} is past the last page: ${format.count(answer.total, "company", "companies")} match.`;
      replace(results, el("p", { class: "empty" }, "No company on this page."));
      replace(
        pager,
        el(
          "button",
          { type: "button", class: "secondary", onclick: go(lastPage) },
          answer.total_exact ? `← Last page (${format.number(lastPage)})` : "← First page",
        ),
      );
      return;
    }
    replace(
      pager,
      page > 1 ? el("button", { type: "button", class: "secondary", onclick: go(page - 1) }, "← Previous") : null,
      last < answer.total || (!answer.total_exact && shownRows.length === PAGE_SIZE)
        ? el("button", { type: "button", class: "secondary", onclick: go(page + 1) }, "Next →")
        : null,
    );
  };

  // A refused filter (a shared or hand-edited address) is named by its label
  // and marked, and the filters stay open to fix it.
  const refused = (error) => {
    if (error.status === 401) return;
    const what = refusedFilter(form, error);
    box.open = true;
    status.textContent = "";
    shownRows = []; // the CSV is what is on screen: nothing
    replace(results);
    replace(pager);
    refusal.textContent = `Could not load the companies: ${what}`;
  };
  const show = () => {
    refusal.textContent = "";
    clearRefusedFilter(form);
    return draw().catch(refused);
  };

  const navigate = (next) => {
    filters = applyFilters(next, { sort: "best" });
    show();
  };
  await show();
}
