// Facts and answers in the policy's own words: a fact by its question (or a
// built-in fact's name in words), an answer by its choice's or bucket's
// label. The lists and the account and lead pages all say them this way.
import * as format from "./format.js";

const BUILT_IN = {
  "behavior.visits": "visits",
  "behavior.visit_days": "days with a visit",
  "behavior.pageviews": "page views",
  "behavior.days_since_last_visit": "days since the last visit",
  "company.employees": "employees",
  "company.revenue": "revenue",
  "company.country": "country",
  "company.industry": "industry",
  "company.name": "company name",
  "company.domain": "domain",
  "network.type": "network",
};

/** A fact id as words: its question, "views of pricing pages", "employees". */
export function factWords(id, policy) {
  const question = policy?.facts?.[id]?.question;
  if (question) return question.replace(/\?$/, "");
  const page = /^behavior\.pages\.([^.]+)\.(views|seconds)$/.exec(id);
  if (page) return page[2] === "views" ? `views of ${page[1]} pages` : `seconds on ${page[1]} pages`;
  return BUILT_IN[id] ?? id;
}

function sameRange(a, b) {
  return (a?.[0] ?? null) === (b?.[0] ?? null) && (a?.[1] ?? null) === (b?.[1] ?? null);
}

/** One answer of fact `id` in words: its choice's label, its bucket's label, yes or no, else the value. */
export function answerWords(id, value, policy) {
  const choices = policy?.facts?.[id]?.choices ?? [];
  const one = (answer) => {
    if (answer && typeof answer === "object" && answer.range) {
      const bucket = choices.find((choice) => choice.range && sameRange(choice.range, answer.range));
      return bucket?.label || format.factValue(answer);
    }
    if (typeof answer === "boolean") return answer ? "yes" : "no";
    const choice = choices.find((candidate) => "value" in candidate && candidate.value === answer);
    return choice?.label || format.factValue(answer);
  };
  return Array.isArray(value) ? value.map(one).join(", ") : one(value);
}

/** Answers as "What best describes your role: I buy software · Work email: dana@example.com". */
export function answersWords(answers, policy) {
  return Object.entries(answers ?? {})
    .map(([id, value]) => `${factWords(id, policy)}: ${answerWords(id, value, policy)}`)
    .join(" · ");
}

/** The open questions in words, the next one first: "What best describes your role". */
export function openQuestions(ask, policy) {
  return (ask ?? []).map((id) => factWords(id, policy)).join("; ");
}
