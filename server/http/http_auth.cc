// Authorization header parsing.
#include "http/http_auth.h"

#include <strings.h>

namespace leadgate::collector {
namespace {

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = Base64Value(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::optional<std::string> BasicAuthUser(std::string_view authorization) {
  if (!StartsWithIgnoreCase(authorization, "Basic ")) return std::nullopt;
  auto decoded = Base64Decode(TrimSpaces(authorization.substr(6)));
  if (!decoded) return std::nullopt;
  const size_t colon = decoded->find(':');
  return colon == std::string::npos ? *decoded : decoded->substr(0, colon);
}

std::optional<std::string> BearerToken(std::string_view authorization) {
  if (!StartsWithIgnoreCase(authorization, "Bearer ")) return std::nullopt;
  return std::string(TrimSpaces(authorization.substr(7)));
}

}  // namespace leadgate::collector
