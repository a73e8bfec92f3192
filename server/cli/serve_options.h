// The options of `leadgate serve`, from the command line and from a config
// file (`--config FILE`, the same keys without the dashes). One table in
// serve_options.cc describes every option once (name, help, how to apply
// it), so adding an option is one entry there; flags override the file.
#ifndef LEADGATE_SERVER_CLI_SERVE_OPTIONS_H_
#define LEADGATE_SERVER_CLI_SERVE_OPTIONS_H_

#include <string>
#include <vector>

#include "app/collector.h"
#include "cli/commands.h"

namespace leadgate::cli {

// What `leadgate serve` runs with, once every option has been applied.
struct ServeConfig {
  collector::CollectorOptions collector;
  std::string policy_path;
  std::string web_dir;
  std::string sql_policy_path;  // --sql-policy: qualification calls
  std::vector<std::string> mmdb_paths;
};

// The outcome of reading the options: `exit_code` -1 means run with
// `config`; otherwise stop with that code after printing `message` (to
// stdout for --help, stderr otherwise).
struct ServeOptionsOutcome {
  ServeConfig config;
  int exit_code = -1;
  std::string message;
};

// Reads `args` (the words after `serve`) and, with --config FILE, that
// file. A repeatable option given as a flag replaces the file's values for
// it; a single one given twice as flags: the last counts.
ServeOptionsOutcome ParseServeOptions(const Args& args);

// The usage text, generated from the option table.
std::string ServeUsage();

}  // namespace leadgate::cli

#endif  // LEADGATE_SERVER_CLI_SERVE_OPTIONS_H_
