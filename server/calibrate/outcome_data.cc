// CSV -> OutcomeData in one pass with the project's one CSV reader
// (identify/csv_reader.h), converting each mapped cell as the map says.
#include "calibrate/outcome_data.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "base/iso_time.h"
#include "identify/csv_reader.h"

namespace leadgate::calibrate {
namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kMaxErrors = 20;

std::string_view Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

bool ParseNumber(std::string_view text, double* out) {
  text = Trim(text);
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(*out);
}

// Days since 1970-01-01 of a date that starts "YYYY-MM-DD" (civil calendar).
bool ParseDay(std::string_view text, double* out) {
  text = Trim(text);
  int year = 0, month = 0, day = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4 ||
      std::from_chars(text.data() + 5, text.data() + 7, month).ptr != text.data() + 7 ||
      std::from_chars(text.data() + 8, text.data() + 10, day).ptr != text.data() + 10)
    return false;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  *out = static_cast<double>(collector::DaysFromCivil(year, month, day));
  return true;
}

struct BoundFact {
  const FactMapping* mapping;
  size_t column;  // index in the CSV header
};

class Loader {
 public:
  Loader(const CalibrationMap& map, const Policy& policy) : map_(map), policy_(policy) {}

  Status BindHeader(const std::vector<std::string>& header, OutcomeData* data);
  void ReadRow(const identify::CsvRecord& record, OutcomeData* data);
  Status Finish(OutcomeData* data);

 private:
  void Error(size_t line, size_t column, const std::string& message);
  double Convert(const FactMapping& mapping, const std::string& raw, size_t line, size_t column);

  const CalibrationMap& map_;
  const Policy& policy_;
  std::vector<std::string> header_;
  std::vector<BoundFact> facts_;
  size_t label_column_ = 0;
  std::optional<size_t> group_column_, date_column_;
  std::vector<std::string> group_keys_;
  std::vector<std::string> errors_;
  size_t error_count_ = 0;
};

void Loader::Error(size_t line, size_t column, const std::string& message) {
  ++error_count_;
  if (errors_.size() >= kMaxErrors) return;
  std::string where = "line " + std::to_string(line);
  if (column < header_.size()) where += ", column " + std::to_string(column + 1) + " (\"" + header_[column] + "\")";
  errors_.push_back(where + ": " + message);
}

Status Loader::BindHeader(const std::vector<std::string>& header, OutcomeData* data) {
  header_ = header;
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < header.size(); ++i) index.emplace(std::string(Trim(header[i])), i);
  auto find = [&](const std::string& name, const std::string& path, size_t* out) {
    auto it = index.find(std::string(Trim(name)));
    if (it == index.end()) return Status::InvalidArgument("column \"" + name + "\" is not in the CSV header", path);
    *out = it->second;
    return Status::Ok();
  };
  if (Status status = find(map_.label_column, "label.column", &label_column_); !status.ok()) return status;
  for (const char* key : {"group", "date"}) {
    const std::optional<std::string>& name = std::string(key) == "group" ? map_.group_column : map_.date_column;
    if (!name) continue;
    size_t column = 0;
    if (Status status = find(*name, key, &column); !status.ok()) return status;
    (std::string(key) == "group" ? group_column_ : date_column_) = column;
  }
  for (const FactMapping& mapping : map_.facts) {
    size_t column = 0;
    if (Status status = find(mapping.column, "facts." + mapping.fact_id + ".column", &column); !status.ok())
      return status;
    facts_.push_back({&mapping, column});
    FactColumn fact_column;
    fact_column.fact_id = mapping.fact_id;
    fact_column.type = mapping.type;
    fact_column.spec = mapping.fact >= 0 ? &policy_.facts[mapping.fact] : nullptr;
    data->columns.push_back(std::move(fact_column));
  }
  data->grouped = group_column_.has_value();
  return Status::Ok();
}

