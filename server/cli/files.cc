// Whole-file reading for the CLI commands.
#include "cli/files.h"

#include <fstream>
#include <sstream>

namespace leadgate::cli {

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return true;
}

}  // namespace leadgate::cli
