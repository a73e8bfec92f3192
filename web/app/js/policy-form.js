// The policy editor's form side: the bars (a lead's, an account's), each
// fact (type, whom it is about, question, required, cost, choices or number buckets with their shares) and each
// rule (id, condition, points or gate), edited in place on a draft policy
// object. Every control sits in a `.field` with an error slot named by the
// path `leadgate policy check` gives for it, so problems land at the field.
// It never validates: the core does (policy-core.js).
import { el } from "./dom.js";
import { field, idFor, input, numberInput, removeButton, select, setKey } from "./policy-controls.js";
import { conditionBuilder, newCondition } from "./condition-builder.js";

const TYPES = ["choice", "number", "text", "boolean"];
const ADD_RULE_ID = "pf-add-rule";
// Whom a fact describes (policy-v1.2 `about`): an account's decision leaves
// out the rules that name a person's fact.
const ABOUT = [
  ["", "account"],
  ["person", "person"],
];
const EFFECTS = [
  ["points", "Points"],
  ["disqualify", "Disqualifies"],
  ["require", "Required"],
];

// One choice (choice facts) or bucket (number facts) of a fact.
function choiceRow(fact, path, index, changed) {
  const choice = fact.choices[index];
  const at = `${path}.choices[${index}]`;
  const edit = (key, value) => {
    setKey(choice, key, value);
    changed();
  };
  const cells =
    fact.type === "number"
      ? [
          field(
            "Label",
            `${at}.label`,
            input(choice.label, (v) => edit("label", v || undefined)),
          ),
          field(
            "From",
            `${at}.range[0]`,
            numberInput(choice.range?.[0], (v) => {
              choice.range = [v ?? null, choice.range?.[1] ?? null];
              changed();
            }),
            { slotPath: `${at}.range` },
          ),
          field(
            "Below",
            `${at}.range[1]`,
            numberInput(
              choice.range?.[1],
              (v) => {
                choice.range = [choice.range?.[0] ?? null, v ?? null];
                changed();
              },
              { placeholder: "open" },
            ),
            { slotPath: `${at}.range[1]` },
          ),
        ]
      : [
          field(
            "Value",
            `${at}.value`,
            input(choice.value, (v) => edit("value", v)),
          ),
          field(
            "Label",
            `${at}.label`,
            input(choice.label, (v) => edit("label", v || undefined)),
          ),
        ];
  return el(
    "div",
    { class: "choice-row" },
    cells,
    field(
      "Share",
      `${at}.share`,
      numberInput(choice.share, (v) => edit("share", v)),
    ),
    el("span", { class: "error", "data-path": at }),
    removeButton(`Remove choice ${index + 1} of ${fact.question ?? ""}`, () => {
      fact.choices.splice(index, 1);
      changed(true);
    }),
  );
}

function factEditor(draft, id, changed) {
  const fact = draft.facts[id];
  const path = `facts.${id}`;
  const edit = (key, value) => {
    setKey(fact, key, value);
    changed();
  };
  const hasChoices = fact.type === "choice" || fact.type === "number";
  return el(
    "fieldset",
    { class: "fact", "data-fact": id },
    el("legend", {}, id),
    el(
      "div",
      { class: "fact-row" },
      field(
        "Type",
        `${path}.type`,
        select(
          TYPES.map((type) => [type, type]),
          fact.type,
          (type) => {
            fact.type = type;
            if (!(type === "choice" || type === "number")) delete fact.choices;
            else if (type === "choice" && !fact.choices) fact.choices = [{ value: "" }];
            changed(true);
          },
        ),
      ),
      field(
        "Question",
        `${path}.question`,
        input(fact.question, (v) => edit("question", v || undefined)),
        {
          className: "grow",
        },
      ),
      field(
        "About",
        `${path}.about`,
        select(ABOUT, fact.about ?? "", (about) => edit("about", about || undefined)),
      ),
      field(
        "Cost",
        `${path}.cost`,
        numberInput(fact.cost, (v) => edit("cost", v), { placeholder: "1" }),
      ),
      field(
        "Always ask",
        `${path}.required`,
        el("input", {
          type: "checkbox",
          checked: fact.required === true,
          onchange: (event) => edit("required", event.target.checked || undefined),
        }),
        { className: "check" },
      ),
    ),
    hasChoices
      ? el(
          "div",
          { class: "choices" },
          (fact.choices ?? []).map((_, index) => choiceRow(fact, path, index, changed)),
          el("span", { class: "error", "data-path": `${path}.choices` }),
          el(
            "button",
            {
              type: "button",
              class: "secondary small",
              onclick: () => {
                fact.choices ??= [];
                fact.choices.push(fact.type === "number" ? { label: "", range: [null, null] } : { value: "" });
                changed(true);
              },
            },
            fact.type === "number" ? "Add a bucket" : "Add a choice",
          ),
        )
      : null,
    el("span", { class: "error", "data-path": path }),
    removeButton(`Remove fact ${id}`, () => {
      delete draft.facts[id];
      changed(true);
    }),
  );
}

