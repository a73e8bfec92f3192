// A rule's condition (policy-v1 Rules) built from choices, not typed JSON:
// the fact by its question or a built-in's name in words, the comparison in
// words, the value from the fact's choices or buckets or a number with its
// unit, and all/any/not as nested groups. Edits the draft in place; the
// words come from account.js, the checking from the core.
import { append, el, field as labelled, replace } from "./dom.js";
import { NETWORK_TYPES, OPERATORS, conditionWords, factUnit, factWords } from "./account.js";
import { field, idFor, numberInput, removeButton } from "./policy-controls.js";
import * as format from "./format.js";

const BUILT_INS = {
  company: [
    "company.employees",
    "company.revenue",
    "company.industry",
    "company.country",
    "company.name",
    "company.domain",
  ],
  visits: ["behavior.visits", "behavior.visit_days", "behavior.pageviews", "behavior.days_since_last_visit"],
};
const NUMBER_BUILT_INS =
  /^(company\.(employees|revenue)|behavior\.(visits|visit_days|pageviews|days_since_last_visit))$/;
const COMPARISONS = {
  number: ["gte", "gt", "lte", "lt"],
  choice: ["in", "not_in", "eq", "ne"],
  text: ["eq", "ne", "in", "not_in"],
  boolean: ["eq", "ne"],
};
const KNOWN_WORDS = { known: "is known", unknown: "is not known" };

/** What the builder knows of fact `id`: {type, choices: [{value, label}], buckets: [{label, range}], unit (factUnit)}. */
export function factShape(id, policy) {
  const fact = policy?.facts?.[id];
  if (fact) {
    const choices = fact.type === "choice" ? (fact.choices ?? []) : [];
    const buckets = fact.type === "number" ? (fact.choices ?? []).filter((b) => Array.isArray(b.range)) : [];
    return {
      type: fact.type,
      choices: choices.map((c) => ({ value: c.value, label: c.label ?? String(c.value) })),
      buckets,
    };
  }
  if (id === "network.type")
    return { type: "choice", choices: Object.entries(NETWORK_TYPES).map(([value, label]) => ({ value, label })) };
  const page = /^behavior\.pages\.([^.]+)\.(views|seconds)$/.exec(id ?? "");
  if (page ? Object.hasOwn(policy?.pages ?? {}, page[1]) : NUMBER_BUILT_INS.test(id ?? ""))
    return { type: "number", choices: [], buckets: [], unit: factUnit(id) };
  if (/^company\.(name|domain|industry|country)$/.test(id ?? "")) return { type: "text", choices: [], buckets: [] };
  return null;
}

// The fact picker's groups: the policy's questions, its other facts, then built-ins.
function factGroups(policy) {
  const declared = Object.entries(policy?.facts ?? {});
  const pages = Object.keys(policy?.pages ?? {}).flatMap((g) => [
    `behavior.pages.${g}.views`,
    `behavior.pages.${g}.seconds`,
  ]);
  const groups = [
    ["Questions of the form", declared.filter(([, f]) => f.question).map(([id]) => id)],
    ["Other facts of this policy", declared.filter(([, f]) => !f.question).map(([id]) => id)],
    ["Visits to the site", [...pages, ...BUILT_INS.visits]],
    ["About the company", [...BUILT_INS.company, "network.type"]],
  ];
  return groups.filter(([, ids]) => ids.length);
}

// A first value for comparison `op` on a fact of `shape`.
function firstValue(op, shape) {
  if (op === "in" || op === "not_in") return shape?.choices?.length ? [shape.choices[0].value] : [];
  // One of the unit shown: 1 minute (60 seconds) for time on pages.
  if (shape?.type === "number")
    return shape.buckets.find((b) => b.range[0] !== null)?.range[0] ?? Math.round(1 / (shape.unit?.scale ?? 1));
  if (shape?.type === "boolean") return true;
  return shape?.choices?.[0]?.value ?? "";
}

// A fresh comparison on `id`, one a marketer would start from.
function freshLeaf(id, policy) {
  const shape = factShape(id, policy);
  const op = (COMPARISONS[shape?.type] ?? ["eq"])[0];
  return { fact: id, [op]: firstValue(op, shape) };
}

function firstFact(policy) {
  return factGroups(policy)[0]?.[1][0] ?? "behavior.visits";
}

/** A new rule's condition: the first fact of the picker, compared as a marketer would start. */
export function newCondition(policy) {
  return freshLeaf(firstFact(policy), policy);
}

