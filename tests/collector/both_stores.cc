// The fixture of HTTP tests run against both stores.
#include "both_stores.h"

namespace leadgate::test_support {

void BothStoresTest::Start(TestCollectorConfig config) {
  auto location = collector::TestStoreLocation::Create(GetParam());
  if (location.status().code() == Status::Code::kNotFound) GTEST_SKIP() << location.status().message();
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  location_ = std::move(location).value();
  config.store_url = location_->options().url;
  server_ = std::make_unique<TestCollector>(std::move(config));
  client_ = server_->Client();
}

void BothStoresTest::TearDown() {
  client_.reset();
  server_.reset();
  location_.reset();
}

}  // namespace leadgate::test_support
