// The `leadgate` subcommands. Each returns the process exit code; main.cc
// dispatches on the first words of the command line.
#ifndef LEADGATE_SERVER_CLI_COMMANDS_H_
#define LEADGATE_SERVER_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace leadgate::cli {

using Args = std::vector<std::string>;  // the arguments after the subcommand

int RunPolicyCheck(const Args& args);     // leadgate policy check FILE
int RunQualify(const Args& args);         // leadgate qualify --policy FILE
int RunServe(const Args& args);           // leadgate serve ...
int RunCompaniesBuild(const Args& args);  // leadgate companies build FILE.csv -o OUT.mmdb
int RunCalibrate(const Args& args);       // leadgate calibrate --policy P.json --data F.csv --map M.json -o DIR
int RunUsers(const Args& args);           // leadgate users add|list|remove|passwd ...

}  // namespace leadgate::cli

#endif  // LEADGATE_SERVER_CLI_COMMANDS_H_
