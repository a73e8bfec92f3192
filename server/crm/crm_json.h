// Reading the JSON a CRM answers and the hand-off's payloads, where anything
// may come: a member or null, and emails and domains compared in lower case.
// Pure functions shared by the HubSpot connector and the hand-off's reader.
#ifndef LEADGATE_SERVER_CRM_CRM_JSON_H_
#define LEADGATE_SERVER_CRM_CRM_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

namespace leadgate::collector {

// `object`'s member `key`; null when `object` is no object or lacks it.
nlohmann::json Member(const nlohmann::json& object, const char* key);

// `text` with ASCII letters in lower case (emails, domains).
std::string Lower(std::string text);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_CRM_CRM_JSON_H_
