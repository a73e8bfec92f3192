// The qualification call: a BDR re-qualifies an MQL ("company:ID" or
// "lead:ID") against the SQL policy (--sql-policy, owned by sales). The
// core, in the browser, picks each next question from what is known (the
// server's facts for the subject plus the answers so far); the result is
// posted to /api/calls, where the server decides again and stores it as
// the subject's feedback.
import { api } from "../api.js";
import { loadCore } from "../policy-core.js";
import { el, field, replace } from "../dom.js";
import * as format from "../format.js";
import { verdictText } from "../verdict.js";

function backLink(subject) {
  const [kind, id] = [subject.slice(0, subject.indexOf(":")), subject.slice(subject.indexOf(":") + 1)];
  const href = kind === "lead" ? `/app/leads/${encodeURIComponent(id)}` : `/app/companies/${encodeURIComponent(id)}`;
  return el("a", { href }, kind === "lead" ? "← Back to the lead" : "← Back to the company");
}

// The answer controls for one fact, as the policy describes it; answer(value) records it.
function answerControls(fact, answer) {
  const button = (label, value) =>
    el("button", { type: "button", class: "choice", onclick: () => answer(value) }, label);
  if (fact.type === "boolean") return [button("Yes", true), button("No", false)];
  if (fact.choices?.length) return fact.choices.map((choice) => button(choice.label, choice.value));
  if (fact.buckets?.length) return fact.buckets.map((bucket) => button(bucket.label, { range: bucket.range }));
  const input = el("input", {
    id: `answer-${fact.id}`,
    type: fact.type === "number" ? "number" : "text",
    autocomplete: "off",
    "aria-label": fact.question,
  });
  const submit = el("button", { type: "submit" }, "Answer");
  const form = el(
    "form",
    {
      class: "inline",
      onsubmit: (event) => {
        event.preventDefault();
        if (input.value === "") return input.focus();
        answer(fact.type === "number" ? Number(input.value) : input.value);
      },
    },
    input,
    submit,
  );
  return [form];
}

function answerLabel(fact, value) {
  if (fact?.type === "boolean") return value ? "Yes" : "No";
  const choice = fact?.choices?.find((c) => c.value === value);
  return choice ? choice.label : format.factValue(value);
}

export async function render(main, { params, setTitle }) {
  const [subject] = params;
  const [policyText, start] = await Promise.all([
    api("/api/sql-policy", { as: "text" }),
    api(`/api/calls/${encodeURIComponent(subject)}`),
  ]);
  const qualifier = (await loadCore()).createQualifier(policyText);
  const bar = JSON.parse(policyText).mql?.points;
  const facts = new Map(qualifier.description.facts.map((fact) => [fact.id, fact]));
  const known = start.facts ?? {};
  const answers = {}; // what the call has answered, in order
  setTitle(`Call: ${start.name}`);

  const progress = el("p", { class: "call-progress", role: "status", "aria-live": "polite" });
  const question = el("section", { class: "card call-question", "aria-labelledby": "question-heading" });
  const answered = el("section", { class: "card", "aria-labelledby": "answered-heading" });
  const message = el("p", { class: "error", role: "alert" });

  const knownList = Object.entries(known).filter(([id]) => facts.has(id) && facts.get(id).askable);
  replace(
    main,
    el("p", {}, backLink(subject)),
    el("h1", {}, `Qualification call: ${start.name}`),
    el(
      "p",
      { class: "summary" },
      `SQL policy ${qualifier.description.policy} revision ${qualifier.description.revision}` +
        (bar !== undefined ? ` · SQL at ${format.number(bar)} points` : "") +
        ". Only the questions that can still change the outcome are asked, the most useful first.",
    ),
    progress,
    question,
    answered,
    message,
  );

  function drawAnswered() {
    const rows = [
      ...knownList.map(([id, value]) => [
        el("dt", {}, facts.get(id).question),
        el("dd", {}, answerLabel(facts.get(id), value), el("span", { class: "muted" }, " (already known)")),
      ]),
      ...Object.entries(answers).map(([id, value]) => [
        el("dt", {}, facts.get(id)?.question ?? id),
        el(
          "dd",
          {},
          answerLabel(facts.get(id), value),
          " ",
          el(
            "button",
            {
              type: "button",
              class: "inline-link",
              "aria-label": `Change the answer to: ${facts.get(id)?.question ?? id}`,
              onclick: () => {
                delete answers[id];
                step();
              },
            },
            "change",
          ),
        ),
      ]),
    ];
    replace(
      answered,
      el("h2", { id: "answered-heading" }, "Known so far"),
      rows.length ? el("dl", { class: "call-known" }, rows) : el("p", { class: "empty" }, "Nothing yet."),
    );
  }

  async function save(note) {
    replace(message);
    try {
      const result = await api("/api/calls", { method: "POST", body: { subject, answers, note: note || undefined } });
      replace(
        question,
        el("h2", { id: "question-heading" }, result.sql ? "Saved: SQL" : "Saved: not SQL"),
        el("p", { class: "verdict-state" }, verdictText(result.feedback)),
        el("p", {}, backLink(subject)),
      );
    } catch (error) {
      message.textContent = `Not saved: ${error.message}`;
    }
  }

  function drawResult(decision) {
    const sql = decision.decision === "qualified";
    const note = el("input", { id: "call-note", name: "note", maxlength: "1500", autocomplete: "off" });
    const saveButton = el("button", { type: "submit", class: sql ? "good" : "danger" }, "Save the result");
    const form = el(
      "form",
      {
        class: "call-save",
        onsubmit: (event) => {
          event.preventDefault();
          saveButton.disabled = true;
          save(note.value).finally(() => {
            saveButton.disabled = false;
          });
        },
      },
      field("Note (optional)", note, { className: "note" }),
      saveButton,
    );
    replace(
      question,
      el("h2", { id: "question-heading" }, sql ? "Result: SQL" : "Result: not SQL"),
      el("p", {}, el("span", { class: `badge ${decision.decision}` }, sql ? "SQL" : "Not SQL")),
      el("p", {}, format.reasons(decision.reasons) || "No rule applies."),
      el(
        "p",
        { class: "muted" },
        sql
          ? "Saving stores an acceptance of this MQL."
          : "Saving stores a rejection of this MQL with the SQL policy's reasons.",
      ),
      form,
    );
    saveButton.focus();
  }

  function drawQuestion(decision) {
    const fact = facts.get(decision.ask);
    replace(
      question,
      el("h2", { id: "question-heading" }, "Ask"),
      el(
        "fieldset",
        {},
        el("legend", {}, fact.question),
        el(
          "div",
          { class: "choices" },
          answerControls(fact, (value) => {
            answers[fact.id] = value;
            step();
          }),
        ),
      ),
    );
    question.querySelector("button, input")?.focus();
  }

  function step() {
    replace(message);
    let decision;
    try {
      decision = qualifier.decide({ ...known, ...answers });
    } catch (error) {
      message.textContent = `The core refused these facts: ${error.message}`;
      return;
    }
    const open = decision.decision === "undecided";
    progress.textContent = `${open ? "Open" : format.decision(decision.decision)} · ${format.points(decision.points)} points${bar !== undefined ? ` of ${format.number(bar)}` : ""}`;
    drawAnswered();
    if (open) drawQuestion(decision);
    else drawResult(decision);
  }

  step();
}
