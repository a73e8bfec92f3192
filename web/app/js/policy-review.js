// Reviewing a policy revision before it goes live: its impact (who would
// change decision, by name and direction), the readable diff between two
// revisions, and the sign-off and activation by the signed-in person, with
// a refused activation (409) explained: which roles must still sign off.
// The server decides who may do what; this only shows it.
import { api, ApiError } from "./api.js";
import { el, replace } from "./dom.js";
import * as format from "./format.js";
import { policyDiff } from "./policy-diff.js";

function subjectLink(change) {
  const [kind, id] = change.subject.split(/:(.*)/s);
  const path = kind === "lead" ? "leads" : "companies";
  return el("a", { href: `/app/${path}/${encodeURIComponent(id)}` }, change.name || change.subject);
}

function changeList(title, changes, className) {
  if (!changes.length) return null;
  return el(
    "div",
    { class: `change-group ${className}` },
    el("h4", {}, `${title} (${changes.length})`),
    el(
      "ul",
      {},
      changes.map((change) =>
        el(
          "li",
          {},
          subjectLink(change),
          el("span", { class: "muted" }, ` ${change.subject.startsWith("lead:") ? "lead" : "company"}: `),
          `${format.decision(change.from)} → ${format.decision(change.to)}`,
          change.rejected_by_sales
            ? el("span", { class: "rejected-by-sales" }, " (rejected by sales: not handed off)")
            : null,
        ),
      ),
    ),
  );
}

// "1 company", "2 companies".
function counted(n, one, many = `${one}s`) {
  return `${format.number(n)} ${n === 1 ? one : many}`;
}

// One sentence per kind of subject: how many were decided again, and which way they would move.
function countLine(impact) {
  const sentence = (part, [one, many], where) =>
    `Of ${counted(part.decided ?? 0, one, many)}${where} decided again, ${format.number(part.newly_qualified)} would become qualified ` +
    `and ${format.number(part.no_longer_qualified)} would no longer be qualified.`;
  return `${sentence(impact.companies, ["company", "companies"], "")} ${sentence(impact.leads, ["lead"], " of the last 30 days")}`;
}

// "2 companies and 1 lead" of `key` ("newly_qualified", ...); "" for none.
function whoCounts(impact, key) {
  return [
    impact.companies[key] ? counted(impact.companies[key], "company", "companies") : "",
    impact.leads[key] ? counted(impact.leads[key], "lead") : "",
  ]
    .filter(Boolean)
    .join(" and ");
}

// The heading: whether anyone not qualified now would be (and who would
// stop being), said in full.
function headline(impact) {
  if (impact.loosens)
    return `Loosens the criteria: ${whoCounts(impact, "newly_qualified") || "someone"} not qualified now would be qualified.`;
  const fewer = whoCounts(impact, "no_longer_qualified");
  // Not "does not loosen": a lower bar reads "looser" in the diff, yet qualifies nobody new.
  return fewer
    ? `Qualifies nobody new, and ${fewer} qualified now would no longer be: any policy editor may activate it without sign-off.`
    : "Qualifies nobody new: any policy editor may activate it without sign-off";
}

/** Who made a revision, in words: the policy file the server started with is not a person. */
export function authorWords(by, { startsSentence = false } = {}) {
  if (by !== "--policy") return by;
  return startsSentence ? "The policy file" : "the policy file";
}

// Newly qualified subjects sales has rejected stay with sales' verdict:
// they are not handed off again (collector-v1 v1.2).
function rejectedLine(impact) {
  const companies = impact.companies.rejected_by_sales ?? 0;
  const leads = impact.leads.rejected_by_sales ?? 0;
  if (companies + leads === 0) return null;
  return el(
    "p",
    { class: "rejected-by-sales-count" },
    `Sales has already rejected ${counted(companies, "newly qualified company", "newly qualified companies")} and ${counted(leads, "newly qualified lead")}: ` +
      "they would not be handed off again.",
  );
}

/** The impact of activating a revision: counts, direction and names. */
export function impactView(impact) {
  const changes = [...(impact.companies.changes ?? []), ...(impact.leads.changes ?? [])];
  return el(
    "section",
    { class: `impact ${impact.loosens ? "loosens" : "tightens"}`, "aria-label": "Impact" },
    el("h3", {}, headline(impact)),
    el("p", {}, countLine(impact)),
    rejectedLine(impact),
    changeList(
      "Would become qualified",
      changes.filter((c) => c.to === "qualified"),
      "up",
    ),
    changeList(
      "Would no longer be qualified",
      changes.filter((c) => c.from === "qualified"),
      "down",
    ),
    changeList(
      "Other changes",
      changes.filter((c) => c.to !== "qualified" && c.from !== "qualified"),
      "other",
    ),
  );
}

