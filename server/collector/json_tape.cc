// A recursive-descent JSON reader (depth-bounded) that records a flat tape.
// Grammar, whitespace, string and UTF-8 rules follow nlohmann's lexer so that
// every body this reader accepts, nlohmann accepts with the same values.
#include "collector/json_tape.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace leadgate::collector {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Well-formed UTF-8 (Unicode Table 3-7, as nlohmann checks it) of the
// sequence starting at text[pos] (a byte >= 0x80); advances pos past it.
bool SkipUtf8(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) -> unsigned {
    return *pos + i < text.size() ? static_cast<unsigned char>(text[*pos + i]) : 0u;
  };
  const auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  const unsigned b0 = byte(0), b1 = byte(1);
  size_t length = 0;
  if (in(b0, 0xC2, 0xDF)) {
    length = in(b1, 0x80, 0xBF) ? 2 : 0;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
    length = in(b1, lo, hi) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
    length = in(b1, lo, hi) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
  }
  if (length == 0) return false;
  *pos += length;
  return true;
}

double ParseDouble(std::string_view literal) {
  const std::string terminated(literal);  // strtod, exactly as nlohmann calls it
  return std::strtod(terminated.c_str(), nullptr);
}

}  // namespace

void JsonTape::SkipSpace() {
  while (pos_ < body_.size()) {
    const char c = body_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++pos_;
  }
}

bool JsonTape::Parse(std::string_view body, int max_depth) {
  body_ = body;
  pos_ = 0;
  max_depth_ = max_depth;
  nodes_.clear();
  nodes_.reserve(body.size() / 24 + 4);
  SkipSpace();
  if (!ParseValue(0)) return false;
  SkipSpace();
  return pos_ == body_.size() && nodes_.size() < UINT32_MAX;
}

bool JsonTape::ParseString(std::string_view* content, bool* escaped) {
  // body_[pos_] is the opening quote.
  const size_t start = ++pos_;
  *escaped = false;
  while (pos_ < body_.size()) {
    const unsigned char c = static_cast<unsigned char>(body_[pos_]);
    if (c == '"') {
      *content = body_.substr(start, pos_ - start);
      ++pos_;
      return true;
    }
    if (c == '\\') {
      if (pos_ + 1 >= body_.size()) return false;
      const char e = body_[pos_ + 1];
      // \u (code points, surrogate pairs) is left to nlohmann.
      if (std::strchr("\"\\/bfnrt", e) == nullptr || e == '\0') return false;
      *escaped = true;
      pos_ += 2;
    } else if (c < 0x20) {
      return false;  // control characters must be escaped
    } else if (c < 0x80) {
      ++pos_;
    } else if (!SkipUtf8(body_, &pos_)) {
      return false;
    }
  }
  return false;  // unterminated
}

bool JsonTape::ParseNumber(JsonNode* node) {
  const size_t start = pos_;
  const auto at = [&](size_t i) { return i < body_.size() ? body_[i] : '\0'; };
  if (at(pos_) == '-') ++pos_;
  if (at(pos_) == '0') {
    ++pos_;
  } else if (at(pos_) >= '1' && at(pos_) <= '9') {
    while (IsDigit(at(pos_))) ++pos_;
  } else {
    return false;
  }
  node->integer = true;
  if (at(pos_) == '.') {
    node->integer = false;
    ++pos_;
    if (!IsDigit(at(pos_))) return false;
    while (IsDigit(at(pos_))) ++pos_;
  }
  if (at(pos_) == 'e' || at(pos_) == 'E') {
    node->integer = false;
    ++pos_;
    if (at(pos_) == '+' || at(pos_) == '-') ++pos_;
    if (!IsDigit(at(pos_))) return false;
    while (IsDigit(at(pos_))) ++pos_;
  }
  node->kind = JsonKind::kNumber;
  node->text = body_.substr(start, pos_ - start);
  // nlohmann refuses numbers that overflow a double. Short integers cannot.
  if ((!node->integer || node->text.size() > 300) && !std::isfinite(ParseDouble(node->text))) return false;
  return true;
}

