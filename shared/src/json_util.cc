// Exception-free JSON parsing with line/column error locations, and the
// "did you mean" helper shared by the policy and facts decoders.
#include "json_util.h"

#include <algorithm>
#include <vector>

namespace leadgate::detail {
namespace {

// A SAX handler that accepts everything and remembers where parsing failed.
struct ErrorLocator : nlohmann::json_sax<OrderedJson> {
  size_t position = 0;
  std::string what;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string& last_token, const nlohmann::detail::exception& ex) override {
    position = pos;
    std::string message = ex.what();
    // nlohmann's text is "[json.exception.parse_error.101] parse error at
    // line 1, column 2: syntax error while parsing value - ..."; keep the
    // tail, and never the internal "[json.exception...]" tag.
    size_t column = message.find("column");
    auto colon = column == std::string::npos ? std::string::npos : message.find(": ", column);
    if (colon != std::string::npos) {
      what = message.substr(colon + 2);
    } else {
      size_t tag_end = message.rfind("] ");
      what = tag_end == std::string::npos ? message : message.substr(tag_end + 2);
    }
    if (what.empty()) what = "unexpected '" + last_token + "'";
    return false;
  }
};

}  // namespace

OrderedJson ParseJson(std::string_view text, std::string* error) {
  OrderedJson value = OrderedJson::parse(text.begin(), text.end(), nullptr, false);
  if (!value.is_discarded()) return value;
  ErrorLocator locator;
  OrderedJson::sax_parse(text.begin(), text.end(), &locator);
  size_t line = 1, column = 1;
  size_t end = std::min(locator.position > 0 ? locator.position - 1 : 0, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  if (error) {
    *error = "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
             (locator.what.empty() ? "syntax error" : locator.what);
  }
  return value;
}

std::string JsonTypeName(const OrderedJson& value) {
  switch (value.type()) {
    case OrderedJson::value_t::null:
      return "null";
    case OrderedJson::value_t::object:
      return "an object";
    case OrderedJson::value_t::array:
      return "an array";
    case OrderedJson::value_t::string:
      return "a string";
    case OrderedJson::value_t::boolean:
      return "a boolean";
    case OrderedJson::value_t::number_integer:
    case OrderedJson::value_t::number_unsigned:
    case OrderedJson::value_t::number_float:
      return "a number";
    default:
      return "an unsupported value";
  }
}

static size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string Quote(std::string_view s) {
  return OrderedJson(std::string(s)).dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace leadgate::detail
