// Runs the `leadgate` binary for the CLI tests: arguments, stdin text,
// exit code and combined output; temporary files for policies and data.
#ifndef LEADGATE_TESTS_CLI_CLI_RUNNER_H_
#define LEADGATE_TESTS_CLI_CLI_RUNNER_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

namespace leadgate::cli_test {

struct CliRun {
  int exit_code = -1;
  std::string out;
};

// Runs the CLI with `args`, feeding `input` on stdin; captures stdout+stderr.
inline CliRun Leadgate(const std::string& args, const std::string& input = "") {
  char in_path[] = "/tmp/leadgate-cli-in-XXXXXX";
  int fd = mkstemp(in_path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, input.data(), input.size()), static_cast<ssize_t>(input.size()));
  close(fd);
  std::string command = std::string(LEADGATE_BIN) + " " + args + " < " + in_path + " 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  unlink(in_path);
  return run;
}

inline std::string WriteTemp(const std::string& text) {
  char path[] = "/tmp/leadgate-cli-policy-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  return path;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace leadgate::cli_test

#endif  // LEADGATE_TESTS_CLI_CLI_RUNNER_H_
