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

// "" -> undefined (the key is dropped); otherwise a number as people write
// it ("1,000", "1000", "1 000", "−30", "0.38"), or the text itself when it
// is not one (the core then names the problem). A comma or space only
// groups thousands: "1,5" and "1 5" stay text rather than becoming 15.
export function numberOrText(text) {
  const plain = text.trim().replace(/^\u2212/, "-");
  if (plain === "") return undefined;
  const grouped = /^[-+]?\d{1,3}([,\s\u00a0\u202f]\d{3})+(\.\d+)?$/.test(plain);
  if (/[,\s]/.test(plain) && !grouped) return text;
  const value = Number(plain.replace(/[,\s\u00a0\u202f]/g, ""));
  return Number.isFinite(value) ? value : text;
}

const numberWords = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 6 });

/** A number as the editor shows it, thousands grouped ("1,000", "0.38"); other values as they are. */
export function numberText(value) {
  if (value === undefined || value === null) return "";
  return typeof value === "number" && Number.isFinite(value) ? numberWords.format(value) : String(value);
}

/** A number shown in another unit (× `scale`) back in the policy's, without a float's tail (90, not 90.00000000000001). */
export function fromShownUnit(number, scale) {
  return scale === 1 ? number : Math.round((number / scale) * 1e6) / 1e6;
}

/**
 * A text box for a number: shown grouped ("1,000"), read as people write
 * it (numberOrText), and shown grouped again once left. `scale` shows the
 * value in another unit (1/60: seconds as minutes); onNumber gets the
 * value in the policy's own unit.
 */
export function numberInput(value, onNumber, { scale = 1, ...attrs } = {}) {
  const shown = (number) => numberText(typeof number === "number" ? number * scale : number);
  const read = (text) => {
    const number = numberOrText(text);
    return typeof number === "number" ? fromShownUnit(number, scale) : number;
  };
  return el("input", {
    type: "text",
    inputmode: "decimal",
    value: shown(value),
    oninput: (event) => onNumber(read(event.target.value)),
    onchange: (event) => {
      const number = read(event.target.value);
      if (typeof number === "number") event.target.value = shown(number);
    },
    ...attrs,
  });
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
