// The policy editor's controls: a labelled control with the error slot of
// the path `leadgate policy check` names for it (so problems land at the
// field), text inputs, selects and remove buttons that edit a draft in
// place. Used by the form side (policy-form.js) and the condition builder.
import { el, field as labelled } from "./dom.js";

export function idFor(path) {
  return `pf-${path.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

// A labelled control with the error slot of `path` under it.
export function field(label, path, control, { slotPath = path, className = "" } = {}) {
  control.id ||= idFor(path);
  return labelled(label, control, { className, after: el("span", { class: "error", "data-path": slotPath }) });
}

// "" -> undefined (the key is dropped); otherwise a number, or the text
// itself when it is not one (the core then names the problem).
export function numberOrText(text) {
  if (text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

export function setKey(object, key, value) {
  if (value === undefined) delete object[key];
  else object[key] = value;
}

export function input(value, onInput, attrs = {}) {
  return el("input", {
    type: "text",
    value: value === undefined || value === null ? "" : String(value),
    oninput: (event) => onInput(event.target.value),
    ...attrs,
  });
}

export function select(options, value, onPick, attrs = {}) {
  return el(
    "select",
    { onchange: (event) => onPick(event.target.value), ...attrs },
    options.map(([optionValue, label]) => el("option", { value: optionValue, selected: optionValue === value }, label)),
  );
}

export function removeButton(label, onClick) {
  return el("button", { type: "button", class: "secondary small", onclick: onClick, "aria-label": label }, "Remove");
}
