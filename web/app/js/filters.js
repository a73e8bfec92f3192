// The filters of a list page, one way for every list: read from the
// address, kept in it with history.replaceState when applied (the list is
// drawn again in place, so a view can be shared or saved by name), and a
// filter the server refused (an answer naming it in `path`, as a shared or
// hand-edited address can hold) named by its label and its control marked.
// Applying filters says so with ADDRESS_CHANGED on window (the saved views'
// menu marks the view the address now shows). A filter's control is named
// as its query parameter and labelled by dom.js's field.
import { el, field } from "./dom.js";
import * as format from "./format.js";

/** The event applyFilters dispatches on window once the address holds them. */
export const ADDRESS_CHANGED = "leadgate:address-changed";

/** The address's filters: {name: value}. */
export function addressFilters() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

/**
 * Puts `filters` in the address (empty values and `defaults` left out) and
 * returns what it kept; the page then draws its list again.
 *   filters = applyFilters(Object.fromEntries(new FormData(form)), { sort: "best" });
 */
export function applyFilters(filters, defaults = {}) {
  const kept = Object.fromEntries(
    Object.entries(filters)
      .map(([key, value]) => [key, String(value).trim()])
      .filter(([key, value]) => value && value !== defaults[key]),
  );
  const query = new URLSearchParams(kept);
  history.replaceState(null, "", `${location.pathname}${query.size ? `?${query}` : ""}`);
  window.dispatchEvent(new Event(ADDRESS_CHANGED));
  return kept;
}

/**
 * A filter's labelled select of `choices` (id "f-NAME", named as its query
 * parameter), showing `value` (from the address).
 *   filterSelect("decision", "Decision", [el("option", { value: "" }, "Any"), ...], filters.decision)
 */
export function filterSelect(name, label, choices, value) {
  const control = el("select", { id: `f-${name}`, name }, choices);
  control.value = value ?? "";
  return field(label, control);
}

/**
 * A filter's labelled input, as filterSelect, with `attrs` (type, min, ...).
 *   filterInput("q", "Search", { type: "search" }, filters.q, "wide")
 */
export function filterInput(name, label, attrs, value, className = "") {
  return field(label, el("input", { id: `f-${name}`, name, value: value ?? "", ...attrs }), { className });
}

/** The decision filter of a list: any, or one of format.DECISIONS. */
export function decisionFilter(value) {
  const choices = Object.entries(format.DECISIONS).map(([decision, label]) => el("option", { value: decision }, label));
  return filterSelect("decision", "Decision", [el("option", { value: "" }, "Any"), choices], value);
}

/** The owner filter of a list: anyone's, or the signed-in person's ("mine"). */
export function ownerFilter(value) {
  const choices = [el("option", { value: "" }, "Anyone"), el("option", { value: "1" }, "Mine")];
  return filterSelect("mine", "Owner", choices, value);
}

/**
 * A list's filter form of `controls`, with Apply before `actions`; applying
 * gives `apply` the form's filters ({name: value}).
 *   filterForm("Filter leads", (chosen) => show(applyFilters(chosen)), [decisionFilter(filters.decision)])
 */
export function filterForm(label, apply, controls, ...actions) {
  const form = el(
    "form",
    {
      class: "filters card",
      role: "search",
      "aria-label": label,
      onsubmit: (event) => {
        event.preventDefault();
        apply(Object.fromEntries(new FormData(form)));
      },
    },
    controls,
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Apply"), actions),
  );
  return form;
}

/** Marks the control of `form` that `error.path` names; returns "Label: message". */
export function refusedFilter(form, error) {
  clearRefusedFilter(form);
  const control = error.path ? form.elements.namedItem(error.path) : null;
  // By its id, not control.labels: the form need not be on the page yet.
  const label = control?.id ? form.querySelector(`label[for="${CSS.escape(control.id)}"]`)?.textContent : "";
  control?.setAttribute("aria-invalid", "true");
  return `${label ? `${label}: ` : ""}${error.message}`;
}

/** Unmarks every control of `form`. */
export function clearRefusedFilter(form) {
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
}
