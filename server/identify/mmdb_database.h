// One opened MaxMind DB file (libmaxminddb, memory-mapped) that has been
// checked for corruption before use: metadata decoded, search tree walked,
// every record bounds-checked and data records decoded (up to a budget).
// Thread-safe after Open(): lookups only read the mapping.
#ifndef LEADGATE_SERVER_IDENTIFY_MMDB_DATABASE_H_
#define LEADGATE_SERVER_IDENTIFY_MMDB_DATABASE_H_

#include <maxminddb.h>

#include <cstddef>
#include <memory>
#include <string>

#include "leadgate/status.h"

namespace leadgate::identify {

struct ValidationLimits {
  // Distinct data records decoded in full at open; records past this budget
  // are only bounds-checked (the tree walk itself is always complete).
  size_t max_data_records = 200000;
};

class MmdbDatabase {
 public:
  // Opens `path` and validates it; the error names the file and the reason.
  static Result<std::unique_ptr<MmdbDatabase>> Open(const std::string& path, const ValidationLimits& limits = {});
  ~MmdbDatabase();
  MmdbDatabase(const MmdbDatabase&) = delete;
  MmdbDatabase& operator=(const MmdbDatabase&) = delete;

  const MMDB_s* handle() const { return &mmdb_; }
  const std::string& path() const { return path_; }
  std::string database_type() const;
  // FieldGroups (network_record.h) this database's records can hold.
  unsigned field_groups() const { return field_groups_; }

 private:
  explicit MmdbDatabase(std::string path) : path_(std::move(path)) {}
  std::string path_;
  MMDB_s mmdb_{};
  bool opened_ = false;
  unsigned field_groups_ = 15;  // kAllFields until Open() knows the type
};

// Checks an opened database's metadata, search tree and data section. Exposed
// for tests; Open() calls it.
Status ValidateMmdb(const MMDB_s& mmdb, const ValidationLimits& limits);

}  // namespace leadgate::identify

#endif  // LEADGATE_SERVER_IDENTIFY_MMDB_DATABASE_H_
