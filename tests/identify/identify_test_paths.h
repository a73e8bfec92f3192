// Where the cross-module identification tests find their data: the MaxMind
// test databases copied into tests/data/maxmind and the built CLI.
#ifndef LEADGATE_TESTS_IDENTIFY_IDENTIFY_TEST_PATHS_H_
#define LEADGATE_TESTS_IDENTIFY_IDENTIFY_TEST_PATHS_H_

#include <string>

namespace leadgate::testing {

inline std::string MaxMindTestDb(const std::string& name) {
  return std::string(LEADGATE_TEST_DATA_DIR) + "/maxmind/test-data/" + name;
}
inline std::string MaxMindBadDb(const std::string& name) {
  return std::string(LEADGATE_TEST_DATA_DIR) + "/maxmind/bad-data/" + name;
}

}  // namespace leadgate::testing

#endif  // LEADGATE_TESTS_IDENTIFY_IDENTIFY_TEST_PATHS_H_
