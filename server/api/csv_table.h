// CSV, written one way for every export: the API's lists (format=csv) and
// the app's lists as shown (POST /api/csv: the page sends the header and
// the rows of text it shows and gets the file back), so that there is one
// formula defusing, CsvField's. Pure; thread-safe.
#ifndef LEADGATE_SERVER_API_CSV_TABLE_H_
#define LEADGATE_SERVER_API_CSV_TABLE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "http/http_error.h"

namespace leadgate::collector {

inline constexpr char kCsvTablePath[] = "/api/csv";
// A list as shown may hold a thousand leads with their answers: more than
// the other API bodies' 256 KB.
inline constexpr size_t kMaxCsvTableBytes = 4 * 1024 * 1024;

// One CSV field, quoted when needed; a leading = + - @ (or tab, CR) is
// defused with a ' so that spreadsheet programs do not run it as a formula.
std::string CsvField(std::string_view text);

// POST /api/csv's answer for the JSON `body` {"header": [TEXT], "rows":
// [[TEXT]]} (each row as long as the header): text/csv, a line a row with
// CRLF, or 400 naming what is wrong ("header", "rows[2]", "rows[2][1]").
HttpAnswer TableCsv(const std::string& body);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_API_CSV_TABLE_H_