// A value moved to another comparison: a list for in/not_in, one value otherwise.
function convertValue(value, op) {
  const list = op === "in" || op === "not_in";
  if (list) return Array.isArray(value) ? value : value === undefined || value === "" ? [] : [value];
  return Array.isArray(value) ? (value[0] ?? "") : value;
}

// Whether the builder can show `node` as choices (else it points to the JSON side).
function shown(node) {
  if (!node || typeof node !== "object" || Array.isArray(node)) return false;
  if ("all" in node || "any" in node) {
    const parts = node.all ?? node.any;
    return Object.keys(node).length === 1 && Array.isArray(parts) && parts.every(shown);
  }
  if ("not" in node) return Object.keys(node).length === 1 && shown(node.not);
  const ops = Object.keys(node).filter((key) => key !== "fact");
  return typeof node.fact === "string" && ops.length > 0 && ops.every((op) => op === "known" || op in OPERATORS);
}

function factPicker(node, path, policy, changed) {
  const known = factGroups(policy);
  const listed = known.some(([, ids]) => ids.includes(node.fact));
  const picker = el(
    "select",
    {
      id: idFor(`${path}.fact`),
      onchange: (event) => {
        const fresh = freshLeaf(event.target.value, policy);
        for (const key of Object.keys(node)) delete node[key];
        Object.assign(node, fresh);
        changed(true);
      },
    },
    listed ? null : el("option", { value: node.fact, selected: true }, `${node.fact} (not a fact of this policy)`),
    known.map(([label, ids]) =>
      el(
        "optgroup",
        { label },
        ids.map((id) => el("option", { value: id, selected: id === node.fact }, factWords(id, policy))),
      ),
    ),
  );
  return field("Fact", `${path}.fact`, picker, { className: "grow" });
}

function comparisonPicker(node, op, index, path, shape, changed) {
  const ops = COMPARISONS[shape?.type] ?? Object.keys(OPERATORS);
  const current = op === "known" ? (node.known ? "known" : "unknown") : op;
  const options = [...ops.map((o) => [o, OPERATORS[o]]), ...Object.entries(KNOWN_WORDS)];
  if (!options.some(([o]) => o === current)) options.unshift([current, OPERATORS[current] ?? current]);
  const picker = el(
    "select",
    {
      id: idFor(`${path}.comparison-${index}`),
      onchange: (event) => {
        const next = event.target.value;
        const value = node[op];
        delete node[op];
        if (next === "known" || next === "unknown") node.known = next === "known";
        else node[next] = op === "known" ? firstValue(next, shape) : convertValue(value, next);
        changed(true);
      },
    },
    options.map(([o, words]) => el("option", { value: o, selected: o === current }, words)),
  );
  return field("Comparison", `${path}.${op}`, picker, { slotPath: `${path}.${op}` });
}

// Checkboxes for in/not_in on a choice fact: its labels.
function choiceBoxes(node, op, path, shape, changed) {
  const chosen = new Set(Array.isArray(node[op]) ? node[op] : []);
  const stray = [...chosen].filter((value) => !shape.choices.some((c) => c.value === value));
  const boxes = [...shape.choices, ...stray.map((value) => ({ value, label: `${value} (not a choice)` }))];
  return el(
    "fieldset",
    { class: "value-choices" },
    el("legend", {}, "Values"),
    boxes.map((choice, index) => {
      const box = el("input", {
        type: "checkbox",
        id: idFor(`${path}.${op}[${index}]`),
        checked: chosen.has(choice.value),
        onchange: (event) => {
          const values = new Set(Array.isArray(node[op]) ? node[op] : []);
          if (event.target.checked) values.add(choice.value);
          else values.delete(choice.value);
          node[op] = boxes.map((c) => c.value).filter((value) => values.has(value));
          changed();
        },
      });
      return labelled(choice.label, box, { check: true, className: "check-choice" });
    }),
  );
}

// The values a bucketed number can be compared with: where its buckets
// start (or, for the last, end), named by the bucket's label.
function bucketEdges(shape) {
  const edges = new Map();
  for (const { label = "", range } of shape.buckets)
    if (range[0] !== null) edges.set(range[0], `${format.number(range[0])} (where “${label}” starts)`);
  for (const { label = "", range } of shape.buckets)
    if (range[1] !== null && !edges.has(range[1]))
      edges.set(range[1], `${format.number(range[1])} (where “${label}” ends)`);
  return [...edges].sort((a, b) => a[0] - b[0]);
}