function effectOf(rule) {
  return rule.then ?? "points";
}

function ruleEditor(draft, index, changed) {
  const rule = draft.rules[index];
  const path = `rules[${index}]`;
  const points = numberInput(
    rule.points,
    (v) => {
      setKey(rule, "points", v);
      changed();
    },
    { disabled: effectOf(rule) !== "points" },
  );
  return el(
    "div",
    { class: "rule", "data-rule": rule.id ?? "" },
    field(
      "Id",
      `${path}.id`,
      input(rule.id, (v) => {
        rule.id = v;
        changed();
      }),
    ),
    conditionBuilder(rule, `${path}.if`, draft, changed),
    field(
      "Then",
      `${path}.then`,
      select(EFFECTS, effectOf(rule), (effect) => {
        if (effect === "points") {
          delete rule.then;
          rule.points ??= 0;
        } else {
          delete rule.points;
          rule.then = effect;
        }
        changed(true);
      }),
    ),
    field("Points", `${path}.points`, points),
    el("span", { class: "error", "data-path": path }),
    removeButton(`Remove rule ${rule.id ?? index + 1}`, () => {
      draft.rules.splice(index, 1);
      changed(true, ADD_RULE_ID);
    }),
  );
}

function addFactControls(draft, changed) {
  const id = el("input", { type: "text", id: "pf-new-fact", placeholder: "e.g. timeline" });
  return el(
    "div",
    { class: "add-row" },
    field("New fact id", "new-fact", id),
    el(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: () => {
          const name = id.value.trim();
          if (!name || draft.facts?.[name]) return id.focus();
          draft.facts ??= {};
          draft.facts[name] = { type: "choice", question: "", choices: [{ value: "" }] };
          changed(true);
        },
      },
      "Add fact",
    ),
  );
}

/**
 * The form for `draft` (edited in place). changed(structural, focusId) is
 * called after every edit; structural edits (added or removed parts, a new
 * type) need the form drawn again, with focusId (when given) focused.
 */
export function policyForm(draft, changed) {
  const barInput = (key, attrs) =>
    numberInput(
      draft.mql?.[key],
      (v) => {
        draft.mql = { ...draft.mql };
        setKey(draft.mql, key, v);
        changed();
      },
      attrs,
    );
  return el(
    "div",
    { class: "policy-form" },
    el(
      "fieldset",
      {},
      el("legend", {}, "Policy"),
      el(
        "div",
        { class: "fact-row" },
        field(
          "Name",
          "policy",
          input(draft.policy, (v) => {
            draft.policy = v;
            changed();
          }),
        ),
        field("Bar: points to qualify (mql.points)", "mql.points", barInput("points"), { slotPath: "mql" }),
        field(
          "Bar for an account (mql.account_points; empty: the same bar)",
          "mql.account_points",
          barInput("account_points"),
        ),
      ),
    ),
    el(
      "fieldset",
      {},
      el("legend", {}, "Facts and questions (in the form's order)"),
      el(
        "p",
        { class: "muted" },
        "Cost: how much answering a question asks of a visitor (1 when empty); the form picks each next question " +
          "so that it reaches a decision at the least cost. Share: how often people give an answer, from 0 to 1 " +
          "(0.38 is 38 %); it only helps pick the next question.",
      ),
      Object.keys(draft.facts ?? {}).map((id) => factEditor(draft, id, changed)),
      el("span", { class: "error", "data-path": "facts" }),
      addFactControls(draft, changed),
    ),
    el(
      "fieldset",
      {},
      el("legend", {}, "Rules"),
      (draft.rules ?? []).map((_, index) => ruleEditor(draft, index, changed)),
      el("span", { class: "error", "data-path": "rules" }),
      el(
        "button",
        {
          type: "button",
          class: "secondary",
          id: ADD_RULE_ID,
          onclick: () => {
            draft.rules ??= [];
            draft.rules.push({ id: `rule-${draft.rules.length + 1}`, if: newCondition(draft), points: 10 });
            // The keyboard goes to the new rule's fact.
            changed(true, idFor(`rules[${draft.rules.length - 1}].if.fact`));
          },
        },
        "Add rule",
      ),
    ),
  );
}
