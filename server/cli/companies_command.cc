// Placeholder until this command lands.
#include <cstdio>
#include "cli/commands.h"
namespace leadgate::cli {
int RunCompaniesBuild(const Args&) { std::fputs("not built yet\n", stderr); return 2; }
}  // namespace leadgate::cli
