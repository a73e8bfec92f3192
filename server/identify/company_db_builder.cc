// CSV rows -> validated company records -> MmdbWriter. Every problem is
// collected with its line number so one run shows all that is wrong.
#include "identify/company_db_builder.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "identify/csv_reader.h"
#include "identify/ip_network.h"
#include "identify/mmdb_writer.h"

namespace leadgate::identify {
namespace {

constexpr size_t kMaxProblems = 20;
constexpr size_t kMaxTextLength = 256;

enum class Column { kNetwork, kName, kDomain, kIndustry, kEmployees, kRevenue, kCountry };

const std::map<std::string, Column>& ColumnNames() {
  static const auto* names = new std::map<std::string, Column>{
      {"network", Column::kNetwork}, {"cidr", Column::kNetwork},      {"range", Column::kNetwork},
      {"name", Column::kName},       {"company_name", Column::kName}, {"company", Column::kName},
      {"domain", Column::kDomain},   {"industry", Column::kIndustry}, {"employees", Column::kEmployees},
      {"revenue", Column::kRevenue}, {"country", Column::kCountry},
  };
  return *names;
}

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Well-formed UTF-8 (no overlong forms, surrogates or C0/C1 controls).
bool IsCleanText(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      if (lead < 0x20 || lead == 0x7f) return false;
      ++i;
      continue;
    }
    size_t extra;
    uint32_t code_point;
    if (lead >= 0xc2 && lead <= 0xdf) {
      extra = 1, code_point = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
      extra = 2, code_point = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      extra = 3, code_point = lead & 0x07;
    } else {
      return false;
    }
    if (text.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    if ((extra == 2 && code_point < 0x800) || (extra == 3 && (code_point < 0x10000 || code_point > 0x10ffff)) ||
        (code_point >= 0xd800 && code_point <= 0xdfff) || (code_point >= 0x80 && code_point <= 0x9f))
      return false;
    i += extra + 1;
  }
  return true;
}

bool IsDomain(const std::string& domain) {
  if (domain.size() > 253 || domain.find('.') == std::string::npos) return false;
  if (domain.front() == '.' || domain.back() == '.' || domain.front() == '-') return false;
  for (char c : domain) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
          c == '-'))
      return false;
  }
  return domain.find("..") == std::string::npos;
}

bool ParseCount(const std::string& text, uint32_t* out) {
  if (text.empty() || text.size() > 10) return false;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > 0xffffffffull) return false;
  *out = static_cast<uint32_t>(value);
  return true;
}

bool ParseAmount(const std::string& text, double* out) {
  if (text.empty() || text.size() > 24) return false;
  bool digits = false, dot = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  if (!digits) return false;
  *out = std::strtod(text.c_str(), nullptr);
  return std::isfinite(*out);
}

// Each column's value added to a record, or what is wrong with it (without
// the line).
std::optional<std::string> AddDomain(const std::string& value, MmdbRecord* record) {
  std::string domain = Lower(value);
  if (!IsDomain(domain)) return "\"" + value + "\" is not a domain name such as example.com";
  record->emplace_back("domain", domain);
  return std::nullopt;
}

std::optional<std::string> AddEmployees(const std::string& value, MmdbRecord* record) {
  uint32_t employees = 0;
  if (!ParseCount(value, &employees)) return "employees \"" + value + "\" is not a whole number";
  record->emplace_back("employees", employees);
  return std::nullopt;
}

std::optional<std::string> AddRevenue(const std::string& value, MmdbRecord* record) {
  double revenue = 0;
  if (!ParseAmount(value, &revenue)) return "revenue \"" + value + "\" is not a plain number (USD, e.g. 2500000)";
  record->emplace_back("revenue", revenue);
  return std::nullopt;
}

std::optional<std::string> AddCountry(const std::string& value, MmdbRecord* record) {
  if (value.size() != 2 || !std::isalpha(static_cast<unsigned char>(value[0])) ||
      !std::isalpha(static_cast<unsigned char>(value[1])))
    return "country \"" + value + "\" is not an ISO 3166-1 alpha-2 code such as DE";
  std::string code = value;
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  record->emplace_back("country", code);
  return std::nullopt;
}

std::optional<std::string> AddValue(Column column, const std::string& value, MmdbRecord* record) {
  switch (column) {
    case Column::kName:
      record->emplace_back("name", value);
      return std::nullopt;
    case Column::kIndustry:
      record->emplace_back("industry", value);
      return std::nullopt;
    case Column::kDomain:
      return AddDomain(value, record);
    case Column::kEmployees:
      return AddEmployees(value, record);
    case Column::kRevenue:
      return AddRevenue(value, record);
    case Column::kCountry:
      return AddCountry(value, record);
    case Column::kNetwork:
      break;
  }
  return std::nullopt;
}

class Builder {
 public:
  Builder(std::string_view csv, const CompanyDbOptions& options) : csv_(csv), options_(options) {}

