// Status and Result: the one error type of the core and the server.
// The core never throws across its API; every fallible call returns a Status
// (or a Result<T> holding a value or a non-OK Status). A Status names one
// problem (its kind, message and JSON path) or, for an input checked as a whole
// such as a policy file, lists every problem found. Thread-safe: plain values.
#ifndef LEADGATE_STATUS_H_
#define LEADGATE_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leadgate {

// One problem of an input: where (a JSON path such as "rules[3].if.fact", or
// "" for the input as a whole) and what, for a person.
struct Problem {
  std::string path;
  std::string message;
  // "path: message", or the message alone when there is no path.
  std::string ToString() const { return path.empty() ? message : path + ": " + message; }
};

class Status {
 public:
  // The kinds of failure. The server answers each with one HTTP status, in
  // one place (server/http/http_error.h); the core and domain code never
  // name HTTP codes.
  enum class Code : uint8_t {
    kOk,
    kInvalidArgument,    // the input is wrong (path: where)
    kNotFound,           // what the input names does not exist
    kCorruption,         // stored data (a store, a file) cannot be read
    kResourceExhausted,  // the input is too large
    kInternal,           // a store or file failed; details for the log only
    kUnauthenticated,    // who asks is not known
    kPermissionDenied,   // who asks may not do this
    kConflict,           // the current state does not allow it
    kRateLimited,        // too many requests; a later one may pass (when: the server's refusal says)
    kUnavailable,        // a service is not there now; the message says which
    kStorageFull,        // the store is over its size budget
    kUnprocessable,      // well-formed input that cannot be accepted: a policy with problems, a call not finished
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::string path = "") {
    return Status(Code::kInvalidArgument, std::move(message), std::move(path));
  }
  // An input with several problems (`problems` in input order, at least
  // one): message() summarises, problems() lists them all.
  static Status InvalidInput(std::string message, std::vector<Problem> problems) {
    Status status(Code::kInvalidArgument, std::move(message), "");
    status.problems_ = std::move(problems);
    return status;
  }
  static Status NotFound(std::string message, std::string path = "") {
    return Status(Code::kNotFound, std::move(message), std::move(path));
  }
  static Status Corruption(std::string message) { return Status(Code::kCorruption, std::move(message), ""); }
  static Status ResourceExhausted(std::string message, std::string path = "") {
    return Status(Code::kResourceExhausted, std::move(message), std::move(path));
  }
  static Status Internal(std::string message) { return Status(Code::kInternal, std::move(message), ""); }
  static Status Unauthenticated(std::string message, std::string path = "") {
    return Status(Code::kUnauthenticated, std::move(message), std::move(path));
  }
  static Status PermissionDenied(std::string message, std::string path = "") {
    return Status(Code::kPermissionDenied, std::move(message), std::move(path));
  }
  static Status Conflict(std::string message, std::string path = "") {
    return Status(Code::kConflict, std::move(message), std::move(path));
  }
  static Status RateLimited(std::string message) { return Status(Code::kRateLimited, std::move(message), ""); }
  static Status Unavailable(std::string message, std::string path = "") {
    return Status(Code::kUnavailable, std::move(message), std::move(path));
  }
  static Status StorageFull(std::string message) { return Status(Code::kStorageFull, std::move(message), ""); }
  static Status Unprocessable(std::string message, std::string path = "") {
    return Status(Code::kUnprocessable, std::move(message), std::move(path));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // What is wrong, for a person.
  const std::string& message() const { return message_; }
  // Where it is wrong: a JSON path such as "rules[3].if.fact", or empty.
  const std::string& path() const { return path_; }
  // "path: message", or the message alone when there is no path.
  std::string ToString() const { return path_.empty() ? message_ : path_ + ": " + message_; }
  // Every problem, in input order: those of InvalidInput, or this status's
  // own (path, message) as the only one; none when ok.
  std::vector<Problem> problems() const {
    if (ok()) return {};
    if (!problems_.empty()) return problems_;
    return {Problem{path_, message_}};
  }
  // Whether this status lists problems of its own (it was made by InvalidInput).
  bool has_problem_list() const { return !problems_.empty(); }

 private:
  Status(Code code, std::string message, std::string path)
      : code_(code), message_(std::move(message)), path_(std::move(path)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::string path_;
  std::vector<Problem> problems_;
};

// A value, or the non-OK Status saying why there is none (as absl::StatusOr).
// A Result is never OK without a value: built from an OK Status it holds an
// Internal error instead.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status)                          // NOLINT: implicit by design
      : status_(status.ok() ? Status::Internal("a Result was built from an OK Status without a value")
                            : std::move(status)) {}

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // The value; only when ok().
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  T&& operator*() && { return std::move(*value_); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace leadgate

#endif  // LEADGATE_STATUS_H_
