// The progress bar of the CLI commands.
#include "cli/progress.h"

#include <cstdio>

namespace leadgate::cli {

void DrawProgress(const char* label, size_t done, size_t total, size_t count, const char* unit) {
  const int width = 30;
  const double share = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(share * width);
  std::fprintf(stderr, "\r%s [%.*s%.*s] %3d%%", label, filled, "##############################", width - filled,
               "..............................", static_cast<int>(share * 100));
  if (unit) std::fprintf(stderr, " %zu %s", count, unit);
  std::fflush(stderr);
}

}  // namespace leadgate::cli