  Result<std::string> Run(CompanyDbSummary* summary) {
    CsvReader reader(csv_);
    CsvRecord header;
    if (!reader.Next(&header)) {
      if (!reader.status().ok()) return reader.status();
      return Status::InvalidArgument("line 1: the file is empty (expected a header row: network,name,...)");
    }
    if (!ReadHeader(header)) return Problems();
    CsvRecord row;
    size_t rows = 0;
    while (reader.Next(&row)) {
      if (row.fields.size() == 1 && Trim(row.fields[0]).empty()) continue;  // blank line
      ++rows;
      ReadRow(row);
      if (problems_.size() > kMaxProblems) break;
      if (options_.progress && (rows & 0x3fff) == 0) options_.progress(reader.offset(), csv_.size(), rows);
    }
    if (!reader.status().ok()) Problem(reader.status().message());
    if (options_.progress) options_.progress(csv_.size(), csv_.size(), rows);
    if (problems_.empty() && writer_.network_count() == 0) Problem("no networks: the file has a header but no rows");
    if (!problems_.empty()) return Problems();
    summary->rows = rows;
    summary->networks = writer_.network_count();
    summary->companies = companies_;
    MmdbMetadata metadata{kCompanyDatabaseType, options_.description, options_.build_epoch, options_.record_size};
    return writer_.Serialize(metadata);
  }

 private:
  bool ReadHeader(const CsvRecord& header) {
    for (size_t i = 0; i < header.fields.size(); ++i) {
      std::string name = Lower(Trim(header.fields[i]));
      auto found = ColumnNames().find(name);
      if (found == ColumnNames().end()) {
        Problem("line " + std::to_string(header.line) + ": unknown column \"" + name.substr(0, 40) +
                "\" (columns: network, name, domain, industry, employees, revenue, country)");
        continue;
      }
      for (const auto& [index, column] : columns_) {
        if (column == found->second)
          Problem("line " + std::to_string(header.line) + ": column \"" + name + "\" given twice");
      }
      columns_.emplace_back(i, found->second);
    }
    bool has_network = false, has_name = false;
    for (const auto& entry : columns_) {
      has_network = has_network || entry.second == Column::kNetwork;
      has_name = has_name || entry.second == Column::kName;
    }
    if (!has_network) Problem("line " + std::to_string(header.line) + ": no \"network\" column");
    if (!has_name) Problem("line " + std::to_string(header.line) + ": no \"name\" column");
    width_ = header.fields.size();
    return problems_.empty();
  }

  void ReadRow(const CsvRecord& row) {
    const std::string at = "line " + std::to_string(row.line) + ": ";
    if (row.fields.size() != width_) {
      Problem(at + "expected " + std::to_string(width_) + " fields, found " + std::to_string(row.fields.size()));
      return;
    }
    MmdbRecord record;
    std::string network_text;
    const size_t before = problems_.size();
    for (const auto& [index, column] : columns_) {
      const std::string value = Trim(row.fields[index]);
      if (column == Column::kNetwork) {
        network_text = value;
      } else {
        ReadField(column, value, at, &record);
      }
    }
    auto networks = ParseNetworks(network_text);
    if (!networks.ok()) Problem(at + networks.status().message());
    if (problems_.size() != before) return;
    AddCompany(record, networks.value(), row.line, at);
  }

  // A field other than the network into `record`; a problem when it is
  // empty (the name), not clean text, or not of its column's form.
  void ReadField(Column column, const std::string& value, const std::string& at, MmdbRecord* record) {
    if (value.empty()) {
      if (column == Column::kName) Problem(at + "the company name is empty");
      return;
    }
    if (value.size() > kMaxTextLength || !IsCleanText(value)) {
      Problem(at + ColumnLabel(column) + " is not clean UTF-8 text of at most 256 bytes");
      return;
    }
    std::optional<std::string> problem = AddValue(column, value, record);
    if (problem) Problem(at + *problem);
  }

  // A row's company (counted once however many rows name it) and its networks.
  void AddCompany(const MmdbRecord& record, const std::vector<IpNetwork>& networks, size_t line,
                  const std::string& at) {
    const size_t records_before = distinct_.size();
    const uint32_t handle = writer_.AddRecord(record);
    distinct_.insert(handle);
    if (distinct_.size() != records_before) ++companies_;
    for (const IpNetwork& network : networks) {
      Status inserted = writer_.Insert(network, handle, "line " + std::to_string(line));
      if (!inserted.ok()) {
        Problem(at + inserted.message());
        return;
      }
    }
  }

  static std::string ColumnLabel(Column column) {
    switch (column) {
      case Column::kName:
        return "the name";
      case Column::kDomain:
        return "the domain";
      case Column::kIndustry:
        return "the industry";
      default:
        return "the value";
    }
  }

  void Problem(std::string message) { problems_.push_back(std::move(message)); }

  Status Problems() const {
    std::string text;
    for (size_t i = 0; i < problems_.size() && i < kMaxProblems; ++i) {
      if (i) text += "\n";
      text += problems_[i];
    }
    if (problems_.size() > kMaxProblems) text += "\n(stopped after " + std::to_string(kMaxProblems) + " problems)";
    return Status::InvalidArgument(text);
  }

  std::string_view csv_;
  const CompanyDbOptions& options_;
  std::vector<std::pair<size_t, Column>> columns_;
  size_t width_ = 0;
  MmdbWriter writer_;
  std::set<uint32_t> distinct_;
  size_t companies_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace

Result<std::string> BuildCompanyDatabase(std::string_view csv, const CompanyDbOptions& options,
                                         CompanyDbSummary* summary) {
  CompanyDbSummary ignored;
  return Builder(csv, options).Run(summary ? summary : &ignored);
}

}  // namespace leadgate::identify
