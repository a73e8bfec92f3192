// Temp folders and schemas for the store tests.
#include "store/store_test_support.h"

#include <stdlib.h>

#include <filesystem>
#include <utility>

namespace leadgate::collector {

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

Result<std::unique_ptr<TestStoreLocation>> TestStoreLocation::Create(Backend backend) {
  std::unique_ptr<TestStoreLocation> location(new TestStoreLocation());
  std::string pattern = "/tmp/leadgate-store-test-XXXXXX";
  if (!mkdtemp(pattern.data())) return Status::Internal("cannot create a temporary directory");
  location->dir_ = pattern;
  if (backend == Backend::kPostgres) {
    auto schema = PgTestSchema::Create();
    if (!schema.ok()) return schema.status();
    location->schema_.emplace(std::move(schema).value());
  }
  return location;
}

TestStoreLocation::~TestStoreLocation() { std::filesystem::remove_all(dir_); }

Store::Options TestStoreLocation::options() const {
  Store::Options options;
  options.dir = dir_;
  options.synchronous_full = false;
  if (schema_) options.url = schema_->url();
  // Opened on a fixed day, so that the month tables made at open are the
  // same whatever the real date (a test makes the months it needs).
  options.clock = [] { return kStoreTestOpenMs; };
  return options;
}

void StoreBackendTest::SetUp() {
  auto location = TestStoreLocation::Create(GetParam());
  if (location.status().code() == Status::Code::kNotFound) GTEST_SKIP() << location.status().message();
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  location_ = std::move(location).value();
  Reopen();
}

void StoreBackendTest::TearDown() {
  store_.reset();
  location_.reset();
}

void StoreBackendTest::Reopen() {
  store_.reset();
  auto store = Store::Open(location_->options());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(store).value();
}

}  // namespace leadgate::collector
