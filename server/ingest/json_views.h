// Two read-only views of a parsed JSON value with one interface, so that the
// ingest decoder's field rules are written once and run over either a
// nlohmann DOM (the reference path, which also words the errors) or a
// simdjson DOM (the fast path). Internal to the ingest decoder. Cheap to copy.
#ifndef LEADGATE_SERVER_INGEST_JSON_VIEWS_H_
#define LEADGATE_SERVER_INGEST_JSON_VIEWS_H_

#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace leadgate::collector {

class DomView {
 public:
  explicit DomView(const nlohmann::json& value) : value_(&value) {}
  bool is_null() const { return value_->is_null(); }
  bool is_string() const { return value_->is_string(); }
  bool is_object() const { return value_->is_object(); }
  bool is_array() const { return value_->is_array(); }
  bool is_number() const { return value_->is_number(); }
  // An integer nlohmann stores as int64 or uint64; `text` its dump().
  bool integer_text(std::string* text) const {
    if (!value_->is_number_integer() && !value_->is_number_unsigned()) return false;
    *text = value_->dump();
    return true;
  }
  std::string str() const { return value_->get_ref<const std::string&>(); }
  double number() const { return value_->get<double>(); }
  bool contains(const char* key) const { return value_->contains(key); }
  std::optional<DomView> find(const char* key) const {
    auto it = value_->find(key);
    if (it == value_->end()) return std::nullopt;
    return DomView(*it);
  }
  size_t size() const { return value_->size(); }
  std::vector<DomView> elements() const {
    std::vector<DomView> out;
    out.reserve(value_->size());
    for (const auto& element : *value_) out.emplace_back(element);
    return out;
  }
  // Its compact serialization is longer than `bytes`.
  bool dump_longer_than(size_t bytes) const {
    return value_->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).size() > bytes;
  }

 private:
  const nlohmann::json* value_;
};

// A simdjson DOM element. Member lookup keeps the last of repeated keys,
// as nlohmann does.
class SimdView {
 public:
  explicit SimdView(simdjson::dom::element value) : value_(value) {}
  bool is_null() const { return value_.is_null(); }
  bool is_string() const { return value_.is_string(); }
  bool is_object() const { return value_.is_object(); }
  bool is_array() const { return value_.is_array(); }
  bool is_number() const { return value_.is_number(); }
  bool integer_text(std::string* text) const {
    if (value_.type() == simdjson::dom::element_type::INT64) {
      *text = std::to_string(int64_t(value_));
      return true;
    }
    if (value_.type() == simdjson::dom::element_type::UINT64) {
      *text = std::to_string(uint64_t(value_));
      return true;
    }
    return false;
  }
  std::string str() const { return std::string(std::string_view(value_)); }
  double number() const { return double(value_); }
  bool contains(const char* key) const { return find(key).has_value(); }
  std::optional<SimdView> find(const char* key) const {
    if (!is_object()) return std::nullopt;
    std::optional<SimdView> found;
    const std::string_view wanted(key);
    for (simdjson::dom::key_value_pair field : simdjson::dom::object(value_))
      if (field.key == wanted) found.emplace(field.value);
    return found;
  }
  size_t size() const {
    return is_array() ? simdjson::dom::array(value_).size() : simdjson::dom::object(value_).size();
  }
  std::vector<SimdView> elements() const {
    std::vector<SimdView> out;
    for (simdjson::dom::element element : simdjson::dom::array(value_)) out.emplace_back(element);
    return out;
  }
  // Only asked for bodies over the event limit; the fast path gives such
  // bodies with any element over a sixth of the limit to nlohmann first (a
  // compact nlohmann dump is at most 4.5 times the compact text: "1e15"
  // dumps as "1000000000000000.0"), so no element here is over the limit.
  bool dump_longer_than(size_t) const { return false; }
  // Its compact text, as simdjson writes it.
  size_t minified_size() const { return simdjson::minify(value_).size(); }

 private:
  simdjson::dom::element value_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_INGEST_JSON_VIEWS_H_
