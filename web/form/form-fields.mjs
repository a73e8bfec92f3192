// Form fields <-> policy facts: finds the field whose name is a fact's id (or
// renders one from the policy's question), reads its value as the core takes
// it, and shows/hides the field's container. No scoring logic lives here.

// Bucket answers are written "LOW..HIGH" (either end may be empty for an open
// end), e.g. <option value="50..1000">; the core receives {"range":[50,1000]}.
const RANGE_PATTERN = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)?\s*\.\.\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)?\s*$/i;
const TRUE_WORDS = new Set(["true", "yes", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "off", "0"]);

/** The "LOW..HIGH" value of a bucket range [low, high] (null = open end). */
export function rangeValue([low, high]) {
  return `${low ?? ""}..${high ?? ""}`;
}

/** Parses a raw field value for a fact; undefined when empty or unusable. */
export function parseFactValue(fact, raw) {
  if (raw == null) return undefined;
  const text = String(raw).trim();
  if (text === "") return undefined;
  switch (fact.type) {
    case "boolean": {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return undefined;
    }
    case "number": {
      const range = RANGE_PATTERN.exec(text);
      if (range && (range[1] !== undefined || range[2] !== undefined)) {
        return {
          range: [range[1] === undefined ? null : Number(range[1]), range[2] === undefined ? null : Number(range[2])],
        };
      }
      const bucket = (fact.buckets ?? []).find((b) => b.label === text);
      if (bucket) return { range: bucket.range };
      const number = Number(text.replace(/[,\s_]/g, ""));
      return Number.isFinite(number) ? number : undefined;
    }
    default:
      return text;
  }
}

/** A page-provided value (JSON from data-leadgate-facts) as the core takes it. */
export function normaliseGivenValue(fact, value) {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "string") return parseFactValue(fact, value);
  return value;
}

let renderedCount = 0;

/** One question of the form: the controls named after a fact and their container. */
export class FactField {
  constructor(form, fact, controls) {
    this.form = form;
    this.fact = fact;
    // Hidden inputs carry answers the page knows; the other controls ask.
    this.hiddenInputs = controls.filter((c) => c.type === "hidden");
    const asking = controls.filter((c) => c.type !== "hidden");
    this.controls = asking.length ? asking : this.hiddenInputs;
    this.rendered = false;
    this.container = findContainer(form, controls);
    this.outsideLabels = outsideLabels(form, controls, this.container);
  }

  /** Whether every control is a hidden input: a page fact, never a question. */
  get isHiddenInput() {
    return this.controls.every((c) => c.type === "hidden");
  }

  rawValue() {
    const first = this.controls[0];
    if (first.type === "radio") return this.controls.find((c) => c.checked)?.value ?? "";
    if (first.type === "checkbox") return first.checked ? (first.value === "on" ? "true" : first.value) : "";
    return first.value;
  }

  /** The answer as the core takes it, or undefined when there is none. */
  value() {
    return parseFactValue(this.fact, this.rawValue());
  }

