// One form lead: who sent it (the contact), its answers, the decision it
// was given when submitted (policy and revision), its account and
// identified company, the verdict control, and the person's timeline.
import { api } from "../api.js";
import { el, replace } from "../dom.js";
import { factWords, valueWords } from "../account.js";
import * as format from "../format.js";
import { callLink } from "../call-link.js";
import { ownerControl } from "../owner.js";
import { contactFacts, personName } from "../people.js";
import { verdictForm } from "../verdict.js";
import { timelineSection } from "../timeline.js";

export async function render(main, { params, session, setTitle }) {
  const [id] = params;
  const [lead, policy] = await Promise.all([api(`/api/leads/${encodeURIComponent(id)}`), api("/api/policy")]);
  const { owners } = await api("/api/owners", { query: { subject: `lead:${lead.id}` } });
  const title = `${personName(lead)}${lead.company ? ` · ${lead.company.name}` : ""}`;
  setTitle(title);
  const answers = Object.entries(lead.answers ?? {});
  replace(
    main,
    el("p", {}, el("a", { href: "/app/leads" }, "← All leads")),
    el("h1", {}, title),
    el(
      "p",
      { class: "summary" },
      el("span", { class: `badge ${lead.decision}` }, format.decision(lead.decision)),
      ` ${format.points(lead.points)} points · received ${format.dateTime(lead.received_at)} · policy ${lead.policy} revision ${lead.revision}`,
    ),
    el(
      "section",
      { class: "card", "aria-labelledby": "why-heading" },
      el("h2", { id: "why-heading" }, "Why"),
      el("p", {}, format.reasons(lead.reasons) || "No rule applies."),
      el(
        "p",
        {},
        el("strong", {}, "Still unknown: "),
        format.unknowns(lead.ask) || "nothing that could change the decision",
      ),
      el("p", {}, el("strong", {}, "Came from: "), format.touch(lead.first_touch)),
      el(
        "p",
        {},
        el("strong", {}, "Account: "),
        lead.account
          ? el(
              "a",
              { href: `/app/companies/${encodeURIComponent(lead.account.id)}` },
              lead.account.name || lead.account.domain || lead.account.id,
            )
          : "none known",
      ),
      el(
        "p",
        {},
        el("strong", {}, "Company: "),
        lead.company
          ? el(
              "a",
              { href: `/app/companies/${encodeURIComponent(lead.company.id)}` },
              lead.company.name || lead.company.id,
            )
          : "not identified",
      ),
      ownerControl({ subject: `lead:${lead.id}`, owner: owners[`lead:${lead.id}`], session }),
      callLink(`lead:${lead.id}`, lead.decision),
      await verdictForm({ subject: `lead:${lead.id}`, label: title, feedback: lead.feedback }),
    ),
    el("h2", {}, "Who"),
    el("div", { class: "card" }, contactFacts(lead.contact)),
    el("h2", {}, "Answers"),
    el(
      "div",
      { class: "card" },
      answers.length
        ? el(
            "dl",
            { class: "facts" },
            answers.map(([fact, value]) => [
              el("dt", {}, factWords(fact, policy)),
              el("dd", {}, valueWords(fact, value, policy)),
            ]),
          )
        : el("p", { class: "empty" }, "No answers."),
    ),
    timelineSection({ subject: `lead:${lead.id}`, title: "Timeline" }),
  );
}
