// A data table that reads well on a laptop and a phone: a real <table>
// with a caption and column headers (screen readers announce them), whose
// rows become labelled cards on narrow screens (app.css). Cells are text
// or nodes; `columns` are [{label, cell(row) -> text|Node, text(row) -> string}].
import { el } from "./dom.js";

export function dataTable({ caption, columns, rows, empty = "Nothing to show." }) {
  if (!rows.length) return el("p", { class: "empty" }, empty);
  const head = el(
    "thead",
    {},
    el(
      "tr",
      {},
      columns.map((column) => el("th", { scope: "col" }, column.label)),
    ),
  );
  const body = el(
    "tbody",
    {},
    rows.map((row) =>
      el(
        "tr",
        {},
        columns.map((column, index) =>
          el(
            index === 0 ? "th" : "td",
            { scope: index === 0 ? "row" : null, "data-label": column.label },
            column.cell(row),
          ),
        ),
      ),
    ),
  );
  return el("div", { class: "table-wrap" }, el("table", { class: "data" }, el("caption", {}, caption), head, body));
}

/** The text of every cell as shown (for CSV: exactly the screen). */
export function tableText(columns, rows) {
  return rows.map((row) => columns.map((column) => (column.text ? column.text(row) : String(column.cell(row) ?? ""))));
}
