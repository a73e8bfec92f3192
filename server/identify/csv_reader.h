// A small RFC 4180 CSV reader for user-supplied files: quoted fields with
// commas, doubled quotes and line breaks, CRLF or LF, a leading UTF-8 BOM.
// Each record carries the line it starts on, for error messages.
#ifndef LEADGATE_SERVER_IDENTIFY_CSV_READER_H_
#define LEADGATE_SERVER_IDENTIFY_CSV_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "leadgate/status.h"

namespace leadgate::identify {

struct CsvRecord {
  size_t line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);
  // Reads the next record into `record`; false at the end of the text or on
  // an error (then status() says what and where).
  bool Next(CsvRecord* record);
  const Status& status() const { return status_; }
  size_t offset() const { return position_; }  // bytes consumed, for progress

 private:
  std::string_view text_;
  size_t position_ = 0;
  size_t line_ = 1;
  Status status_;
};

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_CSV_READER_H_
