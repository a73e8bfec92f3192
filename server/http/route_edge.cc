// Answers sent and bodies read for every room's routes.
#include "http/route_edge.h"

#include "base/json_member.h"
#include "http/bounded_body.h"

namespace leadgate::collector {

std::string MediaType(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  return Lower(std::move(media));
}

std::string ForwardedFor(const httplib::Request& request) {
  std::string joined;
  auto range = request.headers.equal_range("X-Forwarded-For");
  for (auto it = range.first; it != range.second; ++it) {
    if (!joined.empty()) joined += ",";
    joined += it->second;
  }
  return joined;
}

void RouteEdge::Send(const HttpAnswer& answer, httplib::Response& response) const {
  response.status = answer.status;
  response.set_content(answer.body, answer.content_type.c_str());
  if (answer.retry_after_seconds > 0) response.set_header("Retry-After", std::to_string(answer.retry_after_seconds));
  for (const auto& [name, value] : answer.headers) response.set_header(name, value);
  if (answer.status >= 400 && metrics_)
    metrics_->Add("leadgate_requests_rejected_total", "reason",
                  answer.reject_reason.empty() ? std::to_string(answer.status) : answer.reject_reason);
}

httplib::Server::HandlerWithContentReader RouteEdge::WithBody(BodyHandler handler) const {
  return [edge = *this, handler](const httplib::Request& request, httplib::Response& response,
                                 const httplib::ContentReader& reader) {
    std::string body;
    if (auto refusal = ReadBoundedBody(request, reader, edge.BodyLimitOf(request.path), &body))
      return edge.Send(*refusal, response);
    handler(request, body, response);
  };
}

}  // namespace leadgate::collector
