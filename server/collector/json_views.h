// Two read-only views of a parsed JSON value with one interface, so that the
// ingest decoder's field rules are written once and run over either a
// nlohmann DOM (the reference path, which also words the errors) or a
// JsonTape (the fast path). Internal to the ingest decoder. Cheap to copy.
#ifndef LEADGATE_SERVER_COLLECTOR_JSON_VIEWS_H_
#define LEADGATE_SERVER_COLLECTOR_JSON_VIEWS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "collector/json_tape.h"

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

class TapeView {
 public:
  TapeView(const JsonTape& tape, uint32_t index) : tape_(&tape), index_(index) {}
  bool is_null() const { return kind() == JsonKind::kNull; }
  bool is_string() const { return kind() == JsonKind::kString; }
  bool is_object() const { return kind() == JsonKind::kObject; }
  bool is_array() const { return kind() == JsonKind::kArray; }
  bool is_number() const { return kind() == JsonKind::kNumber; }
  bool integer_text(std::string* text) const { return tape_->IntegerText(index_, text); }
  std::string str() const { return tape_->String(index_); }
  double number() const { return tape_->Number(index_); }
  bool contains(const char* key) const { return find(key).has_value(); }
  std::optional<TapeView> find(const char* key) const {
    if (!is_object()) return std::nullopt;
    auto found = tape_->Find(index_, key);
    if (!found) return std::nullopt;
    return TapeView(*tape_, *found);
  }
  size_t size() const { return tape_->node(index_).children; }
  std::vector<TapeView> elements() const {
    std::vector<TapeView> out;
    out.reserve(size());
    uint32_t child = index_ + 1;
    for (uint32_t i = 0; i < size(); ++i, child = tape_->node(child).end) out.emplace_back(*tape_, child);
    return out;
  }
  // Only asked for bodies over the event limit; the fast path gives such
  // bodies with any element over a sixth of the limit to nlohmann first
  // (a compact dump is at most 4.5 times the raw text: "1e15" dumps as
  // "1000000000000000.0"), so an element here is always within the limit.
  bool dump_longer_than(size_t) const { return false; }
  // The raw text of a container, as received.
  size_t raw_size() const { return tape_->node(index_).text.size(); }

 private:
  JsonKind kind() const { return tape_->node(index_).kind; }
  const JsonTape* tape_;
  uint32_t index_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_JSON_VIEWS_H_
