// Policy: the revisions of the MQL definition, newest first, with who made
// each, why, its sign-offs and activations; the impact of activating one
// (companies and recent leads that would change decision, by name), a
// readable diff between any two revisions, sign-off and activation (a
// loosening revision is refused until each required role signed off), and
// a new revision edited as a form (bar and rule points) and as JSON side by
// side, with every problem the server finds shown at the field it names.
import { api, ApiError } from "../api.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { policyDiff } from "../policy-diff.js";
import { dataTable } from "../table.js";

function impactView(impact) {
  const line = (label, counts) =>
    el(
      "li",
      {},
      `${label}: ${counts.newly_qualified} newly qualified, ${counts.no_longer_qualified} no longer qualified`,
    );
  const names = [...impact.companies.changes, ...impact.leads.changes].map((change) =>
    el("li", { class: `change ${change.to}` }, `${change.name}: ${change.from} → ${change.to}`),
  );
  return el(
    "section",
    { class: "impact", "aria-label": "Impact" },
    el("h3", {}, impact.loosens ? "Impact: loosens the criteria" : "Impact: does not loosen the criteria"),
    el("ul", {}, line("Companies", impact.companies), line("Leads of the last 30 days", impact.leads)),
    names.length ? el("ul", { class: "changes" }, names) : null,
  );
}

function diffView(lines, from, to) {
  return el(
    "section",
    { class: "diff", "aria-label": `Changes from revision ${from} to ${to}` },
    el("h3", {}, `Revision ${from} → ${to}`),
    lines.length
      ? el(
          "ul",
          {},
          lines.map((line) => el("li", { class: `diff-${line.kind}` }, `${line.kind} ${line.subject}: ${line.text}`)),
        )
      : el("p", {}, "No difference."),
  );
}

// The form side of the editor: the bar and each rule's points.
function formView(policy, onChange) {
  const bar = el("input", {
    type: "number",
    id: "field-mql.points",
    name: "mql.points",
    value: policy.mql?.points ?? "",
    oninput: (event) => onChange((p) => (p.mql = { ...p.mql, points: Number(event.target.value) })),
  });
  const rules = (policy.rules ?? []).map((rule, index) =>
    el(
      "div",
      { class: "field", id: `field-rules[${index}]` },
      el("label", { for: `rule-${index}` }, `${rule.id}`),
      "points" in rule
        ? el("input", {
            type: "number",
            id: `rule-${index}`,
            value: rule.points,
            oninput: (event) => onChange((p) => (p.rules[index].points = Number(event.target.value))),
          })
        : el("span", { id: `rule-${index}` }, rule.then),
      el("span", { class: "error", "data-path": `rules[${index}]` }),
    ),
  );
  return el(
    "fieldset",
    { class: "policy-form" },
    el("legend", {}, "Form"),
    el(
      "div",
      { class: "field" },
      el("label", { for: "field-mql.points" }, "Bar (mql.points)"),
      bar,
      el("span", { class: "error", "data-path": "mql" }),
    ),
    rules,
  );
}

