// libFuzzer target: the company CSV import (untrusted user files) must give a
// database or a clean error for any input, and whatever it builds must pass
// the reader's validation.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "identify/company_db_builder.h"
#include "identify/identify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string csv(reinterpret_cast<const char*>(data), size);
  leadgate::identify::CompanyDbOptions options;
  options.build_epoch = 1;
  auto built = leadgate::identify::BuildCompanyDatabase(csv, options, nullptr);
  if (!built.ok()) return 0;
  static const std::string path = "/tmp/company_csv_fuzz." + std::to_string(getpid()) + ".mmdb";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(built.value().data(), static_cast<std::streamsize>(built.value().size()));
  auto identifier = leadgate::identify::Identifier::Open({path});
  if (!identifier.ok()) std::abort();  // the writer produced a file its own reader refuses
  identifier.value()->Identify("192.0.2.1");
  return 0;
}
