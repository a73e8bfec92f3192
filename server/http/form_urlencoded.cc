// Percent-decoding of urlencoded form bodies.
#include "http/form_urlencoded.h"

#include "base/secrets.h"

namespace leadgate::collector {

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexDigitValue(text[i + 1]) >= 0 && HexDigitValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigitValue(text[i + 1]) * 16 + HexDigitValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    pairs.emplace_back(PercentDecode(pair.substr(0, equals), true),
                       equals == std::string_view::npos ? std::string() : PercentDecode(pair.substr(equals + 1), true));
  }
  return pairs;
}

}  // namespace leadgate::collector
