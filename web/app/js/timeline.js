// One timeline of everything that happened to an account or a person
// (GET /api/timeline): visits, form leads, qualification calls and other
// verdicts, notes, assignments and hand-offs, newest first, a page at a
// time ("Show older"), with a note anyone signed in can add (POST /api/notes).
import { api } from "./api.js";
import { el, append, field, replace } from "./dom.js";
import * as format from "./format.js";

const PAGE = 50;

function subjectHref(subject) {
  const [kind, id] = subject.split(/:(.*)/s);
  return `/app/${kind === "lead" ? "leads" : "companies"}/${encodeURIComponent(id)}`;
}

// The kind's headline: what happened, in words.
function headline(entry) {
  switch (entry.kind) {
    case "visit":
      if (entry.seconds !== null && entry.path) return `Read ${entry.path} for ${format.duration(entry.seconds)}`;
      if (entry.type === "page") return `Viewed ${entry.path ?? "a page"}`;
      return `${entry.type === "track" ? "Did" : "Sent"} ${entry.name ?? entry.type}`;
    case "lead":
      return `Filled in the form (${entry.answers?.email ?? `lead ${entry.lead}`}): ${format.decision(entry.decision)}`;
    case "verdict": {
      const what =
        entry.source === "call" ? "Qualification call" : entry.source === "crm" ? "Verdict in the CRM" : "Verdict";
      return `${what}: ${entry.verdict === "accepted" ? "accepted" : "rejected"}${entry.reason ? ` (${entry.reason})` : ""}`;
    }
    case "note":
      return `Note by ${entry.by}`;
    case "assignment":
      return entry.owner ? `Assigned to ${entry.owner}` : "Handed back to the assignment rules";
    case "handoff":
      return `Handed off as an MQL (revision ${entry.revision})`;
    default:
      return entry.kind;
  }
}

// The kind's details under the headline (answers, notes, who).
function details(entry) {
  const parts = [];
  if (entry.kind === "visit") {
    parts.push(el("span", { class: "muted" }, `visitor ${entry.visitor}`));
    if (entry.source) parts.push(el("div", { class: "source" }, `Came from: ${format.touch(entry.source)}`));
  }
  if (entry.kind === "lead")
    parts.push(el("span", { class: "muted" }, `policy ${entry.policy} revision ${entry.revision}`));
  if (entry.kind === "verdict") {
    parts.push(
      el(
        "span",
        { class: "muted" },
        `by ${entry.by ?? "someone"} · revision ${entry.revision} · ${entry.source ?? ""}`,
      ),
    );
    const answers = Object.entries(entry.answers ?? {});
    if (answers.length)
      parts.push(
        el(
          "dl",
          { class: "facts call-answers" },
          answers.map(([fact, value]) => [el("dt", {}, fact), el("dd", {}, format.factValue(value))]),
        ),
      );
    if (entry.note) parts.push(el("p", { class: "note-text" }, entry.note));
  }
  if (entry.kind === "note") parts.push(el("p", { class: "note-text" }, entry.text));
  if (entry.kind === "assignment") parts.push(el("span", { class: "muted" }, `by ${entry.by}`));
  return parts;
}

function entryItem(entry, subject) {
  const elsewhere = entry.subject !== subject;
  return el(
    "li",
    { class: `entry entry-${entry.kind}` },
    el("time", { datetime: entry.at }, format.dateTime(entry.at)),
    el(
      "div",
      { class: "entry-body" },
      el("strong", {}, headline(entry)),
      elsewhere
        ? el("span", {}, " · ", el("a", { href: subjectHref(entry.subject) }, entry.subject.replace(":", " ")))
        : null,
      el("div", { class: "entry-details" }, details(entry)),
    ),
  );
}

// The note form; `onAdded` runs once the note is stored.
function noteForm(subject, onAdded) {
  const key = subject.replace(/[^a-zA-Z0-9]/g, "-");
  const text = el("textarea", { id: `note-text-${key}`, name: "text", rows: "2", maxlength: "4000", required: true });
  const state = el("p", { class: "note-state", role: "status" });
  const form = el(
    "form",
    {
      class: "note-form",
      onsubmit: async (event) => {
        event.preventDefault();
        if (!text.value.trim()) return;
        try {
          await api("/api/notes", { method: "POST", body: { subject, text: text.value } });
          text.value = "";
          replace(state, "Note added.");
          onAdded();
        } catch (error) {
          replace(state, el("span", { class: "error" }, `The note was not added: ${error.message}`));
        }
      },
    },
    field("Add a note", text),
    el("button", { type: "submit" }, "Add note"),
    state,
  );
  return form;
}

/**
 * The timeline of `subject` ("company:ID" or "lead:ID") as a section with
 * its note form; loads its first page at once.
 *   main.append(timelineSection({ subject: "company:stonehouse.example", title: "Timeline" }))
 */
export function timelineSection({ subject, title = "Timeline" }) {
  const list = el("ol", { class: "history", "aria-label": title });
  const more = el("p", { class: "more" });
  const load = async (after) => {
    const page = await api("/api/timeline", { query: { subject, limit: PAGE, after } });
    append(
      list,
      page.entries.map((entry) => entryItem(entry, subject)),
    );
    if (!after && !page.entries.length) replace(list, el("li", { class: "empty" }, "Nothing has happened yet."));
    replace(more, page.next ? el("button", { type: "button", onclick: () => show(page.next) }, "Show older") : null);
  };
  const show = (after) =>
    load(after).catch((error) =>
      replace(more, el("span", { class: "error" }, `The timeline could not be loaded: ${error.message}`)),
    );
  const reload = () => {
    list.replaceChildren();
    show();
  };
  show();
  return el(
    "section",
    { class: "timeline-section", "aria-labelledby": `${title.replace(/\W/g, "-")}-heading` },
    el("h2", { id: `${title.replace(/\W/g, "-")}-heading` }, title),
    noteForm(subject, reload),
    list,
    more,
  );
}
