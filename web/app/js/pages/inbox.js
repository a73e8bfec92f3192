// Inbox: the MQLs (qualified companies and leads) and the strongest
// candidates (undecided companies whose points can reach the bar), newest
// first, each with accept / reject and its latest verdict, if any. MQLs
// past the SLA (GET /api/sla, `--sla-hours`) come first, flagged overdue.
// The server keeps companies of excluded domains, and their leads, out of
// both lists.
import { api } from "../api.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { verdictForm } from "../verdict.js";

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

async function itemCard(item, slaHours) {
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
    await verdictForm({ subject: item.subject, label: item.name, feedback: item.feedback }),
  );
}

export async function render(main) {
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
    .map((item) => ({ ...item, overdue: overdue.has(item.subject) }))
    .sort((a, b) => b.overdue - a.overdue || (a.when < b.when ? 1 : a.when > b.when ? -1 : 0));
  const open = items.filter((item) => !item.feedback).length;
  const late = items.filter((item) => item.overdue).length;
  const cards = await Promise.all(items.map((item) => itemCard(item, sla.sla_hours)));
  replace(
    main,
    el("h1", {}, "Inbox"),
    el(
      "p",
      { class: "status", role: "status" },
      `${format.count(open, "candidate")} without a verdict, ${format.count(items.length - open, "judged", "judged")}. MQLs and the strongest undecided companies, newest first.`,
    ),
    late
      ? el(
          "p",
          { class: "error", role: "alert" },
          `${format.count(late, "MQL")} overdue: no feedback within the ${format.duration(sla.sla_hours * 3600)} agreed with sales. They come first.`,
        )
      : null,
    cards.length ? cards : el("p", { class: "empty" }, "Nothing to review."),
  );
}
