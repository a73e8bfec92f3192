// Actions on the rows a person selected in a list: assign them all (one
// POST /api/assignments each, so the rules are the server's: an admin
// assigns to anyone or back to the rules, anyone else only to themself)
// and export them as CSV (the columns on screen, written by the server as
// every export, csv.js).
import { api } from "./api.js";
import { actionButton } from "./action.js";
import { exportCsv } from "./csv.js";
import { el, field, replace } from "./dom.js";
import { peopleNames } from "./owner.js";

/**
 * The bar above a list: "N selected", Assign to, Export selected.
 * options: {page, noun: ["company", "companies"], columns, session, subject(row), name(row), reload()}.
 * Returns {element, selection}; selection is what dataTable's `select` takes.
 */
export function bulkBar({ page, noun, columns, session, subject, name, reload }) {
  const chosen = new Map(); // subject -> row
  const count = el("span", { class: "bulk-count", role: "status" });
  const message = el("p", { class: "status bulk-message", role: "status" });
  const owner = el("select", { id: `bulk-owner-${page}`, name: "owner" });
  const assign = el("button", { type: "submit", class: "secondary" }, "Assign selected");
  const exportButton = actionButton(
    "Export selected (CSV)",
    () => exportCsv(`${page}-selected.csv`, columns, [...chosen.values()]),
    { onError: (error) => (message.textContent = `Could not export: ${error.message}`) },
  );
  const form = el(
    "form",
    { class: "inline-form bulk", "aria-label": `Selected ${noun[1]}`, onsubmit: (event) => assignAll(event) },
    count,
    field("Assign to", owner),
    assign,
    exportButton,
  );
  if (session.may.administer) {
    replace(owner, el("option", { value: "" }, "Back to the rules"));
    peopleNames().then((names) => {
      for (const person of names) owner.append(el("option", { value: person }, person));
      owner.value = session.name || "";
    });
  } else {
    replace(owner, el("option", { value: session.name }, `Me (${session.name})`));
  }
  const update = () => {
    const n = chosen.size;
    count.textContent = n === 1 ? `1 ${noun[0]} selected` : `${n} ${noun[1]} selected`;
    assign.disabled = exportButton.disabled = n === 0;
  };
  const assignAll = async (event) => {
    event.preventDefault();
    const to = owner.value;
    const refused = [];
    let done = 0;
    assign.disabled = true;
    for (const [id, row] of chosen) {
      try {
        await api("/api/assignments", { method: "POST", body: { subject: id, owner: to } });
        done++;
      } catch (error) {
        refused.push(`${name(row)}: ${error.message}`);
      }
    }
    const whom = to ? `to ${to}` : "back to the rules";
    const said = `${done} of ${chosen.size} ${noun[1]} assigned ${whom}.`;
    message.textContent = refused.length ? `${said} Not assigned: ${refused.join("; ")}.` : said;
    chosen.clear();
    update();
    await reload();
  };
  update();
  const selection = {
    label: (row) => `Select ${name(row)}`,
    isSelected: (row) => chosen.has(subject(row)),
    onChange: (row, checked) => {
      if (checked) chosen.set(subject(row), row);
      else chosen.delete(subject(row));
      update();
    },
  };
  return { element: el("div", { class: "bulk-bar" }, form, message), selection };
}
