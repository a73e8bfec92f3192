// HubSpot's token read and its connector made.
#include "crm/hubspot_start.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "crm/hubspot.h"
#include "crm/json_http.h"

namespace leadgate::collector {

Result<std::shared_ptr<CrmConnector>> HubSpotFromFlags(const std::string& given_token, const std::string& token_file,
                                                       const std::string& url) {
  std::string token = given_token;
  if (!token_file.empty()) {
    std::ifstream file(token_file);
    std::stringstream text;
    text << file.rdbuf();
    if (!file) return Status::InvalidArgument("cannot read " + token_file, "--hubspot-token-file");
    token = text.str();
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    if (token.empty()) return Status::InvalidArgument(token_file + " is empty", "--hubspot-token-file");
  }
  if (token.find_first_of(" \t\r\n") != std::string::npos)
    return Status::InvalidArgument("the HubSpot token holds white space", "--hubspot-token-file");
  auto http = JsonHttp::Create(url, token);
  if (!http.ok()) return Status::InvalidArgument(http.status().message(), "--hubspot-url");
  return std::shared_ptr<CrmConnector>(std::make_shared<HubSpotConnector>(std::move(http).value()));
}

}  // namespace leadgate::collector
