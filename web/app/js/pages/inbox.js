// Inbox: the MQLs (qualified companies and leads) and the strongest
// candidates (undecided companies whose points can reach the bar) that have
// no verdict yet, in the order to work them (inboxOrder), each with accept /
// reject; a judged item leaves at once and the count follows. MQLs past the
// SLA (GET /api/sla, `--sla-hours`) come first, flagged overdue. The server
// keeps companies of excluded domains, and their leads, out of both lists.
import { api } from "../api.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { verdictForm, verdictText } from "../verdict.js";

const CANDIDATES = 20;

function companyItem(company) {
  return {
    subject: `company:${company.id}`,
    when: company.last_seen,
    name: company.name || company.domain || company.id,
    href: `/app/companies/${encodeURIComponent(company.id)}`,
    kind: "Visitor",
    decision: company.decision,
    points: company.points,
    detail: [format.reasons(company.reasons), format.activity(company)].filter(Boolean).join(" · "),
    ask: company.ask,
    feedback: company.feedback,
  };
}

function leadItem(lead) {
  return {
    subject: `lead:${lead.id}`,
    when: lead.received_at,
    name: lead.company?.name ? `${lead.company.name} (form)` : `Lead ${lead.id} (form)`,
    href: `/app/leads/${encodeURIComponent(lead.id)}`,
    kind: "Form",
    decision: lead.decision,
    points: lead.points,
    detail: format.reasons(lead.reasons),
    ask: lead.ask,
    feedback: lead.feedback,
  };
}

const DECISION_ORDER = { qualified: 0, undecided: 1 };

/**
 * What to do first: overdue MQLs, then qualified before undecided, higher
 * points first (the most reachable, then the surest), older first among equals.
 */
export function inboxOrder(a, b) {
  return (
    b.overdue - a.overdue ||
    (DECISION_ORDER[a.decision] ?? 2) - (DECISION_ORDER[b.decision] ?? 2) ||
    (b.points?.max ?? 0) - (a.points?.max ?? 0) ||
    (b.points?.min ?? 0) - (a.points?.min ?? 0) ||
    (a.when < b.when ? -1 : a.when > b.when ? 1 : 0)
  );
}

function countText(open) {
  return open
    ? `${format.count(open, "candidate")} to review: MQLs and the strongest undecided companies, what to do first at the top.`
    : "Nothing left to review.";
}

async function itemCard(item, slaHours, onJudged) {
  const headingId = `item-${item.subject.replace(/[^a-zA-Z0-9]/g, "-")}`;
  return el(
    "article",
    { class: `card inbox-item${item.overdue ? " overdue" : ""}`, "aria-labelledby": headingId },
    el(
      "header",
      {},
      el("h2", { id: headingId }, el("a", { href: item.href }, item.name)),
      el("span", { class: `badge ${item.decision}` }, format.decision(item.decision)),
      item.overdue
        ? el("span", { class: "badge overdue" }, `Overdue: no feedback within ${format.duration(slaHours * 3600)}`)
        : null,
      el(
        "span",
        { class: "muted" },
        `${item.kind} · ${format.points(item.points)} points · ${format.dateTime(item.when)}`,
      ),
    ),
    item.detail ? el("p", {}, item.detail) : null,
    item.ask?.length ? el("p", { class: "muted" }, `Still unknown: ${format.unknowns(item.ask)}`) : null,
    await verdictForm({ subject: item.subject, label: item.name, feedback: null, onDone: onJudged }),
  );
}

async function loadItems() {
  const [qualified, undecided, leads, sla] = await Promise.all([
    api("/api/companies", { query: { decision: "qualified", limit: 500 } }),
    api("/api/companies", { query: { decision: "undecided", limit: CANDIDATES } }),
    api("/api/leads", { query: { decision: "qualified", limit: 500 } }),
    api("/api/sla"),
  ]);
  const overdue = new Set(sla.overdue_subjects ?? []);
  const items = [
    ...qualified.companies.map(companyItem),
    ...undecided.companies.filter((c) => c.points.max > 0).map(companyItem),
    ...leads.leads.map(leadItem),
  ]
    .filter((item) => !item.feedback)
    .map((item) => ({ ...item, overdue: overdue.has(item.subject) }))
    .sort(inboxOrder);
  return { items, sla };
}

export async function render(main) {
  const { items, sla } = await loadItems();
  const count = el("p", { class: "status" }, countText(items.length));
  const said = el("p", { role: "status", class: "inbox-said" });
  const list = el("div", { class: "inbox-list" });
  const empty = () => el("p", { class: "empty" }, "Nothing to review.");
  // The judged card leaves; focus goes to the next one (or the page), not lost with the card.
  const judged = (card, item, feedback) => {
    const next = card.nextElementSibling ?? card.previousElementSibling;
    card.remove();
    const open = list.querySelectorAll("article").length;
    count.textContent = countText(open);
    said.textContent = `${item.name}: ${verdictText(feedback)}. ${format.count(open, "candidate")} left.`;
    if (!open) replace(list, empty());
    (next?.querySelector("h2 a") ?? main).focus();
  };
  const cards = await Promise.all(
    items.map(async (item) => {
      const card = await itemCard(item, sla.sla_hours, (feedback) => judged(card, item, feedback));
      return card;
    }),
  );
  const late = items.filter((item) => item.overdue).length;
  replace(list, cards.length ? cards : empty());
  replace(
    main,
    el("h1", {}, "Inbox"),
    count,
    late
      ? el(
          "p",
          { class: "error", role: "alert" },
          `${format.count(late, "MQL")} overdue: no feedback within the ${format.duration(sla.sla_hours * 3600)} agreed with sales. They come first.`,
        )
      : null,
    said,
    list,
  );
}
