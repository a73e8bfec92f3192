// DOM helpers of the app. Text from outside (company names, paths, answers,
// notes) only ever becomes text nodes: nothing here parses HTML.

/**
 * Creates an element. attrs: attributes (false/null skipped, true empty);
 * `on*` functions become listeners (addEventListener), the app's one way to
 * listen: an element and what it does are written together; children:
 * nodes, strings (as text) or arrays of those, null and "" skipped (an
 * empty cell stays :empty for app.css).
 *   el("button", { type: "button", onclick: () => show(next) }, "Show older")
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) {
      // Never an inline handler's text (a string would become script).
      if (typeof value !== "function") throw new TypeError(`el(${tag}): ${name} must be a function`);
      node.addEventListener(name.slice(2), value);
    } else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Appends nodes and strings (as text) to `node`. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * A labelled form field, the app's one way to build one: the control (which
 * has an id) under its label, then the nodes of `after` (an error slot, a
 * datalist). check: a checkbox before its label, on one line. hideLabel
 * keeps the label for screen readers only (a control repeated on every row
 * of a table).
 *   field("Email", el("input", { id: "me-email", type: "email" }))
 */
export function field(label, control, { className = "", hideLabel = false, check = false, after = [] } = {}) {
  const text = el("label", { for: control.id, class: hideLabel ? "visually-hidden" : null }, label);
  const kind = check ? "check" : "field";
  return el("div", { class: `${kind} ${className}`.trim() }, check ? [control, text] : [text, control], after);
}

/** Replaces the children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** An SVG element (charts). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs))
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
