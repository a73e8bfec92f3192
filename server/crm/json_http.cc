// One JSON request with cpp-httplib's client.
#include "crm/json_http.h"

#include <algorithm>

namespace leadgate::collector {
namespace {

constexpr size_t kMaxAnswerBytes = 4 << 20;
constexpr int kConnectSeconds = 5;
constexpr int kReadSeconds = 30;
constexpr int kWriteSeconds = 10;

}  // namespace

Result<JsonHttp> JsonHttp::Create(const std::string& base_url, std::string token) {
  const size_t scheme_end = base_url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : base_url.substr(0, scheme_end);
  if ((scheme != "http" && scheme != "https") || base_url.size() <= scheme_end + 3 ||
      base_url.find_first_of("/?#@ ", scheme_end + 3) != std::string::npos)
    return Status::InvalidArgument("expected http(s)://HOST[:PORT] without a path, got \"" + base_url + "\"");
  if (token.empty()) return Status::InvalidArgument("the token is empty");
  return JsonHttp(base_url, std::move(token));
}

JsonAnswer JsonHttp::Call(const std::string& method, const std::string& path, const nlohmann::json* body,
                          const InFlight& in_flight) const {
  JsonAnswer answer;
  httplib::Client client(base_url_);
  client.set_connection_timeout(kConnectSeconds, 0);
  client.set_read_timeout(kReadSeconds, 0);
  client.set_write_timeout(kWriteSeconds, 0);
  client.set_follow_location(false);
  if (base_url_.rfind("https://", 0) == 0) client.enable_server_certificate_verification(true);
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = {
      {"Authorization", "Bearer " + token_}, {"Accept", "application/json"}, {"User-Agent", "leadgate-crm/1"}};
  if (body != nullptr) {
    request.headers.emplace("Content-Type", "application/json");
    request.body = body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  bool too_big = false;
  request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
    if (answer.body.size() + length > kMaxAnswerBytes) return !(too_big = true);
    answer.body.append(data, length);
    return true;
  };
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  if (in_flight) in_flight(&client);
  const bool answered = client.send(request, response, error);
  if (in_flight) in_flight(nullptr);
  if (too_big) {
    answer.error = "answer over " + std::to_string(kMaxAnswerBytes) + " bytes";
    return answer;
  }
  if (!answered) {
    answer.error = httplib::to_string(error);
    return answer;
  }
  answer.status = response.status;
  answer.headers = response.headers;
  if (!answer.body.empty()) {
    answer.json = nlohmann::json::parse(answer.body, nullptr, false);
    if (answer.json.is_discarded()) {
      answer.json = nullptr;
      if (answer.ok()) answer.error = "answer is not JSON";
    }
  }
  return answer;
}

}  // namespace leadgate::collector
