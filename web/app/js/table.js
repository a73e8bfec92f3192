// A data table that reads well on a laptop and a phone: a real <table>
// with a caption and column headers (screen readers announce them), whose
// rows become labelled cards on narrow screens (app.css). Cells are text
// or nodes; `columns` are [{label, cell(row) -> text|Node, text(row) -> string}].
// A dense table keeps each row on one line (a long cell is cut, whole on
// hover and for screen readers); `select` adds a checkbox to each row.
import { el } from "./dom.js";

function cellText(column, row) {
  return column.text ? column.text(row) : String(column.cell(row) ?? "");
}

// The first column's cell heads its row; a dense cell holds its content in
// a block that is cut with an ellipsis.
function rowCells(columns, row, dense) {
  return columns.map((column, index) => {
    const content = column.cell(row);
    const inner = dense ? el("div", { class: "clip", title: cellText(column, row) || null }, content) : content;
    return el(
      index === 0 ? "th" : "td",
      { scope: index === 0 ? "row" : null, "data-label": column.label, class: column.className ?? null },
      inner,
    );
  });
}

/**
 * select: {label(row) -> accessible name, isSelected(row), onChange(row, checked)} adds a first column
 * of checkboxes (and one in the head that selects every row shown).
 */
export function dataTable({ caption, columns, rows, empty = "Nothing to show.", dense = false, select = null }) {
  if (!rows.length) return el("p", { class: "empty" }, empty);
  const boxes = [];
  const all = select
    ? el("input", {
        type: "checkbox",
        "aria-label": "Select every row shown",
        onchange: (event) => {
          for (const [box, row] of boxes) {
            box.checked = event.target.checked;
            select.onChange(row, box.checked);
          }
        },
      })
    : null;
  const selectCell = (row) => {
    const box = el("input", {
      type: "checkbox",
      "aria-label": select.label(row),
      checked: select.isSelected(row),
      onchange: (event) => select.onChange(row, event.target.checked),
    });
    boxes.push([box, row]);
    return el("td", { class: "select", "data-label": "Select" }, box);
  };
  const head = el(
    "thead",
    {},
    el(
      "tr",
      {},
      select ? el("td", { class: "select" }, all) : null,
      columns.map((column) => el("th", { scope: "col", class: column.className ?? null }, column.label)),
    ),
  );
  const body = el(
    "tbody",
    {},
    rows.map((row) => el("tr", {}, select ? selectCell(row) : null, rowCells(columns, row, dense))),
  );
  const table = el("table", { class: dense ? "data dense" : "data" }, el("caption", {}, caption), head, body);
  return el("div", { class: "table-wrap" }, table);
}

/** The text of every cell as shown (for CSV: exactly the screen). */
export function tableText(columns, rows) {
  return rows.map((row) => columns.map((column) => cellText(column, row)));
}