/** The readable difference from revision `from` to `to` (numbers and policies). */
export function diffView(from, to, before, after) {
  const lines = policyDiff(before, after);
  return el(
    "section",
    { class: "diff", "aria-label": `Changes from revision ${from} to ${to}` },
    el("h3", {}, `From revision ${from} to revision ${to}`),
    lines.length
      ? el(
          "ul",
          {},
          lines.map((line) =>
            el(
              "li",
              { class: `diff-${line.kind}` },
              el("span", { class: "diff-kind" }, line.kind),
              ` ${line.subject}: ${line.text}`,
            ),
          ),
        )
      : el("p", {}, "No difference in the bar, the rules or the facts."),
  );
}

function signoffText(revision) {
  return revision.signoffs.length
    ? revision.signoffs.map((s) => `${s.by} (${s.role}, ${format.dateTime(s.at)})`).join(", ")
    : "nobody yet";
}

// Why an activation was refused, in words a person can act on.
function refusalView(error, revisionNumber) {
  const missing = error.body?.missing ?? [];
  return el(
    "div",
    { class: "refusal", role: "alert" },
    el("p", { class: "error" }, `Revision ${revisionNumber} was not activated.`),
    el(
      "p",
      {},
      `It loosens the criteria, so it needs a sign-off from someone with each of these roles first: ${missing.join(", ")}. ` +
        `Ask ${missing.map((role) => `a ${role} person`).join(" and ")} to sign it off on this page, then activate it.`,
    ),
    el("p", { class: "muted" }, `The server said: ${error.message}`),
  );
}

/**
 * The review of one revision: who made it and why, sign-offs, impact, the
 * diff against the active revision, and the sign-off and activate buttons
 * for the people who may change the policy. `policyOf(n)` gives a
 * revision's policy JSON; `reload()` draws the page again.
 */
export async function reviewView({ revision, active, session, roles, policyOf, reload }) {
  const output = el("div", { class: "review-output", "aria-live": "polite" });
  const [impact, before, after] = await Promise.all([
    revision.active ? null : api(`/api/policy/revisions/${revision.revision}/impact`),
    policyOf(active),
    policyOf(revision.revision),
  ]);
  const mayChange = session.may.change_policy;
  const signedByMe = revision.signoffs.some((s) => s.by === session.name);
  const run = (action) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) replace(output, refusalView(error, revision.revision));
      else replace(output, el("p", { class: "error", role: "alert" }, error.message));
    } finally {
      button.disabled = false;
    }
  };
  const signoff = el(
    "button",
    {
      type: "button",
      class: "good",
      disabled: signedByMe,
      onclick: run(async () => {
        await api(`/api/policy/revisions/${revision.revision}/signoff`, { method: "POST", body: {} });
        await reload(revision.revision, el("p", { class: "ok" }, `You signed off revision ${revision.revision}.`));
      }),
    },
    signedByMe ? "You signed off" : `Sign off as ${session.name} (${session.role})`,
  );
  const activate = el(
    "button",
    {
      type: "button",
      onclick: run(async () => {
        const done = await api(`/api/policy/revisions/${revision.revision}/activate`, { method: "POST" });
        await reload(
          revision.revision,
          el(
            "p",
            { class: "ok" },
            `Revision ${revision.revision} is active${done.rescored ? ": every company was decided again under it" : ""}.`,
          ),
        );
      }),
    },
    `Activate revision ${revision.revision}`,
  );
  return el(
    "section",
    { class: "card review", id: "review", "aria-label": `Revision ${revision.revision}` },
    el("h2", {}, `Revision ${revision.revision}${revision.active ? " (active)" : ""}`),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Made"),
      el("dd", {}, `${format.dateTime(revision.created_at)} by ${authorWords(revision.by)}`),
      el("dt", {}, "Why"),
      el("dd", {}, revision.note || "no note"),
      el("dt", {}, "Signed off by"),
      el("dd", {}, signoffText(revision)),
      el("dt", {}, "Sign-off rule"),
      el(
        "dd",
        {},
        roles.length
          ? `A revision that would qualify anyone not qualified now needs a sign-off from each role: ${roles.join(", ")}. One that qualifies nobody new may be activated by any policy editor.`
          : "No sign-off is required.",
      ),
    ),
    impact ? impactView(impact) : el("p", { class: "muted" }, "This is the active revision."),
    revision.revision === active ? null : diffView(active, revision.revision, before, after),
    mayChange && !revision.active ? el("div", { class: "actions" }, signoff, activate) : null,
    !mayChange
      ? el("p", { class: "muted" }, `The ${session.role} role does not sign off or activate revisions.`)
      : null,
    output,
  );
}