bool JsonTape::ParseValue(int depth) {
  if (pos_ >= body_.size()) return false;
  const uint32_t index = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  const char c = body_[pos_];
  if (c == '{' || c == '[') {
    if (depth + 1 > max_depth_) return false;
    const bool object = c == '{';
    const char close = object ? '}' : ']';
    const size_t start = pos_++;
    uint32_t children = 0;
    SkipSpace();
    if (pos_ < body_.size() && body_[pos_] == close) {
      ++pos_;
    } else {
      for (;;) {
        std::string_view key;
        if (object) {
          bool escaped = false;
          if (pos_ >= body_.size() || body_[pos_] != '"' || !ParseString(&key, &escaped) || escaped) return false;
          SkipSpace();
          if (pos_ >= body_.size() || body_[pos_] != ':') return false;
          ++pos_;
          SkipSpace();
        }
        const uint32_t child = static_cast<uint32_t>(nodes_.size());
        if (!ParseValue(depth + 1)) return false;
        nodes_[child].key = key;
        ++children;
        SkipSpace();
        if (pos_ >= body_.size()) return false;
        if (body_[pos_] == ',') {
          ++pos_;
          SkipSpace();
          continue;
        }
        if (body_[pos_] != close) return false;
        ++pos_;
        break;
      }
    }
    JsonNode& node = nodes_[index];
    node.kind = object ? JsonKind::kObject : JsonKind::kArray;
    node.children = children;
    node.text = body_.substr(start, pos_ - start);
  } else if (c == '"') {
    std::string_view content;
    bool escaped = false;
    if (!ParseString(&content, &escaped)) return false;
    nodes_[index].kind = JsonKind::kString;
    nodes_[index].text = content;
    nodes_[index].escaped = escaped;
  } else if (c == '-' || IsDigit(c)) {
    JsonNode number;
    if (!ParseNumber(&number)) return false;
    nodes_[index] = number;
  } else {
    static constexpr struct {
      std::string_view word;
      JsonKind kind;
    } kWords[] = {{"null", JsonKind::kNull}, {"true", JsonKind::kTrue}, {"false", JsonKind::kFalse}};
    bool matched = false;
    for (const auto& word : kWords) {
      if (body_.substr(pos_, word.word.size()) == word.word) {
        nodes_[index].kind = word.kind;
        pos_ += word.word.size();
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  nodes_[index].end = static_cast<uint32_t>(nodes_.size());
  return true;
}

std::optional<uint32_t> JsonTape::Find(uint32_t index, std::string_view key) const {
  std::optional<uint32_t> found;
  const JsonNode& object = nodes_[index];
  uint32_t child = index + 1;
  for (uint32_t i = 0; i < object.children; ++i) {
    if (nodes_[child].key == key) found = child;
    child = nodes_[child].end;
  }
  return found;
}

uint32_t JsonTape::Element(uint32_t index, uint32_t position) const {
  uint32_t child = index + 1;
  for (uint32_t i = 0; i < position; ++i) child = nodes_[child].end;
  return child;
}

std::string JsonTape::String(uint32_t index) const {
  const JsonNode& node = nodes_[index];
  if (!node.escaped) return std::string(node.text);
  std::string out;
  out.reserve(node.text.size());
  for (size_t i = 0; i < node.text.size(); ++i) {
    char c = node.text[i];
    if (c == '\\' && i + 1 < node.text.size()) {
      switch (node.text[++i]) {
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        case 'n':
          c = '\n';
          break;
        case 'r':
          c = '\r';
          break;
        case 't':
          c = '\t';
          break;
        default:
          c = node.text[i];
          break;  // " \ /
      }
    }
    out.push_back(c);
  }
  return out;
}

bool JsonTape::IntegerText(uint32_t index, std::string* text) const {
  const JsonNode& node = nodes_[index];
  if (node.kind != JsonKind::kNumber || !node.integer) return false;
  const std::string terminated(node.text);
  errno = 0;
  if (terminated[0] == '-') {
    const long long value = std::strtoll(terminated.c_str(), nullptr, 10);
    if (errno != 0) return false;
    *text = std::to_string(value);
  } else {
    const unsigned long long value = std::strtoull(terminated.c_str(), nullptr, 10);
    if (errno != 0) return false;
    *text = std::to_string(value);
  }
  return true;
}

double JsonTape::Number(uint32_t index) const {
  const JsonNode& node = nodes_[index];
  std::string integer;
  if (IntegerText(index, &integer)) {
    // nlohmann keeps integers as int64/uint64 and converts those.
    if (integer[0] == '-') return static_cast<double>(std::strtoll(integer.c_str(), nullptr, 10));
    return static_cast<double>(std::strtoull(integer.c_str(), nullptr, 10));
  }
  return ParseDouble(node.text);
}

}  // namespace leadgate::collector
