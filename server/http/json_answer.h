// A handler module's answer with a JSON body, made one way everywhere: the
// body dumped compactly with invalid UTF-8 replaced (a visitor's text is
// never a reason to throw).
#ifndef LEADGATE_SERVER_HTTP_JSON_ANSWER_H_
#define LEADGATE_SERVER_HTTP_JSON_ANSWER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "http/http_error.h"

namespace leadgate::collector {

// Compact JSON; invalid UTF-8 replaced rather than thrown on.
std::string DumpJson(const nlohmann::json& value);

// An answer with a JSON body.
HttpAnswer JsonAnswer(const nlohmann::json& body, int status = 200);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_HTTP_JSON_ANSWER_H_
