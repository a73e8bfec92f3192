// Leads: form submissions, newest first, one line each, with the decision
// the server gave them and their points beside the bar, who sent them
// (name and title), the company their address identified, their answers
// in the policy's words, owner and verdict; search, filter by decision and
// owner ("mine" also keeps out the leads of excluded domains), all on the
// server, kept in the address (js/filters.js: the list is drawn again in
// place) and saved by name as a view; a page of the
// newest at a time, "Show more" adding the next (older) page; CSV of
// exactly what is on screen, and selected rows assigned or exported.
import { actionButton } from "../action.js";
import { api } from "../api.js";
import { bulkBar } from "../bulk.js";
import { exportCsv } from "../csv.js";
import { el, replace } from "../dom.js";
import { answersWords } from "../account.js";
import {
  addressFilters,
  applyFilters,
  clearRefusedFilter,
  decisionFilter,
  filterForm,
  filterInput,
  ownerFilter,
  refusedFilter,
} from "../filters.js";
import * as format from "../format.js";
import { personName } from "../people.js";
import { savedViewsBar } from "../saved-views.js";
import { dataTable } from "../table.js";
import { verdictText } from "../verdict.js";

const PAGE = 100;

// The columns, in the active policy's words (its bar for leads, its questions and labels).
function columns(policy) {
  const bar = format.leadBar(policy);
  return [
    {
      label: "Received",
      className: "col-time",
      cell: (l) =>
        el(
          "a",
          { href: `/app/leads/${encodeURIComponent(l.id)}`, title: format.dateTime(l.received_at) },
          format.shortDateTime(l.received_at),
        ),
      text: (l) => format.dateTime(l.received_at),
    },
    { label: "Name", className: "col-person", cell: (l) => l.contact?.name ?? "" },
    { label: "Title", className: "col-title", cell: (l) => l.contact?.title ?? "" },
    { label: "Company", className: "col-company", cell: (l) => l.company?.name ?? "" },
    {
      label: "Decision",
      cell: (l) => el("span", { class: `badge ${l.decision}` }, format.decision(l.decision)),
      text: (l) => format.decision(l.decision),
    },
    { label: "Points", className: "col-points", cell: (l) => format.pointsAndBar(l.points, bar) },
    { label: "Why", className: "col-why", cell: (l) => format.reasons(l.reasons) },
    { label: "Answers", className: "col-answers", cell: (l) => answersWords(l.answers, policy) },
    { label: "Owner", className: "col-owner", cell: (l) => l.owner ?? "" },
    { label: "Verdict", className: "col-verdict", cell: (l) => (l.feedback ? verdictText(l.feedback) : "") },
  ];
}

export async function render(main, { session }) {
  let filters = addressFilters();
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" }, "Loading leads…");
  const refusal = el("p", { class: "error", role: "alert" });
  const form = filterForm(
    "Filter leads",
    (chosen) => {
      filters = applyFilters(chosen);
      show();
    },
    [
      filterInput("q", "Search name, company or answers", { type: "search", autocomplete: "off" }, filters.q, "wide"),
      decisionFilter(filters.decision),
      ownerFilter(filters.mine),
    ],
    actionButton("Export CSV", () => exportCsv("leads.csv", listColumns, leads), {
      onError: (error) => (refusal.textContent = `Could not export: ${error.message}`),
    }),
  );
  const results = el("div", { class: "results" });
  const more = el(
    "button",
    { type: "button", class: "secondary", id: "more-leads", hidden: true, onclick: () => showMore() },
    `Show ${PAGE} more`,
  );
  const moreMessage = el("p", { role: "status" });
  replace(main, el("h1", {}, "Leads"), status, refusal, results);

  const policy = await api("/api/policy");
  const listColumns = columns(policy);
  // A page of leads (the first, or the one after `after`): {leads, next}.
  const load = (after, limit = PAGE) =>
    api("/api/leads", { query: { q: filters.q, decision: filters.decision, mine: filters.mine, limit, after } });
  let leads = [];
  let next = null;
  const bulk = bulkBar({
    page: "leads",
    noun: ["lead", "leads"],
    columns: listColumns,
    session,
    subject: (l) => `lead:${l.id}`,
    name: personName,
    // The pages shown again, as many leads as were shown (or up to the next page).
    reload: () => show(Math.max(PAGE, leads.length)),
  });
  const draw = (rows, after) => {
    leads = rows;
    next = after;
    status.textContent = next
      ? `The newest ${format.count(leads.length, "lead")} shown; older ones follow with "Show ${PAGE} more".`
      : `${format.count(leads.length, "lead")} shown${leads.length > PAGE ? ", all that match" : ""}.`;
    more.hidden = !next;
    replace(
      results,
      dataTable({
        caption: "Form leads, newest first",
        columns: listColumns,
        rows: leads,
        empty: "No lead matches.",
        dense: true,
        select: bulk.selection,
      }),
    );
  };
  // A refused filter (a shared or hand-edited address) is named by its label and marked.
  const refused = (error) => {
    if (error.status === 401) return;
    draw([], null); // the CSV is what is on screen: nothing
    status.textContent = "";
    replace(results);
    refusal.textContent = `Could not load the leads: ${refusedFilter(form, error)}`;
  };
  let drawn = 0;
  const show = async (limit = PAGE) => {
    const mine = ++drawn;
    refusal.textContent = "";
    moreMessage.textContent = "";
    clearRefusedFilter(form);
    status.textContent = "Loading leads…";
    try {
      const page = await load(undefined, limit);
      if (mine === drawn) draw(page.leads, page.next); // else a newer request is on its way
    } catch (error) {
      if (mine === drawn) refused(error);
    }
  };
  const showMore = async () => {
    more.disabled = true;
    const mine = drawn;
    try {
      const page = await load(next);
      if (mine !== drawn) return; // the filters changed meanwhile
      draw([...leads, ...page.leads], page.next);
      results.querySelectorAll("tbody tr")[leads.length - page.leads.length]?.querySelector("a")?.focus();
    } catch (error) {
      if (error.status === 401) throw error;
      replace(moreMessage, el("span", { class: "error" }, `Could not load more: ${error.message}`));
    } finally {
      more.disabled = false;
    }
  };
  main.insertBefore(form, status); // once there is a list to filter
  main.insertBefore(el("div", { class: "list-tools" }, bulk.element, savedViewsBar("leads")), results);
  main.append(el("div", { class: "actions" }, more), moreMessage);
  await show();
}
