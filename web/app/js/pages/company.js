// One company, the place to work an account: who they are, why they rank
// (reasons in words, the bar, what is still open), the verdict control, its
// people, one timeline of everything that happened to it (with notes), a
// small chart of engagement by day and the facts.
import { api } from "../api.js";
import { barChart } from "../chart.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { callLink } from "../call-link.js";
import { ownerControl } from "../owner.js";
import { peopleList } from "../people.js";
import { verdictForm } from "../verdict.js";
import { decayWords, factWords, valueWords, whoTheyAre, whyTheyRank } from "../account.js";
import { timelineSection } from "../timeline.js";

const DAY_MS = 86400000;

// The facts by their names in words and values in the policy's labels.
function factList(facts, policy) {
  const entries = Object.entries(facts ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return el("p", { class: "empty" }, "No facts yet.");
  return el(
    "dl",
    { class: "facts" },
    entries.map(([id, value]) => [el("dt", {}, factWords(id, policy)), el("dd", {}, valueWords(id, value, policy))]),
  );
}

/** Page views and visible minutes per day over the visits' span (at most 30 days). */
function engagementChart(visits) {
  if (!visits?.length) return null;
  const days = new Map();
  for (const visit of visits) {
    const day = visit.start.slice(0, 10);
    const entry = days.get(day) ?? { pageviews: 0, minutes: 0 };
    entry.pageviews += visit.pageviews;
    entry.minutes += visit.seconds / 60;
    days.set(day, entry);
  }
  const last = Date.parse(`${[...days.keys()].sort().at(-1)}T00:00:00Z`);
  const first = Math.max(Date.parse(`${[...days.keys()].sort()[0]}T00:00:00Z`), last - 29 * DAY_MS);
  const labels = [];
  const views = [];
  for (let t = first; t <= last; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    labels.push(day.slice(5));
    views.push(days.get(day)?.pageviews ?? 0);
  }
  return barChart({
    title: "Page views by day (recent visits)",
    description: labels.map((label, i) => `${label}: ${views[i]}`).join(", "),
    labels,
    series: [{ name: "page views", values: views }],
  });
}

export async function render(main, { params, session, setTitle }) {
  const [id] = params;
  const subject = `company:${id}`;
  const [company, policy] = await Promise.all([api(`/api/companies/${encodeURIComponent(id)}`), api("/api/policy")]);
  const name = company.name || company.domain || company.id;
  setTitle(name);
  const verdict = await verdictForm({ subject, label: name, feedback: company.feedback });
  replace(
    main,
    el("p", {}, el("a", { href: "/app/companies" }, "← All companies")),
    el("h1", {}, name),
    el(
      "p",
      { class: "summary" },
      el("span", { class: `badge ${company.decision ?? ""}` }, format.decision(company.decision)),
      ` ${format.points(company.points)} points · last seen ${format.dateTime(company.last_seen)}`,
    ),
    el(
      "div",
      { class: "grid2" },
      el(
        "section",
        { class: "card", "aria-labelledby": "who-heading" },
        el("h2", { id: "who-heading" }, "Who they are"),
        whoTheyAre(company),
        ownerControl({ subject, owner: company.owner, session }),
        company.excluded
          ? el(
              "p",
              { class: "muted" },
              `Excluded domain (${company.excluded.label}): kept out of the list and the inbox.`,
            )
          : null,
      ),
      el(
        "section",
        { class: "card", "aria-labelledby": "why-heading" },
        el("h2", { id: "why-heading" }, "Why they rank"),
        whyTheyRank(company, policy),
        el("p", {}, el("strong", {}, "Activity: "), format.activity(company)),
        callLink(subject, company.decision),
        verdict,
      ),
    ),
    el(
      "section",
      { class: "card", "aria-labelledby": "people-heading" },
      el("h2", { id: "people-heading" }, "People"),
      peopleList(company.leads),
    ),
    el(
      "div",
      { class: "grid2" },
      timelineSection({ subject, title: "Timeline" }),
      el(
        "section",
        { "aria-labelledby": "facts-heading" },
        el("h2", { id: "facts-heading" }, "Facts"),
        engagementChart(company.visits),
        el(
          "div",
          { class: "card" },
          decayWords(policy) ? el("p", { class: "muted" }, decayWords(policy)) : null,
          factList(company.facts, policy),
        ),
      ),
    ),
  );
}