  /** The answer a hidden input of the page gives, or undefined. */
  hiddenValue() {
    for (const input of this.hiddenInputs) {
      const value = parseFactValue(this.fact, input.value);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  get visible() {
    return !this.container.hidden;
  }

  setVisible(visible) {
    if (this.container.hidden === !visible) return;
    for (const element of [this.container, ...this.outsideLabels]) element.hidden = !visible;
    // A hidden `required` control would block submission with a message the
    // visitor cannot see; park the attribute while the question is hidden.
    for (const control of this.controls) {
      if (!visible && control.required) {
        control.required = false;
        control.dataset.leadgateRequired = "";
      } else if (visible && "leadgateRequired" in control.dataset) {
        control.required = true;
        delete control.dataset.leadgateRequired;
      }
    }
    this.container.classList.toggle("leadgate-revealed", visible);
  }

  focus() {
    const target = this.controls.find((c) => c.checked) ?? this.controls[0];
    target.focus();
  }

  contains(element) {
    return this.container.contains(element) || this.controls.includes(element);
  }
}

/** Finds or renders the field for each askable fact; returns Map id -> FactField. */
export function bindFields(form, description) {
  const fields = new Map();
  for (const fact of description.facts) {
    const controls = controlsNamed(form, fact.id);
    if (controls.length) {
      fields.set(fact.id, new FactField(form, fact, controls));
    } else if (fact.askable) {
      const field = new FactField(form, fact, renderQuestion(form, fact));
      field.rendered = true;
      fields.set(fact.id, field);
    }
  }
  return fields;
}

function controlsNamed(form, name) {
  return [...form.elements].filter(
    (e) => e.name === name && !e.disabled && e.tagName !== "BUTTON" && e.tagName !== "FIELDSET",
  );
}

function isQuestionControl(element) {
  return (
    element.name &&
    element.type !== "hidden" &&
    element.type !== "submit" &&
    element.tagName !== "BUTTON" &&
    element.tagName !== "FIELDSET" &&
    element.tagName !== "OUTPUT"
  );
}

// The element to hide with the question: an explicit [data-leadgate-question]
// wrapper, else the widest ancestor holding these controls and no other
// field or button, so its label and help text go with it.
function findContainer(form, controls) {
  const explicit = controls[0].closest("[data-leadgate-question]");
  if (explicit && form.contains(explicit)) return explicit;
  let node = controls[0];
  while (!controls.every((c) => node.contains(c))) node = node.parentElement;
  // Controls scattered over the form: hide each alone, never the form.
  if (!form.contains(node) || node === form) return controls[0];
  const name = controls[0].name;
  while (node.parentElement && node.parentElement !== form) {
    const parent = node.parentElement;
    const others = [...parent.querySelectorAll("input, select, textarea, button")].some(
      (e) => e.name !== name && (isQuestionControl(e) || e.tagName === "BUTTON" || e.type === "submit"),
    );
    if (others) break;
    node = parent;
  }
  return node;
}

function outsideLabels(form, controls, container) {
  const labels = [];
  for (const control of controls) {
    for (const label of control.labels ?? []) {
      if (!container.contains(label) && form.contains(label)) labels.push(label);
    }
  }
  return labels;
}

function uniqueId(fact) {
  renderedCount += 1;
  return `leadgate-${renderedCount}-${fact.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

// Options for choice facts and bucketed numbers: [{value, label}].
function optionsOf(fact) {
  if (fact.choices) return fact.choices.map((c) => ({ value: c.value, label: c.label }));
  if (fact.buckets) return fact.buckets.map((b) => ({ value: rangeValue(b.range), label: b.label }));
  if (fact.type === "boolean")
    return [
      { value: "true", label: "Yes" },
      { value: "false", label: "No" },
    ];
  return null;
}

// Renders a question the page did not write, from the policy's text: radio
// buttons for up to five options, a select beyond, an input otherwise.
function renderQuestion(form, fact) {
  const doc = form.ownerDocument;
  const options = optionsOf(fact);
  const wrapper = doc.createElement(options && options.length <= 5 ? "fieldset" : "div");
  wrapper.className = "leadgate-question leadgate-rendered";
  wrapper.dataset.leadgateQuestion = fact.id;
  let controls;
  if (options && options.length <= 5) {
    const legend = doc.createElement("legend");
    legend.textContent = fact.question;
    wrapper.append(legend);
    controls = options.map((option) => {
      const label = doc.createElement("label");
      label.className = "leadgate-option";
      const input = doc.createElement("input");
      input.type = "radio";
      input.name = fact.id;
      input.value = option.value;
      label.append(input, ` ${option.label}`);
      wrapper.append(label);
      return input;
    });
  } else {
    const id = uniqueId(fact);
    const label = doc.createElement("label");
    label.htmlFor = id;
    label.textContent = fact.question;
    let control;
    if (options) {
      control = doc.createElement("select");
      control.append(new Option("Choose…", ""));
      for (const option of options) control.append(new Option(option.label, option.value));
    } else {
      control = doc.createElement("input");
      control.type = fact.type === "number" ? "number" : /email/i.test(fact.id) ? "email" : "text";
    }
    control.id = id;
    control.name = fact.id;
    wrapper.append(label, control);
    controls = [control];
  }
  const submit = form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
  let anchor = submit;
  while (anchor && anchor.parentElement !== form) anchor = anchor.parentElement;
  form.insertBefore(wrapper, anchor ?? null);
  return controls;
}