double Loader::Convert(const FactMapping& mapping, const std::string& raw, size_t line, size_t column) {
  const std::string folded = mapping.case_insensitive ? FoldCase(raw) : raw;
  for (const std::string& missing : mapping.missing)
    if (folded == missing) return kUnknown;
  switch (mapping.type) {
    case FactType::kNumber: {
      double number = 0;
      if (ParseNumber(raw, &number)) return number;
      if (Trim(raw).empty()) return kUnknown;
      Error(line, column, "\"" + raw + "\" is not a number (fact \"" + mapping.fact_id + "\"; list it in missing?)");
      return kUnknown;
    }
    case FactType::kBoolean: {
      if (auto it = mapping.values.find(folded); it != mapping.values.end()) return it->second == "true" ? 1 : 0;
      const std::string lower = FoldCase(Trim(raw));
      if (lower == "true" || lower == "yes" || lower == "1") return 1;
      if (lower == "false" || lower == "no" || lower == "0") return 0;
      if (lower.empty()) return kUnknown;
      Error(line, column, "\"" + raw + "\" is not true or false (fact \"" + mapping.fact_id + "\"; map it in values)");
      return kUnknown;
    }
    case FactType::kChoice: {
      const FactSpec& spec = policy_.facts[mapping.fact];
      std::string value = raw;
      if (auto it = mapping.values.find(folded); it != mapping.values.end()) value = it->second;
      for (size_t i = 0; i < spec.choices.size(); ++i) {
        const std::string& choice = spec.choices[i].value;
        if (choice == value || (mapping.case_insensitive && FoldCase(choice) == FoldCase(value))) return i;
      }
      if (mapping.other) {
        for (size_t i = 0; i < spec.choices.size(); ++i)
          if (spec.choices[i].value == *mapping.other) return i;
      }
      Error(line, column,
            "\"" + raw + "\" is not a choice of \"" + mapping.fact_id +
                "\" (map it in values, list it in missing, or set other)");
      return kUnknown;
    }
    case FactType::kText:
      break;
  }
  return kUnknown;
}

void Loader::ReadRow(const identify::CsvRecord& record, OutcomeData* data) {
  const std::vector<std::string>& fields = record.fields;
  if (fields.size() == 1 && fields[0].empty()) return;  // a blank line
  if (fields.size() < header_.size()) {
    Error(record.line, header_.size(),
          "has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(header_.size()));
    return;
  }
  const std::string label(Trim(fields[label_column_]));
  bool positive = false;
  for (const std::string& value : map_.positive) positive = positive || label == value;
  if (!positive && !map_.negative.empty()) {
    bool negative = false;
    for (const std::string& value : map_.negative) negative = negative || label == value;
    if (!negative) {
      ++data->skipped_open_rows;
      return;
    }
  }
  data->converted.push_back(positive ? 1 : 0);
  data->line.push_back(record.line);
  for (size_t f = 0; f < facts_.size(); ++f) {
    data->columns[f].values.push_back(
        Convert(*facts_[f].mapping, fields[facts_[f].column], record.line, facts_[f].column));
  }
  group_keys_.push_back(group_column_ ? std::string(Trim(fields[*group_column_])) : std::string());
  double day = kUnknown;
  if (date_column_ && !Trim(fields[*date_column_]).empty() && !ParseDay(fields[*date_column_], &day))
    Error(record.line, *date_column_, "\"" + fields[*date_column_] + "\" is not a date (YYYY-MM-DD)");
  data->day.push_back(day);
}

Status Loader::Finish(OutcomeData* data) {
  if (!errors_.empty()) {
    std::string message;
    for (const std::string& error : errors_) message += (message.empty() ? "" : "\n") + error;
    if (error_count_ > errors_.size()) message += "\n… and " + std::to_string(error_count_ - errors_.size()) + " more";
    return Status::InvalidArgument(message);
  }
  AssignGroups(group_keys_, data);
  return Status::Ok();
}

}  // namespace

