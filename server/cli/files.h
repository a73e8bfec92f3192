// Whole-file reading for the CLI commands (the core does no I/O itself).
#ifndef LEADGATE_SERVER_CLI_FILES_H_
#define LEADGATE_SERVER_CLI_FILES_H_

#include <string>

namespace leadgate::cli {

// Reads the whole file at `path` into `contents`; false when it cannot.
bool ReadFile(const std::string& path, std::string* contents);

}  // namespace leadgate::cli

#endif  // LEADGATE_SERVER_CLI_FILES_H_