function valueControl(node, op, index, path, shape, policy, changed) {
  if (op === "known") return null;
  const id = idFor(`${path}.value-${index}`);
  const set = (value) => {
    node[op] = value;
    changed();
  };
  // className "edge": a bucket's edge reads with its label, wider than a number.
  const pick = (options, className = "") =>
    field(
      "Value",
      `${path}.${op}.value`,
      el(
        "select",
        { id, onchange: (event) => set(options.find(([key]) => String(key) === event.target.value)[0]) },
        options.map(([value, words]) => el("option", { value: String(value), selected: value === node[op] }, words)),
      ),
      { slotPath: `${path}.${op}.value`, className },
    );
  if (shape?.type === "choice" && (op === "in" || op === "not_in")) return choiceBoxes(node, op, path, shape, changed);
  if (shape?.type === "choice") {
    const options = shape.choices.map((c) => [c.value, c.label]);
    if (!options.some(([value]) => value === node[op])) options.unshift([node[op], `${node[op]} (not a choice)`]);
    return pick(options);
  }
  if (shape?.type === "boolean")
    return pick([
      [true, "yes"],
      [false, "no"],
    ]);
  if (shape?.type === "number" && shape.buckets.length) {
    const options = bucketEdges(shape);
    if (!options.some(([value]) => value === node[op])) options.unshift([node[op], `${node[op]} (inside a bucket)`]);
    return pick(options, "edge");
  }
  const list = op === "in" || op === "not_in";
  const slot = { slotPath: `${path}.${op}.value` };
  if (shape?.type === "number" && !list) {
    // In the unit people think in (time in minutes), "1,000" as well as "1000".
    const unit = factUnit(node.fact);
    const box = numberInput(node[op], (value) => set(value ?? ""), { id, scale: unit?.scale ?? 1 });
    return field(unit ? `Value in ${unit.name}` : "Value", `${path}.${op}.value`, box, slot);
  }
  const box = el("input", {
    id,
    type: "text",
    value: list ? (node[op] ?? []).join(", ") : (node[op] ?? ""),
    oninput: (event) => {
      const text = event.target.value;
      if (list)
        set(
          text
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean),
        );
      else set(text);
    },
  });
  return field(list ? "Values (separated by commas)" : "Value", `${path}.${op}.value`, box, slot);
}

function leafEditor(node, path, policy, changed) {
  const shape = factShape(node.fact, policy);
  const ops = Object.keys(node).filter((key) => key !== "fact");
  return el(
    "div",
    { class: "condition-leaf", "data-path": path },
    factPicker(node, path, policy, changed),
    ops.map((op, index) => [
      comparisonPicker(node, op, index, path, shape, changed),
      valueControl(node, op, index, path, shape, policy, changed),
    ]),
  );
}

function groupEditor(node, path, policy, changed) {
  const kind = "all" in node ? "all" : "any";
  const parts = node[kind];
  const holds = el(
    "select",
    {
      id: idFor(`${path}.kind`),
      onchange: (event) => {
        node[event.target.value] = parts;
        delete node[kind];
        changed(true);
      },
    },
    el("option", { value: "all", selected: kind === "all" }, "all of these hold"),
    el("option", { value: "any", selected: kind === "any" }, "at least one of these holds"),
  );
  return el(
    "fieldset",
    { class: "condition-group", "data-path": path },
    el("legend", {}, kind === "all" ? "All of these" : "Any of these"),
    field("The group holds when", `${path}.kind`, holds, { slotPath: path }),
    parts.map((part, index) =>
      el(
        "div",
        { class: "condition-part" },
        nodeEditor(
          {
            get: () => parts[index],
            set: (next) => (parts[index] = next),
            remove: () => parts.splice(index, 1),
            focusAfterRemoval: idFor(`${path}.kind`),
            name: `condition ${index + 1} of this group`,
          },
          `${path}.${kind}[${index}]`,
          policy,
          changed,
        ),
      ),
    ),
    el(
      "div",
      { class: "actions" },
      actionButton(
        "Add a condition",
        () => `to the group “${said(node, policy)}”`,
        () => {
          parts.push(newCondition(policy));
          changed(true, firstControl(`${path}.${kind}[${parts.length - 1}]`, parts.at(-1)));
        },
      ),
      actionButton(
        "Add a group",
        () => `inside the group “${said(node, policy)}”`,
        () => {
          parts.push({ any: [newCondition(policy)] });
          changed(true, firstControl(`${path}.${kind}[${parts.length - 1}]`, parts.at(-1)));
        },
      ),
    ),
  );
}

