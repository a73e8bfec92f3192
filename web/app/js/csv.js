// CSV of what a page shows: the rows are the same texts the page put on
// screen (table.js's tableText), so the export is exactly the screen. The
// server writes the file (POST /api/csv), as it writes the API's CSV, so
// that cells a spreadsheet would run as a formula are defused one way.
import { api } from "./api.js";
import { tableText } from "./table.js";

/** Downloads `rows` as `columns` show them, as the file `name`; throws the server's refusal (ApiError). */
export async function exportCsv(name, columns, rows) {
  const text = await api("/api/csv", {
    method: "POST",
    body: { header: columns.map((column) => column.label), rows: tableText(columns, rows) },
    as: "text",
  });
  download(name, text);
}

// Offers `text` as a file download.
function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
