// RFC 4180 parsing as a single pass over the text.
#include "identify/csv_reader.h"

namespace leadgate::identify {

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") position_ = 3;
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  if (!status_.ok() || position_ >= text_.size()) return false;
  record->line = line_;
  std::string field;
  bool quoted = false;
  bool after_quote = false;  // just closed a quoted field
  while (position_ < text_.size()) {
    const char c = text_[position_++];
    if (quoted) {
      if (c == '"') {
        if (position_ < text_.size() && text_[position_] == '"') {
          field.push_back('"');
          ++position_;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      record->fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && position_ < text_.size() && text_[position_] == '\n') ++position_;
      ++line_;
      record->fields.push_back(std::move(field));
      return true;
    } else if (c == '"') {
      if (!field.empty() || after_quote) {
        status_ = Status::InvalidArgument("line " + std::to_string(line_) +
                                          ": a quote inside an unquoted field (quote the whole field and double "
                                          "the quote)");
        return false;
      }
      quoted = true;
    } else if (after_quote) {
      if (c == ' ' || c == '\t') continue;
      status_ = Status::InvalidArgument("line " + std::to_string(line_) + ": text after a closing quote");
      return false;
    } else {
      field.push_back(c);
    }
  }
  if (quoted) {
    status_ = Status::InvalidArgument("line " + std::to_string(record->line) + ": a quoted field is never closed");
    return false;
  }
  record->fields.push_back(std::move(field));
  return true;
}

}  // namespace leadgate::identify
