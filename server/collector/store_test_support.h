// For the store tests run against both backends (parametrised gtest): where
// a test's store lives, a fresh temp folder for SQLite or a fresh schema on
// the test PostgreSQL, removed afterwards.
#ifndef LEADGATE_SERVER_COLLECTOR_STORE_TEST_SUPPORT_H_
#define LEADGATE_SERVER_COLLECTOR_STORE_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "collector/pg_test_server.h"
#include "collector/store.h"

namespace leadgate::collector {

enum class Backend { kSqlite, kPostgres };

// "sqlite" or "postgres", for test names.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

class TestStoreLocation {
 public:
  // NotFound (the test skips with its message) when PostgreSQL is not installed.
  static Result<std::unique_ptr<TestStoreLocation>> Create(Backend backend);
  ~TestStoreLocation();

  Store::Options options() const;

 private:
  TestStoreLocation() = default;
  std::string dir_;
  std::optional<PgTestSchema> schema_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_STORE_TEST_SUPPORT_H_
