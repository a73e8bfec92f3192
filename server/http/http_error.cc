// The Status kind -> HTTP status mapping and the JSON error body.
#include "http/http_error.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace leadgate::collector {
namespace {

using Code = Status::Code;

// The metrics label of a refusal of this kind.
const char* DefaultReason(Code code) {
  switch (code) {
    case Code::kNotFound:
      return "not_found";
    case Code::kResourceExhausted:
      return "too_large";
    case Code::kInternal:
    case Code::kCorruption:
      return "store";
    case Code::kUnauthenticated:
      return "auth";
    case Code::kPermissionDenied:
      return "role";
    case Code::kConflict:
      return "conflict";
    case Code::kRateLimited:
      return "rate_limited";
    case Code::kUnavailable:
      return "unavailable";
    case Code::kStorageFull:
      return "store_budget";
    case Code::kUnprocessable:
      return "unprocessable";
    case Code::kOk:
    case Code::kInvalidArgument:
      break;
  }
  return "malformed";
}

// Replaces invalid UTF-8 (a path can echo what a client sent) instead of throwing.
std::string DumpBody(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json ErrorBody(std::string_view message, std::string_view path) {
  return {{"error", std::string(message)}, {"path", std::string(path)}};
}

HttpAnswer ErrorAnswer(int status, std::string_view message, std::string_view path, std::string reason) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = ErrorJson(message, path);
  answer.reject_reason = std::move(reason);
  return answer;
}

bool IsStoreFailure(const Status& status) {
  return status.code() == Code::kInternal || status.code() == Code::kCorruption;
}

}  // namespace

std::string ErrorJson(std::string_view message, std::string_view path) { return DumpBody(ErrorBody(message, path)); }

int HttpStatusOf(Code code) {
  switch (code) {
    case Code::kOk:
    case Code::kInvalidArgument:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kConflict:
      return 409;
    case Code::kResourceExhausted:
      return 413;
    case Code::kUnprocessable:
      return 422;
    case Code::kRateLimited:
      return 429;
    case Code::kInternal:
    case Code::kCorruption:
    case Code::kUnavailable:
      return 503;
    case Code::kStorageFull:
      return 507;
  }
  return 400;
}

HttpAnswer Refuse(const Status& status, std::string reason) {
  if (reason.empty()) reason = DefaultReason(status.code());
  if (IsStoreFailure(status)) return ErrorAnswer(503, "the store is not available; retry later", "", std::move(reason));
  return ErrorAnswer(HttpStatusOf(status.code()), status.message(), status.path(), std::move(reason));
}

HttpAnswer RefuseWithDetails(const Status& status, const nlohmann::json& details, std::string reason) {
  HttpAnswer answer = Refuse(status, std::move(reason));
  if (IsStoreFailure(status) || !details.is_object()) return answer;
  nlohmann::json body = ErrorBody(status.message(), status.path());
  for (const auto& [key, value] : details.items()) body.emplace(key, value);  // "error" and "path" stay
  answer.body = DumpBody(body);
  return answer;
}

HttpAnswer RefuseRateLimited(std::string message, int retry_after_seconds, std::string reason) {
  HttpAnswer answer = Refuse(Status::RateLimited(std::move(message)), std::move(reason));
  answer.retry_after_seconds = std::max(retry_after_seconds, 0);
  return answer;
}

HttpAnswer Malformed(std::string message, std::string path) {
  return Refuse(Status::InvalidArgument(std::move(message), std::move(path)), "malformed");
}

int HttpStatusOf(ProtocolRefusal kind) {
  switch (kind) {
    case ProtocolRefusal::kMethodNotAllowed:
      return 405;
    case ProtocolRefusal::kLengthRequired:
      return 411;
    case ProtocolRefusal::kUnsupportedMediaType:
      return 415;
    case ProtocolRefusal::kHandlerFailed:
      return 500;
    case ProtocolRefusal::kUpstreamFailed:
      return 502;
  }
  return 500;
}

HttpAnswer RefuseProtocol(ProtocolRefusal kind, std::string message, std::string path, std::string reason) {
  return ErrorAnswer(HttpStatusOf(kind), message, path, std::move(reason));
}

std::string LibraryRefusalBody(int status, std::string_view path) {
  return ErrorJson(status == 404 ? "not found" : "request refused", path);
}

}  // namespace leadgate::collector
