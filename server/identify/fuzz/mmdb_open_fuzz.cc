// libFuzzer target: opening and querying arbitrary bytes as a MaxMind DB
// (a corrupt --mmdb file) must refuse it or answer cleanly, never crash.
// Run with ASAN_OPTIONS=detect_leaks=0: Debian's libmaxminddb 1.7.1 leaks ~4.6 KB inside
// MMDB_open when it refuses some corrupt files (seen with valgrind on a plain
// C program too); a refused file stops the server, so that is harmless.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "identify/identify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/mmdb_open_fuzz." + std::to_string(getpid()) + ".mmdb";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  auto identifier = leadgate::identify::Identifier::Open({path});
  if (!identifier.ok()) return 0;
  for (const char* ip : {"1.1.1.1", "81.2.69.160", "::1", "2001:db8::1", "255.255.255.255"})
    identifier.value()->Identify(ip);
  return 0;
}
