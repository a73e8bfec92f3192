// Text for HTML: the one escaper every page, report, mail and CRM note that
// leadgate writes as HTML puts outside text (names, paths, answers, notes)
// through, so that none of it is ever read as markup.
#ifndef LEADGATE_SERVER_BASE_HTML_TEXT_H_
#define LEADGATE_SERVER_BASE_HTML_TEXT_H_

#include <string>
#include <string_view>

namespace leadgate {

// `text` with &, <, >, " and ' as character references: safe in an
// element's content and in a quoted attribute value.
std::string EscapeHtml(std::string_view text);

}  // namespace leadgate

#endif  // LEADGATE_SERVER_BASE_HTML_TEXT_H_
