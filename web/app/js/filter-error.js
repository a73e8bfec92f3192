// A filter the server refused (an answer naming it in `path`), as a shared
// or hand-edited address can hold: the list pages name it by its label and
// mark its control, and keep the filters on screen to fix it.

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
