// JsonTape: a strict, allocation-light JSON reader for the ingest fast path.
// It parses a body into a flat list of nodes whose strings point into the
// body (no DOM, no per-value allocation). It accepts only what nlohmann's
// parser accepts, and gives up (returns false) on anything it does not
// handle itself: invalid JSON, \u escapes, a UTF-8 BOM, numbers that
// overflow a double, nesting deeper than the limit. Callers then use the
// nlohmann path, which reports the error or decodes the rare input. Pure.
#ifndef LEADGATE_SERVER_COLLECTOR_JSON_TAPE_H_
#define LEADGATE_SERVER_COLLECTOR_JSON_TAPE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadgate::collector {

enum class JsonKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

struct JsonNode {
  JsonKind kind = JsonKind::kNull;
  bool escaped = false;   // kString: `text` holds backslash escapes
  bool integer = false;   // kNumber: no fraction or exponent
  uint32_t end = 0;       // index of the node after this one's subtree
  uint32_t children = 0;  // kArray / kObject: number of elements
  std::string_view key;   // member name inside an object (escape-free)
  std::string_view text;  // kString: raw content between the quotes;
                          // kNumber: the literal; containers: the raw span
};

class JsonTape {
 public:
  // Parses `body`; false when it is not JSON or uses something this reader
  // leaves to nlohmann (see above). `max_depth` as CheckJsonDepth counts.
  bool Parse(std::string_view body, int max_depth);

  const std::vector<JsonNode>& nodes() const { return nodes_; }
  const JsonNode& node(uint32_t index) const { return nodes_[index]; }

  // The member `key` of the object at `index` (the last one when repeated,
  // as nlohmann keeps it); nullopt when absent.
  std::optional<uint32_t> Find(uint32_t index, std::string_view key) const;
  // The element `position` of the array at `index` (position < children).
  uint32_t Element(uint32_t index, uint32_t position) const;

  // The decoded value of the string node at `index`.
  std::string String(uint32_t index) const;
  // The value of the number node at `index` as nlohmann's get<double>() gives it.
  double Number(uint32_t index) const;
  // Integer nodes only: true when it fits int64 or uint64 (as nlohmann
  // stores it); `text` is then its dump() ("-0" is "0").
  bool IntegerText(uint32_t index, std::string* text) const;

 private:
  bool ParseValue(int depth);
  bool ParseString(std::string_view* content, bool* escaped);
  bool ParseNumber(JsonNode* node);
  void SkipSpace();

  std::string_view body_;
  size_t pos_ = 0;
  int max_depth_ = 0;
  std::vector<JsonNode> nodes_;
};

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_COLLECTOR_JSON_TAPE_H_
