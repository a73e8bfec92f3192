// A one-line progress bar redrawn in place on stderr, for long reads of
// user files (shown only when stderr is a terminal, or on --progress).
#ifndef LEADGATE_SERVER_CLI_PROGRESS_H_
#define LEADGATE_SERVER_CLI_PROGRESS_H_

#include <cstddef>

namespace leadgate::cli {

// Draws "<label> [####......]  42% <count> <unit>"; `count` is omitted when
// `unit` is null.
void DrawProgress(const char* label, size_t done, size_t total, size_t count, const char* unit);

}  // namespace leadgate::cli

#endif  // LEADGATE_SERVER_CLI_PROGRESS_H_
