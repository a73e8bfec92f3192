// Status and Result: the one error type of the core.
// The core never throws across its API; every fallible call returns a Status
// (or a Result<T> holding a value or a Status). Thread-safe: plain values.
#ifndef LEADGATE_STATUS_H_
#define LEADGATE_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace leadgate {

class Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kCorruption, kResourceExhausted, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message, std::string path = "") {
    return Status(Code::kInvalidArgument, std::move(message), std::move(path));
  }
  static Status NotFound(std::string message) { return Status(Code::kNotFound, std::move(message), ""); }
  static Status Corruption(std::string message) { return Status(Code::kCorruption, std::move(message), ""); }
  static Status ResourceExhausted(std::string message) {
    return Status(Code::kResourceExhausted, std::move(message), "");
  }
  static Status Internal(std::string message) { return Status(Code::kInternal, std::move(message), ""); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // What is wrong, for a person.
  const std::string& message() const { return message_; }
  // Where it is wrong: a JSON path such as "rules[3].if.fact", or empty.
  const std::string& path() const { return path_; }
  // "path: message", or the message alone when there is no path.
  std::string ToString() const { return path_.empty() ? message_ : path_ + ": " + message_; }

 private:
  Status(Code code, std::string message, std::string path)
      : code_(code), message_(std::move(message)), path_(std::move(path)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::string path_;
};

// A value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T* operator->() const { return &*value_; }
  const T& operator*() const { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace leadgate

#endif  // LEADGATE_STATUS_H_
