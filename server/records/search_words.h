// Search by any word of a name or domain: the words of what a person typed
// and the index queries that find records with a word starting with each
// (SQLite FTS5 and PostgreSQL full text; schema version 19). Pure.
#ifndef LEADGATE_SERVER_RECORDS_SEARCH_WORDS_H_
#define LEADGATE_SERVER_RECORDS_SEARCH_WORDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace leadgate::collector {

// The words of `text`: runs of ASCII letters and digits and of non-ASCII
// characters (each other ASCII character separates words, as in the
// index), ASCII letters in lower case; at most kMaxSearchWords.
inline constexpr size_t kMaxSearchWords = 8;
std::vector<std::string> SearchWords(std::string_view text);

// FTS5's MATCH expression for records with a word starting with each of
// `words`: "acme"* AND "ana"*.
std::string Fts5PrefixQuery(const std::vector<std::string>& words);

// The same as PostgreSQL tsquery text for to_tsquery('simple', ...):
// 'acme':* & 'ana':*.
std::string TsPrefixQuery(const std::vector<std::string>& words);

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_RECORDS_SEARCH_WORDS_H_
