// For the store tests run against both backends (parametrised gtest): where
// a test's store lives, a fresh temp folder for SQLite or a fresh schema on
// the test PostgreSQL, removed afterwards.
#ifndef LEADGATE_SERVER_STORE_STORE_TEST_SUPPORT_H_
#define LEADGATE_SERVER_STORE_STORE_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "store/pg_test_server.h"
#include "store/store.h"

namespace leadgate::collector {

enum class Backend { kSqlite, kPostgres };

// When every test store is opened: 2026-06-15, noon UTC.
inline constexpr int64_t kStoreTestOpenMs = 1781524800000;

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

// The fixture of a store test on either backend: a fresh store opened in
// SetUp (the test skips, saying why, where PostgreSQL is not installed).
class StoreBackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Opens the store again, as a restart does.
  void Reopen();

  std::unique_ptr<TestStoreLocation> location_;
  std::unique_ptr<Store> store_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_STORE_STORE_TEST_SUPPORT_H_