Facts OutcomeData::RowFacts(size_t row) const {
  Facts facts;
  for (const FactColumn& column : columns) {
    const double value = column.values[row];
    if (value != value) continue;
    switch (column.type) {
      case FactType::kNumber:
        facts[column.fact_id] = FactValue::Number(value);
        break;
      case FactType::kBoolean:
        facts[column.fact_id] = FactValue::Bool(value != 0);
        break;
      case FactType::kChoice:
        facts[column.fact_id] = FactValue::Text(column.spec->choices[static_cast<size_t>(value)].value);
        break;
      case FactType::kText:
        break;
    }
  }
  return facts;
}

void AssignGroups(const std::vector<std::string>& keys, OutcomeData* data) {
  std::unordered_map<std::string, int> index;
  data->group.assign(keys.size(), 0);
  int next = 0;
  for (size_t row = 0; row < keys.size(); ++row) {
    if (keys[row].empty()) {
      data->group[row] = next++;
    } else {
      auto [it, added] = index.emplace(keys[row], next);
      if (added) ++next;
      data->group[row] = it->second;
    }
  }
  data->group_count = next;
}

Result<OutcomeData> OutcomesFromLeads(const Policy& policy, const std::vector<LabeledLead>& leads) {
  if (leads.empty()) return Status::InvalidArgument("no leads with a sales verdict");
  OutcomeData data;
  for (const FactSpec& spec : policy.facts) {
    if (spec.type == FactType::kText) continue;
    if (spec.type == FactType::kChoice && spec.choices.empty()) continue;
    FactColumn column;
    column.fact_id = spec.id;
    column.type = spec.type;
    column.spec = &spec;  // built-ins too: a built-in choice fact (network.type) has its choices
    data.columns.push_back(std::move(column));
  }
  std::vector<std::string> groups;
  for (const LabeledLead& lead : leads) {
    for (FactColumn& column : data.columns) {
      double value = kUnknown;
      auto it = lead.facts.find(column.fact_id);
      if (it != lead.facts.end()) {
        const FactValue& fact = it->second;
        if (fact.kind == FactValue::Kind::kNumber) value = fact.number;
        if (fact.kind == FactValue::Kind::kRange && (fact.low || fact.high))
          value = fact.low ? *fact.low : *fact.high - 1;
        if (fact.kind == FactValue::Kind::kBool) value = fact.boolean ? 1 : 0;
        if (fact.kind == FactValue::Kind::kText && column.spec) {
          for (size_t i = 0; i < column.spec->choices.size(); ++i)
            if (column.spec->choices[i].value == fact.text) value = static_cast<double>(i);
        }
      }
      column.values.push_back(value);
    }
    data.converted.push_back(lead.converted ? 1 : 0);
    data.line.push_back(lead.id);
    data.day.push_back(lead.day);
    groups.push_back(lead.group);
    data.grouped = data.grouped || !lead.group.empty();
  }
  AssignGroups(groups, &data);
  return data;
}

Result<OutcomeData> LoadCsvOutcomes(std::string_view csv, const CalibrationMap& map, const Policy& policy,
                                    const LoadOptions& options) {
  identify::CsvReader reader(csv);
  identify::CsvRecord record;
  if (!reader.Next(&record)) {
    if (!reader.status().ok()) return reader.status();
    return Status::InvalidArgument("the CSV file is empty (a header on line 1 is needed)");
  }
  OutcomeData data;
  Loader loader(map, policy);
  if (Status status = loader.BindHeader(record.fields, &data); !status.ok()) return status;
  size_t records = 0;
  while (reader.Next(&record)) {
    loader.ReadRow(record, &data);
    if (options.progress && ++records % 4096 == 0) options.progress(reader.offset(), csv.size());
  }
  if (!reader.status().ok()) return reader.status();
  if (options.progress) options.progress(csv.size(), csv.size());
  if (Status status = loader.Finish(&data); !status.ok()) return status;
  if (data.rows() == 0) return Status::InvalidArgument("the CSV file has no data rows");
  return data;
}

}  // namespace leadgate::calibrate