// The id of the first control of the node at `path`: where the keyboard
// goes once an action has drawn it.
function firstControl(path, node) {
  if ("not" in node) return firstControl(`${path}.not`, node.not);
  return idFor("all" in node || "any" in node ? `${path}.kind` : `${path}.fact`);
}

// A button whose accessible name starts with its visible text and says
// which condition it acts on; relabel() after an edit changed the words.
function actionButton(text, detail, onClick) {
  const button = el("button", { type: "button", class: "secondary small", onclick: onClick }, text);
  button.relabel = () => button.setAttribute("aria-label", `${text}: ${detail()}`);
  button.relabel();
  return button;
}

// A condition in words, short enough for a button's name.
function said(node, policy) {
  const words = conditionWords(node, policy);
  return words.length > 80 ? `${words.slice(0, 79)}…` : words;
}

// One node where `place` holds it ({get, set, remove?, name}); `path` as the core names it.
function nodeEditor(place, path, policy, changed) {
  const node = place.get();
  const actions = [];
  if ("not" in node)
    actions.push(
      actionButton(
        "Drop the not",
        () => `keep “${said(node.not, policy)}” as it is`,
        () => {
          place.set(node.not);
          changed(true, firstControl(path, node.not));
        },
      ),
    );
  else
    actions.push(
      actionButton(
        "Not",
        () => `turn “${said(node, policy)}” around`,
        () => {
          place.set({ not: node });
          changed(true, firstControl(`${path}.not`, node));
        },
      ),
    );
  if (!("all" in node || "any" in node))
    actions.push(
      actionButton(
        "And another",
        () => `a condition that must hold as well as “${said(node, policy)}”`,
        () => {
          place.set({ all: [node, newCondition(policy)] });
          changed(true, idFor(`${path}.all[1].fact`));
        },
      ),
      actionButton(
        "Or another",
        () => `a condition that may hold instead of “${said(node, policy)}”`,
        () => {
          place.set({ any: [node, newCondition(policy)] });
          changed(true, idFor(`${path}.any[1].fact`));
        },
      ),
    );
  if (place.remove)
    actions.push(
      removeButton(`Remove ${place.name}`, () => {
        place.remove();
        changed(true, place.focusAfterRemoval);
      }),
    );
  let body;
  if ("not" in node)
    body = el(
      "fieldset",
      { class: "condition-not", "data-path": path },
      el("legend", {}, "Not: holds when this does not"),
      nodeEditor(
        { get: () => node.not, set: (next) => (node.not = next), name: "the condition inside the not" },
        `${path}.not`,
        policy,
        changed,
      ),
    );
  else if ("all" in node || "any" in node) body = groupEditor(node, path, policy, changed);
  else body = leafEditor(node, path, policy, changed);
  return el("div", { class: "condition-node" }, body, el("div", { class: "actions node-actions" }, actions));
}

/**
 * The builder of `rule.if` (edited in place) at `path` ("rules[2].if");
 * changed(structural, focusId) after every edit, as policyForm's callers
 * expect (focusId: the control to focus once drawn again, if not the same).
 * A condition the builder cannot show (not JSON yet, an unknown operator)
 * is left as it is and pointed to the JSON side.
 */
export function conditionBuilder(rule, path, policy, changed) {
  const slot = el("span", { class: "error", "data-path": path });
  if (!shown(rule.if))
    return el(
      "div",
      { class: "condition-builder field" },
      el(
        "p",
        { class: "muted" },
        "This condition cannot be shown as choices; edit it on the JSON side: ",
        el("code", {}, typeof rule.if === "string" ? rule.if : JSON.stringify(rule.if)),
      ),
      el(
        "button",
        {
          type: "button",
          class: "secondary small",
          onclick: () => {
            rule.if = newCondition(policy);
            changed(true);
          },
        },
        "Start this condition again from choices",
      ),
      slot,
    );
  const words = el("p", { class: "condition-words" });
  const say = () => replace(words, el("strong", {}, "If "), conditionWords(rule.if, policy));
  const builder = el("div", { class: "condition-builder field" });
  const edited = (structural, focusId) => {
    say();
    for (const button of builder.querySelectorAll("button")) button.relabel?.();
    changed(structural, focusId);
  };
  say();
  return append(builder, [
    words,
    nodeEditor({ get: () => rule.if, set: (next) => (rule.if = next), name: "the condition" }, path, policy, edited),
    slot,
  ]);
}
