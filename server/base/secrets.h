// Secrets kept in the data directory: the API bearer token (generated on
// first start) and random bytes from the kernel. Files are created 0600.
#ifndef LEADGATE_SERVER_BASE_SECRETS_H_
#define LEADGATE_SERVER_BASE_SECRETS_H_

#include <optional>
#include <string>
#include <string_view>

#include "leadgate/status.h"

namespace leadgate::collector {

// `count` random bytes from getrandom(2).
Result<std::string> RandomBytes(size_t count);

// Lowercase hex of bytes.
std::string Hex(std::string_view bytes);

// The value of one hex digit (0-9, a-f, A-F); -1 for any other character.
int HexDigitValue(char c);

// The bytes of `hex`, two digits a byte (as Hex writes them); nullopt for
// an odd length or another character.
std::optional<std::string> FromHex(std::string_view hex);

struct ApiToken {
  std::string token;
  bool generated = false;  // true when created now (print it once)
  std::string file;        // where it is kept
};

// A fresh API token: 48 hex digits from the kernel's random.
Result<std::string> NewApiToken();

// Reads DATA_DIR/api-token, or creates it with a fresh random token.
Result<ApiToken> LoadOrCreateApiToken(const std::string& data_dir);

// Compares without an early exit, so timing does not reveal the token.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Writes a file with mode 0600 atomically (temp file + rename).
Status WritePrivateFile(const std::string& path, std::string_view contents);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_SECRETS_H_
