// A lead's person and an account's people (collector-v1 v1.2 CONTACT): the
// name, title, email and phone a visitor gave on the form, shown as text
// only (visitors typed all of it), each person linking to their lead.
import { el } from "./dom.js";
import * as format from "./format.js";

/** What the app calls a lead: the person's name, else their email, else "Lead N". */
export function personName(lead) {
  return lead.contact?.name || lead.contact?.email || `Lead ${lead.id}`;
}

/** The contact as a facts list (the lead's page). */
export function contactFacts(contact) {
  const rows = [
    ["Name", contact?.name],
    ["Title", contact?.title],
    ["Email", contact?.email && el("a", { href: `mailto:${contact.email}` }, contact.email)],
    ["Phone", contact?.phone],
  ].filter(([, value]) => value);
  if (!rows.length) return el("p", { class: "empty" }, "The form gave no name or email.");
  return el(
    "dl",
    { class: "facts" },
    rows.map(([key, value]) => [el("dt", {}, key), el("dd", {}, value)]),
  );
}

/** An account's people, newest first, as GET /api/companies/ID lists them. */
export function peopleList(leads) {
  if (!leads?.length) return el("p", { class: "empty" }, "No one from this account has sent a form yet.");
  return el(
    "ul",
    { class: "people" },
    leads.map((lead) =>
      el(
        "li",
        {},
        el("a", { href: `/app/leads/${encodeURIComponent(lead.id)}` }, personName(lead)),
        lead.contact?.title ? el("span", { class: "muted" }, ` · ${lead.contact.title}`) : null,
        " ",
        el("span", { class: `badge ${lead.decision}` }, format.decision(lead.decision)),
        el(
          "div",
          { class: "muted" },
          [lead.contact?.name ? lead.contact.email : null, `sent ${format.dateTime(lead.received_at)}`]
            .filter(Boolean)
            .join(" · "),
        ),
      ),
    ),
  );
}
