// application/x-www-form-urlencoded bodies (a plain HTML form post) as
// name/value pairs, as the WHATWG URL standard parses them: '&' separates
// pairs, the first '=' splits name from value, '+' is a space, %XX a byte
// (a malformed escape stays as written). Pure.
#ifndef LEADGATE_SERVER_HTTP_FORM_URLENCODED_H_
#define LEADGATE_SERVER_HTTP_FORM_URLENCODED_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leadgate::collector {

// In the order sent; repeated names repeat; empty pairs are skipped.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view body);

// `text` with each %XX as its byte (a malformed escape stays as written)
// and, when `plus_is_space` (a form's names and values), '+' as a space;
// a URL's user name keeps its '+'.
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_FORM_URLENCODED_H_
