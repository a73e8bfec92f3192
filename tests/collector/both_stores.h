// HTTP tests run against both stores (the "same suite on both"):
// a fixture whose collector keeps its store in SQLite or in a fresh schema
// of the test PostgreSQL (started once per ctest run), by the parameter.
#ifndef LEADGATE_TESTS_COLLECTOR_BOTH_STORES_H_
#define LEADGATE_TESTS_COLLECTOR_BOTH_STORES_H_

#include <gtest/gtest.h>

#include <memory>

#include "store/store_test_support.h"
#include "test_collector.h"

namespace leadgate::test_support {

class BothStoresTest : public ::testing::TestWithParam<collector::Backend> {
 protected:
  // Starts server_ (and client_) with `config` on this test's store; skips
  // the test when PostgreSQL is not installed.
  void Start(TestCollectorConfig config);
  void TearDown() override;

  std::unique_ptr<collector::TestStoreLocation> location_;
  std::unique_ptr<TestCollector> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace leadgate::test_support

// Runs the TEST_Ps of `fixture` on SQLite and on PostgreSQL.
#define LEADGATE_ON_BOTH_STORES(fixture)                                                                     \
  INSTANTIATE_TEST_SUITE_P(                                                                                  \
      Stores, fixture,                                                                                       \
      ::testing::Values(::leadgate::collector::Backend::kSqlite, ::leadgate::collector::Backend::kPostgres), \
      ::leadgate::collector::BackendName)

#endif  // LEADGATE_TESTS_COLLECTOR_BOTH_STORES_H_
