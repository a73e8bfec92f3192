// Form fields <-> policy facts: finds the field whose name is a fact's id,
// or that names its fact with data-leadgate-fact (a form builder's field),
// or renders one from the policy's question; hands its raw value to the
// core (which decodes every value) and shows/hides the field's container.
// No parsing or scoring logic lives here.

/** The "LOW..HIGH" value of a bucket range [low, high] (null = open end). */
export function rangeValue([low, high]) {
  return `${low ?? ""}..${high ?? ""}`;
}

let renderedCount = 0;

/** One question of the form: the controls of a fact and their container. */
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

  /**
   * The ways to read the chosen answer, for the core to decode in turn: an
   * option's data-leadgate-value, its value, then its visible label (a form
   * builder's option value may mean nothing to the policy). [] when none.
   */
  rawValues() {
    const first = this.controls[0];
    let chosen = first;
    if (first.type === "radio") chosen = this.controls.find((c) => c.checked);
    else if (first.type === "checkbox") chosen = first.checked ? first : null;
    else if (first.tagName === "SELECT") chosen = first.selectedOptions[0];
    const raw = chosen?.value.trim() ?? "";
    if (!raw) return [];
    if (first.type === "checkbox" && raw === "on") return ["true"];
    const label =
      chosen.tagName === "OPTION" ? chosen.text : first.type === "radio" ? chosen.labels?.[0]?.textContent : "";
    return [chosen.dataset.leadgateValue, raw, label?.trim()].filter(
      (value, i, all) => value && all.indexOf(value) === i,
    );
  }

  /** The raw values of the page's hidden inputs for this fact. */
  hiddenRawValues() {
    return this.hiddenInputs.map((input) => input.value.trim()).filter(Boolean);
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
    const controls = controlsOf(form, fact.id);
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

// The controls named after the fact, or naming it with data-leadgate-fact
// (on the control, or on a wrapper of a radio group).
function controlsOf(form, id) {
  return [...form.elements].filter(
    (e) =>
      (e.name === id || e.closest("[data-leadgate-fact]")?.dataset.leadgateFact === id) &&
      !e.disabled &&
      e.tagName !== "BUTTON" &&
      e.tagName !== "FIELDSET",
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
