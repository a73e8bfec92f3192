// The web app's files (web/app/), read into memory when the collector
// starts: pages are served from the routes that need a session, the rest
// (scripts, styles, images) at /app/assets/PATH. Only known file types are
// kept; nothing is read from disk per request, so no request path can
// reach outside the folder. Immutable after Load: thread-safe.
#ifndef LEADGATE_SERVER_HTTP_APP_FILES_H_
#define LEADGATE_SERVER_HTTP_APP_FILES_H_

#include <map>
#include <string>

#include "leadgate/status.h"

namespace leadgate::collector {

struct AppFile {
  std::string content;
  std::string content_type;
};

class AppFiles {
 public:
  // Reads every file of a known type under `dir` (recursively); an empty
  // `dir` gives no files (the app answers 404).
  static Result<AppFiles> Load(const std::string& dir);

  // Adds the files of `dir` under `prefix` ("widget/"): the form widget and
  // its wasm core, which the policy editor previews. An empty `dir` adds
  // nothing.
  Status AddFolder(const std::string& dir, const std::string& prefix);

  // The file at `relative` ("app.html", "js/shell.js"); nullptr if none.
  const AppFile* Find(const std::string& relative) const;
  bool empty() const { return files_.empty(); }

 private:
  std::map<std::string, AppFile> files_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_APP_FILES_H_
