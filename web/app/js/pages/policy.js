// Policy (/app/policy[?review=N]): the MQL definition's revisions, newest
// first (who made each, when and why, its sign-offs and activations), the
// whole history as a timeline, a readable diff between any two revisions,
// and the review of one revision: impact by name, sign-off and activation
// by the signed-in person (policy-review.js). Editing is on /app/policy/edit.
import { api } from "../api.js";
import { el, field, replace } from "../dom.js";
import * as format from "../format.js";
import { authorWords, diffView, reviewView } from "../policy-review.js";
import { dataTable } from "../table.js";

// Every event of every revision, newest first (events of one second keep
// the order they happened in: creation, sign-offs, activations).
function historyView(revisions) {
  const events = [];
  for (const r of [...revisions].reverse()) {
    events.push({
      at: r.created_at,
      text: `${authorWords(r.by, { startsSentence: true })} created revision ${r.revision}`,
      note: r.note,
    });
    for (const s of r.signoffs)
      events.push({ at: s.at, text: `${s.by} (${s.role}) signed off revision ${r.revision}` });
    for (const a of r.activations)
      events.push({
        at: a.at,
        text: `${authorWords(a.by, { startsSentence: true })} activated revision ${r.revision}`,
      });
  }
  const order = new Map(events.map((event, index) => [event, index]));
  events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : order.get(b) - order.get(a)));
  return el(
    "section",
    { class: "card", "aria-label": "History" },
    el("h2", {}, "History"),
    el(
      "ol",
      { class: "timeline" },
      events.map((event) =>
        el(
          "li",
          {},
          el("span", { class: "muted" }, format.dateTime(event.at)),
          " ",
          event.text,
          event.note ? el("q", {}, event.note) : null,
        ),
      ),
    ),
  );
}

function compareView(revisions, active, policyOf) {
  const numbers = revisions.map((r) => r.revision);
  if (numbers.length < 2)
    return el(
      "section",
      { class: "card compare", "aria-label": "Compare revisions" },
      el("h2", {}, "Compare two revisions"),
      el("p", { class: "muted" }, "There is one revision so far: a saved draft can be compared with it here."),
    );
  const picker = (id, label, value) =>
    field(
      label,
      el(
        "select",
        { id, onchange: () => show() },
        numbers.map((n) =>
          el("option", { value: n, selected: n === value }, `Revision ${n}${n === active ? " (active)" : ""}`),
        ),
      ),
    );
  const result = el("div", { "aria-live": "polite" });
  const section = el(
    "section",
    { class: "card compare", "aria-label": "Compare revisions" },
    el("h2", {}, "Compare two revisions"),
    el(
      "div",
      { class: "filters" },
      picker("diff-from", "From", numbers.length > 1 ? active : numbers[0]),
      picker("diff-to", "To", numbers[0]),
    ),
    result,
  );
  const show = async () => {
    const from = Number(section.querySelector("#diff-from").value);
    const to = Number(section.querySelector("#diff-to").value);
    try {
      replace(result, diffView(from, to, await policyOf(from), await policyOf(to)));
    } catch (error) {
      replace(result, el("p", { class: "error" }, error.message));
    }
  };
  show();
  return section;
}

export async function render(main, context, reviewing = null, message = null) {
  const { session } = context;
  const [active, { revisions, signoff_roles: roles }] = await Promise.all([
    api("/api/policy"),
    api("/api/policy/revisions"),
  ]);
  const policies = new Map();
  const policyOf = async (number) => {
    if (!policies.has(number)) policies.set(number, (await api(`/api/policy/revisions/${number}`)).policy_json);
    return policies.get(number);
  };
  const wanted = reviewing ?? Number(new URLSearchParams(location.search).get("review"));
  const reviewSlot = el("div", {});
  const reload = (number, note) => render(main, context, number, note);
  const review = async (number) => {
    const revision = revisions.find((r) => r.revision === number);
    if (!revision) return;
    replace(reviewSlot, el("p", { class: "muted" }, `Loading revision ${number}…`));
    try {
      replace(reviewSlot, await reviewView({ revision, active: active.revision, session, roles, policyOf, reload }));
    } catch (error) {
      replace(reviewSlot, el("p", { class: "error" }, error.message));
    }
    history.replaceState(null, "", `/app/policy?review=${number}`);
    reviewSlot.querySelector("h2")?.scrollIntoView({ block: "nearest" });
  };
  const mayEdit = session.may.change_policy;
  const columns = [
    { label: "Revision", cell: (r) => `${r.revision}${r.active ? " (active)" : ""}` },
    { label: "Made", cell: (r) => `${format.dateTime(r.created_at)} by ${authorWords(r.by)}` },
    { label: "Why", cell: (r) => r.note || "no reason given" },
    { label: "Signed off by", cell: (r) => r.signoffs.map((s) => `${s.by} (${s.role})`).join(", ") || "nobody" },
    {
      label: "Activated",
      cell: (r) => r.activations.map((a) => `${format.dateTime(a.at)} by ${authorWords(a.by)}`).join(", ") || "not yet",
    },
    {
      label: "Open",
      cell: (r) =>
        el(
          "div",
          { class: "actions" },
          el(
            "button",
            { type: "button", class: "secondary", onclick: () => review(r.revision) },
            `Review revision ${r.revision}`,
          ),
          mayEdit ? el("a", { href: `/app/policy/edit?from=${r.revision}` }, "Edit from here") : null,
        ),
    },
  ];
  replace(
    main,
    el("h1", {}, `Policy ${active.policy}: revision ${active.revision} is active`),
    el(
      "p",
      { class: "muted" },
      roles.length
        ? `A revision that would qualify anyone not qualified now needs a sign-off from each role: ${roles.join(", ")}.`
        : "Sign-off is not required.",
    ),
    mayEdit ? el("p", {}, el("a", { class: "button", href: "/app/policy/edit" }, "Edit the policy")) : null,
    message,
    reviewSlot,
    dataTable({ caption: "Revisions, newest first", columns, rows: revisions }),
    compareView(revisions, active.revision, policyOf),
    historyView(revisions),
  );
  if (revisions.some((r) => r.revision === wanted)) await review(wanted);
}