// Shows each "path: message" at the field whose path it names (the
// longest matching data-path), the rest in the list under the JSON.
function showProblems(editor, problems) {
  for (const slot of editor.querySelectorAll(".error")) slot.textContent = "";
  const rest = [];
  const slots = [...editor.querySelectorAll(".error[data-path]")];
  for (const problem of problems) {
    const path = problem.slice(0, problem.indexOf(":"));
    const slot = slots
      .filter(
        (s) =>
          path === s.dataset.path || path.startsWith(`${s.dataset.path}.`) || path.startsWith(`${s.dataset.path}[`),
      )
      .sort((a, b) => b.dataset.path.length - a.dataset.path.length)[0];
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent}; ${problem}` : problem;
    else rest.push(problem);
  }
  replace(
    editor.querySelector(".problems"),
    rest.map((p) => el("li", {}, p)),
  );
}

function editorView(active, onCreated) {
  let draft = structuredClone(active);
  const json = el("textarea", { id: "policy-json", rows: 24, spellcheck: "false", "aria-label": "Policy JSON" });
  const note = el("input", { id: "revision-note", type: "text", placeholder: "Why this change?" });
  const status = el("p", { role: "status" });
  const formSlot = el("div", {});
  const editor = el("section", { class: "editor", "aria-label": "New revision" });
  const renderForm = () =>
    replace(
      formSlot,
      formView(draft, (change) => {
        change(draft);
        json.value = JSON.stringify(draft, null, 2);
      }),
    );
  json.value = JSON.stringify(draft, null, 2);
  json.addEventListener("input", () => {
    try {
      draft = JSON.parse(json.value);
      showProblems(editor, []);
      renderForm();
    } catch (error) {
      showProblems(editor, [`: ${error.message}`]);
    }
  });
  const create = el(
    "button",
    {
      type: "button",
      onclick: async () => {
        try {
          const created = await api("/api/policy/revisions", {
            method: "POST",
            body: { policy: draft, note: note.value },
          });
          status.textContent = `Revision ${created.revision} created (not active yet).`;
          await onCreated(created);
        } catch (error) {
          status.textContent = error.message;
          if (error instanceof ApiError && error.problems) showProblems(editor, error.problems);
        }
      },
    },
    "Create revision",
  );
  renderForm();
  return replace(
    editor,
    el("h2", {}, "New revision"),
    el("div", { class: "side-by-side" }, formSlot, el("div", {}, el("label", { for: "policy-json" }, "JSON"), json)),
    el("ul", { class: "problems" }),
    el("div", { class: "actions" }, el("label", { for: "revision-note" }, "Note"), note, create),
    status,
  );
}

export async function render(main, context) {
  const [active, { revisions, signoff_roles: roles }] = await Promise.all([
    api("/api/policy"),
    api("/api/policy/revisions"),
  ]);
  const output = el("div", { class: "output", "aria-live": "polite" });
  const reload = () => render(main, context);
  const policies = new Map();
  const policyOf = async (number) => {
    if (!policies.has(number)) policies.set(number, (await api(`/api/policy/revisions/${number}`)).policy_json);
    return policies.get(number);
  };
  const act = (label, run) =>
    el(
      "button",
      {
        type: "button",
        onclick: async () => {
          try {
            replace(output, await run());
          } catch (error) {
            replace(output, el("p", { class: "error" }, error.message));
          }
        },
      },
      label,
    );
  const columns = [
    { label: "Revision", cell: (r) => `${r.revision}${r.active ? " (active)" : ""}` },
    { label: "Created", cell: (r) => `${format.dateTime(r.created_at)} by ${r.by}` },
    { label: "Note", cell: (r) => r.note },
    { label: "Sign-offs", cell: (r) => r.signoffs.map((s) => `${s.by} (${s.role})`).join(", ") || "none" },
    { label: "Activated", cell: (r) => r.activations.map((a) => `${format.dateTime(a.at)} by ${a.by}`).join(", ") },
    {
      label: "Actions",
      cell: (r) =>
        el(
          "div",
          { class: "actions" },
          act("Impact", async () => impactView(await api(`/api/policy/revisions/${r.revision}/impact`))),
          act("Diff with active", async () =>
            diffView(
              policyDiff(await policyOf(active.revision), await policyOf(r.revision)),
              active.revision,
              r.revision,
            ),
          ),
          r.active
            ? null
            : act("Sign off", async () => {
                await api(`/api/policy/revisions/${r.revision}/signoff`, { method: "POST", body: {} });
                await reload();
                return el("p", {}, `Signed off revision ${r.revision}.`);
              }),
          r.active
            ? null
            : act("Activate", async () => {
                try {
                  await api(`/api/policy/revisions/${r.revision}/activate`, { method: "POST" });
                } catch (error) {
                  if (error.status === 409) return el("p", { class: "error" }, error.message);
                  throw error;
                }
                await reload();
                return el("p", {}, `Revision ${r.revision} is active; every company was re-scored.`);
              }),
        ),
    },
  ];
  replace(
    main,
    el("h1", {}, `Policy ${active.policy}, revision ${active.revision}`),
    el(
      "p",
      { class: "muted" },
      roles.length
        ? `A revision that qualifies anyone new needs a sign-off from: ${roles.join(", ")}.`
        : "Sign-off is not required.",
    ),
    dataTable({ caption: "Revisions, newest first", columns, rows: revisions }),
    output,
    editorView(active, async () => reload()),
  );
}
