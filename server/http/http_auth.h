// Credentials from the Authorization header: the Segment key sent as HTTP
// Basic user name, and the API's Bearer token. Pure.
#ifndef LEADGATE_SERVER_HTTP_HTTP_AUTH_H_
#define LEADGATE_SERVER_HTTP_HTTP_AUTH_H_

#include <optional>
#include <string>
#include <string_view>

namespace leadgate::collector {

// The user name of "Basic base64(user:password)"; nullopt when the header
// is not Basic or not decodable.
std::optional<std::string> BasicAuthUser(std::string_view authorization);

// The token of "Bearer TOKEN"; nullopt otherwise.
std::optional<std::string> BearerToken(std::string_view authorization);

// Base64 in the standard or the URL-safe alphabet, even mixed (clients
// send either), padding optional; nullopt on any other character.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_HTTP_AUTH_H_
