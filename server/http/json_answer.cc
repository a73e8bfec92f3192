// JSON answers.
#include "http/json_answer.h"

namespace leadgate::collector {

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpAnswer JsonAnswer(const nlohmann::json& body, int status) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = DumpJson(body);
  return answer;
}

}  // namespace leadgate::collector
