// The domain of a lead's answered email, as the account of a lead is found
// by it (collector-v1 v1.2): written with every lead (the store's
// email_domain column, which store migration 26 fills the same way in SQL)
// and compared with a company's domain.
#ifndef LEADGATE_SERVER_BASE_EMAIL_DOMAIN_H_
#define LEADGATE_SERVER_BASE_EMAIL_DOMAIN_H_

#include <string>

namespace leadgate::collector {

// The part after the last @ of the answers' "email" (a string), in ASCII
// lower case and without one leading "www."; "" without one.
std::string EmailDomain(const std::string& answers_json);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_EMAIL_DOMAIN_H_
