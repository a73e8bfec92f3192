// A real PostgreSQL for tests: the one ctest's fixture started (its URL in
// the file named by $LEADGATE_TEST_PG_URL_FILE), or else one this process
// starts with scripts/pg-test-server and stops at exit. Each test takes a
// fresh schema on it, so tests running at once do not meet.
#ifndef LEADGATE_SERVER_STORE_PG_TEST_SERVER_H_
#define LEADGATE_SERVER_STORE_PG_TEST_SERVER_H_

#include <string>

#include "leadgate/status.h"

namespace leadgate::collector {

class PgTestSchema {
 public:
  // A fresh empty schema; NotFound (skip the test, with its message) when
  // PostgreSQL is not installed.
  static Result<PgTestSchema> Create();
  PgTestSchema(PgTestSchema&& other) noexcept : url_(std::move(other.url_)), name_(std::move(other.name_)) {
    other.name_.clear();
  }
  ~PgTestSchema();  // drops the schema

  // The connection URL whose search_path is the schema.
  const std::string& url() const { return url_; }

 private:
  PgTestSchema(std::string url, std::string name) : url_(std::move(url)), name_(std::move(name)) {}
  std::string url_;
  std::string name_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_PG_TEST_SERVER_H_
