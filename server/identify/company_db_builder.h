// Builds leadgate's company database (a MaxMind DB file, database_type
// "Leadgate-Company") from a CSV of networks and companies; behind
// `leadgate companies build`. The schema is in docs/identification.md and is
// what the Identifier reads back. Pure: text in, bytes out.
#ifndef LEADGATE_SERVER_IDENTIFY_COMPANY_DB_BUILDER_H_
#define LEADGATE_SERVER_IDENTIFY_COMPANY_DB_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "leadgate/status.h"

namespace leadgate::identify {

inline constexpr char kCompanyDatabaseType[] = "Leadgate-Company";

struct CompanyDbOptions {
  uint64_t build_epoch = 0;
  std::string description = "leadgate company database";
  int record_size = 0;  // MaxMind DB record size; 0 picks the smallest that fits
  // Called now and then while reading rows: bytes read of total, rows so far.
  std::function<void(size_t bytes_read, size_t total_bytes, size_t rows)> progress;
};

struct CompanyDbSummary {
  size_t rows = 0;       // data rows read
  size_t networks = 0;   // CIDR blocks written (ranges split into blocks)
  size_t companies = 0;  // distinct records
};

// The .mmdb bytes, or an InvalidArgument listing the bad rows as
// "line N: problem" (up to 20 of them, one a line).
Result<std::string> BuildCompanyDatabase(std::string_view csv, const CompanyDbOptions& options,
                                         CompanyDbSummary* summary);

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_COMPANY_DB_BUILDER_H_
