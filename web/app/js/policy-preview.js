// The policy editor's two live views of a draft: the real form widget
// (web/form, as a site embeds it) running on the draft, and a simulator
// where any fact can be set to see the core's decision, points, reasons and
// next question. Both go through the wasm core; nothing is decided here.
import { el, field, replace } from "./dom.js";
import * as format from "./format.js";
import { factUnit, factWords } from "./account.js";
import { WIDGET_BASE } from "./policy-core.js";
import { fromShownUnit, numberOrText } from "./policy-controls.js";

let widgetStyle = null;

function loadWidgetStyle() {
  widgetStyle ??= document.head.appendChild(el("link", { rel: "stylesheet", href: `${WIDGET_BASE}leadgate-form.css` }));
}

/**
 * The widget on the draft: {element, show(policyText)}. Each show() draws
 * a fresh form (an empty one with only a submit button: the widget renders
 * the policy's questions itself) and hands it the draft.
 */
export function formPreview() {
  const slot = el("div", { class: "preview-slot" });
  const element = el(
    "section",
    { class: "card preview", "aria-label": "Form preview" },
    el("h2", {}, "Form preview"),
    el("p", { class: "muted" }, "The form widget as visitors see it, on this draft. Answers here are not sent."),
    slot,
  );
  let shown = 0;
  async function show(policyText) {
    const turn = ++shown;
    loadWidgetStyle();
    const form = el(
      "form",
      {
        class: "preview-form",
        "data-leadgate-policy": "draft",
        novalidate: true,
        onsubmit: (event) => event.preventDefault(),
      },
      el("button", { type: "submit" }, "Request a demo"),
    );
    const widget = await import(`${WIDGET_BASE}form-widget.mjs`);
    if (turn !== shown) return;
    replace(slot, form);
    try {
      await widget.enhance(form, Promise.resolve(policyText));
    } catch (error) {
      replace(slot, el("p", { class: "error" }, `The widget refused the draft: ${error.message}`));
    }
  }
  return { element, show };
}

function bucketLabel(bucket) {
  return bucket.label || format.factValue({ range: bucket.range });
}

// The control for one fact; its value as the core takes it, or undefined.
function factControl(fact, value, onChange) {
  const id = `sim-${fact.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const options = (pairs) =>
    el(
      "select",
      { id, onchange: (event) => onChange(event.target.value) },
      el("option", { value: "" }, "unknown"),
      pairs.map(([optionValue, label]) => el("option", { value: optionValue, selected: optionValue === value }, label)),
    );
  let control;
  if (fact.choices) control = options(fact.choices.map((choice) => [choice.value, choice.label]));
  else if (fact.buckets) control = options(fact.buckets.map((bucket, index) => [String(index), bucketLabel(bucket)]));
  else if (fact.type === "boolean")
    control = options([
      ["true", "yes"],
      ["false", "no"],
    ]);
  else
    control = el("input", {
      id,
      type: "text",
      inputmode: fact.type === "number" ? "decimal" : null,
      value: value ?? "",
      placeholder: "unknown",
      oninput: (event) => onChange(event.target.value),
    });
  // A built-in reads in words ("time on pricing pages, in minutes"), as in the rules.
  const unit = factUnit(fact.id);
  const label = fact.question
    ? `${fact.question} (${fact.id})`
    : `${factWords(fact.id)}${unit ? `, in ${unit.name}` : ""}`;
  return field(label, control);
}

// A number as typed ("1,000", minutes for time on pages) in the policy's
// unit; undefined (unknown) when it is not a number.
function typedNumber(id, text) {
  const value = numberOrText(text);
  return typeof value === "number" ? fromShownUnit(value, factUnit(id)?.scale ?? 1) : undefined;
}

function factsFor(description, values) {
  const facts = {};
  for (const fact of description.facts) {
    const raw = values.get(fact.id);
    if (raw === undefined || raw === "") continue;
    if (fact.buckets) facts[fact.id] = { range: fact.buckets[Number(raw)]?.range };
    else if (fact.type === "boolean") facts[fact.id] = raw === "true";
    else if (fact.type === "number") {
      const number = typedNumber(fact.id, raw);
      if (number !== undefined) facts[fact.id] = number;
    } else facts[fact.id] = raw;
  }
  return facts;
}

function decisionView(decision, description) {
  const asked = description.facts.find((fact) => fact.id === decision.ask);
  return el(
    "dl",
    { class: "facts simulation", "aria-live": "polite" },
    el("dt", {}, "Decision"),
    el("dd", {}, el("span", { class: `badge ${decision.decision}` }, format.decision(decision.decision))),
    el("dt", {}, "Points"),
    el("dd", {}, format.points(decision.points)),
    el("dt", {}, "Reasons"),
    el("dd", {}, format.reasons(decision.reasons) || "none"),
    el("dt", {}, "Next question"),
    el("dd", { class: "next-question" }, asked ? `${asked.question || asked.id} (${asked.id})` : "none"),
  );
}

/**
 * The simulator: {element, show(qualifier)}. Values set stay set across
 * drafts (by fact id).
 */
export function simulator() {
  const values = new Map();
  const inputs = el("div", { class: "sim-inputs" });
  const result = el("div", {});
  const element = el(
    "section",
    { class: "card simulator", "aria-label": "Simulator" },
    el("h2", {}, "Simulator"),
    el("p", { class: "muted" }, "Set any facts, asked or known by the collector, and see what the core decides."),
    inputs,
    result,
  );
  let qualifier = null;
  const decide = () => {
    try {
      replace(result, decisionView(qualifier.decide(factsFor(qualifier.description, values)), qualifier.description));
    } catch (error) {
      replace(result, el("p", { class: "error" }, error.message));
    }
  };
  function show(next) {
    qualifier = next;
    replace(
      inputs,
      next.description.facts.map((fact) =>
        factControl(fact, values.get(fact.id), (value) => {
          values.set(fact.id, value);
          decide();
        }),
      ),
    );
    decide();
  }
  return { element, show };
}
