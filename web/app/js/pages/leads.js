// Leads: form submissions, newest first, one line each, with the decision
// the server gave them and their points beside the bar, who sent them
// (name and title), the company their address identified, their answers
// in the policy's words, owner and verdict; search, filter by decision and
// owner ("mine" also keeps out the leads of excluded domains), all on the
// server, kept in the address and saved by name as a view; a page of the
// newest at a time, "Show more" adding the next (older) page; CSV of
// exactly what is on screen, and selected rows assigned or exported.
import { api } from "../api.js";
import { bulkBar } from "../bulk.js";
import { toCsv, download } from "../csv.js";
import { el, replace } from "../dom.js";
import { answersWords } from "../account.js";
import { refusedFilter } from "../filters.js";
import * as format from "../format.js";
import { personName } from "../people.js";
import { savedViewsBar } from "../saved-views.js";
import { dataTable, tableText } from "../table.js";
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
    el("div", { class: "field wide" }, el("label", { for: "f-q" }, "Search name, company or answers"), search),
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
  const policy = await api("/api/policy");
  const listColumns = columns(policy);
  // A page of leads (the first, or the one after `after`): {leads, next}.
  const load = (after) =>
    api("/api/leads", {
      query: { q: filters.q, decision: filters.decision, mine: filters.mine, limit: PAGE, after },
    });
  let leads = [];
  let next = null;
  try {
    ({ leads, next } = await load());
  } catch (error) {
    if (error.status === 401 || !error.path) throw error;
    const refusal = `Could not load the leads: ${refusedFilter(form, error)}`;
    replace(main, el("h1", {}, "Leads"), form, el("p", { class: "error", role: "alert" }, refusal));
    return;
  }
  form.querySelector("#export-csv").addEventListener("click", () =>
    download(
      "leads.csv",
      toCsv(
        listColumns.map((c) => c.label),
        tableText(listColumns, leads),
      ),
    ),
  );
  const results = el("div", { class: "results" });
  const bulk = bulkBar({
    page: "leads",
    noun: ["lead", "leads"],
    columns: listColumns,
    session,
    subject: (l) => `lead:${l.id}`,
    name: personName,
    // The pages shown again, as many leads as were shown (or up to the next page).
    reload: async () => {
      const first = await api("/api/leads", {
        query: { q: filters.q, decision: filters.decision, mine: filters.mine, limit: Math.max(PAGE, leads.length) },
      });
      draw(first.leads, first.next);
    },
  });
  const more = el("button", { type: "button", class: "secondary", id: "more-leads" }, `Show ${PAGE} more`);
  const moreMessage = el("p", { role: "status" });
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await load(next);
      draw([...leads, ...page.leads], page.next);
      results.querySelectorAll("tbody tr")[leads.length - page.leads.length]?.querySelector("a")?.focus();
    } catch (error) {
      if (error.status === 401) throw error;
      replace(moreMessage, el("span", { class: "error" }, `Could not load more: ${error.message}`));
    } finally {
      more.disabled = false;
    }
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
  draw(leads, next);
  const tools = el("div", { class: "list-tools" }, bulk.element, savedViewsBar("leads"));
  replace(
    main,
    el("h1", {}, "Leads"),
    form,
    status,
    tools,
    results,
    el("div", { class: "actions" }, more),
    moreMessage,
  );
}
