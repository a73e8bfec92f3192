// Loading web/app into memory.
#include "http/app_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace leadgate::collector {
namespace {

std::string ContentType(const std::string& extension) {
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".json") return "application/json";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".wasm") return "application/wasm";
  return "";
}

}  // namespace

Result<AppFiles> AppFiles::Load(const std::string& dir) {
  AppFiles files;
  Status added = files.AddFolder(dir, "");
  if (!added.ok()) return added;
  return files;
}

Status AppFiles::AddFolder(const std::string& dir, const std::string& prefix) {
  if (dir.empty()) return Status::Ok();
  std::error_code error;
  std::filesystem::recursive_directory_iterator it(dir, error), end;
  if (error) return Status::InvalidArgument("cannot read the web app folder " + dir + ": " + error.message());
  for (; it != end; it.increment(error)) {
    if (error) return Status::InvalidArgument("cannot read the web app folder " + dir + ": " + error.message());
    if (!it->is_regular_file()) continue;
    const std::string type = ContentType(it->path().extension().string());
    if (type.empty()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) return Status::InvalidArgument("cannot read " + it->path().string());
    const std::string relative = std::filesystem::relative(it->path(), dir).generic_string();
    files_[prefix + relative] = AppFile{content.str(), type};
  }
  return Status::Ok();
}

const AppFile* AppFiles::Find(const std::string& relative) const {
  auto it = files_.find(relative);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace leadgate::collector
