// CSV fields and the app's tables as CSV.
#include "api/csv_table.h"

#include <nlohmann/json.hpp>

#include "http/json_body.h"

namespace leadgate::collector {
namespace {

using nlohmann::json;

constexpr size_t kMaxColumns = 100;

// The fields of `cells` (texts, `count` of them) as one CSV line; or
// InvalidArgument naming `path` or the cell.
Result<std::string> CsvLine(const json& cells, size_t count, const std::string& path) {
  if (!cells.is_array()) return Status::InvalidArgument("must be a list of texts", path);
  if (cells.size() != count)
    return Status::InvalidArgument("must have " + std::to_string(count) + " cells, as the header", path);
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!cells[i].is_string()) return Status::InvalidArgument("must be a text", path + "[" + std::to_string(i) + "]");
    line += (i ? "," : "") + CsvField(cells[i].get_ref<const std::string&>());
  }
  return line + "\r\n";
}

}  // namespace

std::string CsvField(std::string_view text) {
  std::string field(text);
  if (!field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' || field[0] == '\t' ||
                         field[0] == '\r'))
    field.insert(field.begin(), '\'');
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

HttpAnswer TableCsv(const std::string& body) {
  auto table = JsonObjectBody(body);
  if (!table.ok()) return Refuse(table.status());
  const json& header = table->contains("header") ? (*table)["header"] : json();
  const json& rows = table->contains("rows") ? (*table)["rows"] : json();
  if (!header.is_array() || header.empty() || header.size() > kMaxColumns)
    return Refuse(Status::InvalidArgument("must be a list of 1 to 100 column names", "header"));
  if (!rows.is_array()) return Refuse(Status::InvalidArgument("must be a list of rows", "rows"));
  auto csv = CsvLine(header, header.size(), "header");
  if (!csv.ok()) return Refuse(csv.status());
  for (size_t i = 0; i < rows.size(); ++i) {
    auto line = CsvLine(rows[i], header.size(), "rows[" + std::to_string(i) + "]");
    if (!line.ok()) return Refuse(line.status());
    *csv += *line;
  }
  HttpAnswer answer;
  answer.content_type = "text/csv; charset=utf-8";
  answer.body = std::move(*csv);
  return answer;
}

}  // namespace leadgate::collector
