// Members of JSON that may hold anything (a CRM's answers, the hand-off's
// payloads as stored): a member, or null or "" when the object lacks it or
// holds another type there, never an exception. Pure functions.
#ifndef LEADGATE_SERVER_BASE_JSON_MEMBER_H_
#define LEADGATE_SERVER_BASE_JSON_MEMBER_H_

#include <nlohmann/json.hpp>
#include <string>

namespace leadgate::collector {

// `object`'s member `key`; null when `object` is no object or lacks it.
nlohmann::json Member(const nlohmann::json& object, const char* key);

// `object`'s member `key` when it is a string; "" otherwise.
std::string StringMember(const nlohmann::json& object, const char* key);

// `text` with ASCII letters in lower case (emails, domains).
std::string Lower(std::string text);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_JSON_MEMBER_H_
