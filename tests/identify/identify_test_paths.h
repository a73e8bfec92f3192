// Where the cross-module identification tests find their data (the MaxMind
// test databases copied into tests/data/maxmind) and write their files (a
// folder of this process's own, as ctest runs test cases in parallel).
#ifndef LEADGATE_TESTS_IDENTIFY_IDENTIFY_TEST_PATHS_H_
#define LEADGATE_TESTS_IDENTIFY_IDENTIFY_TEST_PATHS_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace leadgate::test_support {

inline std::string MaxMindTestDb(const std::string& name) {
  return std::string(LEADGATE_TEST_DATA_DIR) + "/maxmind/test-data/" + name;
}
inline std::string MaxMindBadDb(const std::string& name) {
  return std::string(LEADGATE_TEST_DATA_DIR) + "/maxmind/bad-data/" + name;
}

// A fresh temporary folder for this test process, removed when it exits.
inline const std::string& ProcessTempDir() {
  static const std::string* const dir = [] {
    std::string pattern = ::testing::TempDir() + "/leadgate-identify-XXXXXX";
    auto* made = new std::string(mkdtemp(pattern.data()) ? pattern : ::testing::TempDir());
    std::atexit([] { std::filesystem::remove_all(ProcessTempDir()); });
    return made;
  }();
  return *dir;
}

}  // namespace leadgate::test_support

#endif  // LEADGATE_TESTS_IDENTIFY_IDENTIFY_TEST_PATHS_H_
