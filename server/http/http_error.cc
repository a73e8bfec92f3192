// HTTP error bodies and the Status -> HTTP code mapping.
#include "http/http_error.h"

#include <nlohmann/json.hpp>

namespace leadgate::collector {

std::string HttpErrorJson(const HttpError& error) {
  nlohmann::json body = {{"error", error.message}, {"path", error.path}};
  // Replace invalid UTF-8 (a path can echo what a client sent) instead of throwing.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpAnswer ErrorAnswer(const HttpError& error, std::string reject_reason) {
  HttpAnswer answer;
  answer.status = error.status;
  answer.body = HttpErrorJson(error);
  answer.reject_reason = std::move(reject_reason);
  return answer;
}

HttpError HttpErrorFromStatus(const Status& status) {
  HttpError error;
  error.message = status.message();
  error.path = status.path();
  switch (status.code()) {
    case Status::Code::kOk:
    case Status::Code::kInvalidArgument:
    case Status::Code::kCorruption:
      error.status = 400;
      break;
    case Status::Code::kNotFound:
      error.status = 404;
      break;
    case Status::Code::kResourceExhausted:
      error.status = 413;
      break;
    case Status::Code::kInternal:
      error.status = 503;
      error.message = "the store is not available; retry later";
      error.path.clear();
      break;
  }
  return error;
}

HttpAnswer Refuse(int status, std::string message, std::string path, std::string reason) {
  return ErrorAnswer(HttpError{status, std::move(message), std::move(path)}, std::move(reason));
}

HttpAnswer Malformed(std::string message, std::string path) {
  return Refuse(400, std::move(message), std::move(path), "malformed");
}

HttpAnswer Refuse(const Status& status, std::string reason) {
  return ErrorAnswer(HttpErrorFromStatus(status), std::move(reason));
}

}  // namespace leadgate::collector
