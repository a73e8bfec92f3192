// Facts, answers and conditions in the policy's own words (a fact by its
// question or a built-in's name, a value by its choice's or bucket's
// label), for every page and list; and the parts of an account's page that
// say who the account is and why it ranks where it does: its profile, each
// reason in words from the active policy's rule, the account bar, and the
// open questions that could still change the decision. Pure DOM from JSON.
import { el } from "./dom.js";
import * as format from "./format.js";

/** The comparisons of policy-v1 in words (the builder offers the same words). */
export const OPERATORS = {
  eq: "is",
  ne: "is not",
  in: "is one of",
  not_in: "is none of",
  gte: "at least",
  gt: "more than",
  lte: "at most",
  lt: "less than",
};

/** network.type's values (policy-v1 Facts) in words. */
export const NETWORK_TYPES = {
  business: "a business network",
  residential: "a home network",
  cellular: "a mobile network",
  hosting: "a hosting provider",
  anonymizer: "an anonymizer (VPN, Tor)",
  unknown: "unknown",
};

const BUILT_IN_WORDS = {
  "company.name": "company name",
  "company.domain": "company domain",
  "company.employees": "employees",
  "company.revenue": "yearly revenue",
  "company.industry": "industry",
  "company.country": "country",
  "network.type": "network",
  "behavior.visits": "visits",
  "behavior.visit_days": "days with a visit",
  "behavior.pageviews": "page views",
  "behavior.days_since_last_visit": "days since the last visit",
};

/** A fact id as words: "behavior.pages.pricing.views" -> "views of pricing pages". */
export function factWords(id, policy) {
  const question = policy?.facts?.[id]?.question;
  if (question) return question.replace(/\?$/, "");
  const page = /^behavior\.pages\.([^.]+)\.(views|seconds)$/.exec(id);
  if (page) return page[2] === "views" ? `views of ${page[1]} pages` : `time on ${page[1]} pages`;
  return BUILT_IN_WORDS[id] ?? id;
}

/**
 * The unit a number fact's values are shown and entered in where its words
 * do not say it, and the scale from the policy's unit to it: time on pages
 * in minutes (the policy counts seconds: shown = seconds × 1/60), a
 * company's revenue in USD (as the company database gives it,
 * docs/identification.md); null for the rest.
 */
export function factUnit(id) {
  if (id === "company.revenue") return { name: "USD", scale: 1 };
  return /^behavior\.pages\.[^.]+\.seconds$/.test(id) ? { name: "minutes", scale: 1 / 60 } : null;
}

/**
 * How the policy weighs the behavior.* facts, in words, or "" when it does
 * not (policy-v1 decay_half_life_days): why a fact may read 8.7 visits
 * where the activity counts 9.
 */
export function decayWords(policy) {
  const days = policy?.decay_half_life_days;
  if (!(days > 0)) return "";
  return (
    `Visits, views and time on pages as the policy weighs them: ` +
    `each counts half as much every ${format.count(days, "day")} of its age.`
  );
}

function sameRange(a, b) {
  return (a?.[0] ?? null) === (b?.[0] ?? null) && (a?.[1] ?? null) === (b?.[1] ?? null);
}

/** A value of fact `id` in words: a choice's or bucket's label, a network type, a number with its unit. */
export function valueWords(id, value, policy) {
  if (Array.isArray(value)) return value.map((one) => valueWords(id, one, policy)).join(", ");
  const choices = policy?.facts?.[id]?.choices ?? [];
  const choice = choices.find((c) => c.value !== undefined && c.value === value);
  if (choice) return choice.label ?? String(choice.value);
  const bucket = value?.range && choices.find((c) => c.range && sameRange(c.range, value.range));
  if (bucket?.label) return bucket.label;
  if (id === "network.type" && NETWORK_TYPES[value]) return NETWORK_TYPES[value];
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value !== "number") return format.factValue(value);
  const unit = factUnit(id);
  if (unit?.name === "minutes") return `${format.durationWords(value)} visible`;
  return unit ? `${format.number(value)} ${unit.name}` : format.number(value);
}

// Words the policy's author wrote (a question, a choice's label) are quoted
// inside a condition, so that where they start and end reads plainly.
function quotedIfWritten(words, written) {
  return written ? `“${words}”` : words;
}

function conditionValue(id, value, policy) {
  if (Array.isArray(value)) return value.map((one) => conditionValue(id, one, policy)).join(", ");
  const labelled = (policy?.facts?.[id]?.choices ?? []).some((c) => c.value !== undefined && c.value === value);
  return quotedIfWritten(valueWords(id, value, policy), labelled);
}

/** Answers as "What best describes your role: I buy software · Work email: dana@example.com". */
export function answersWords(answers, policy) {
  return Object.entries(answers ?? {})
    .map(([id, value]) => `${factWords(id, policy)}: ${valueWords(id, value, policy)}`)
    .join(" · ");
}

/** The open questions in words, the next one first: "What best describes your role". */
export function openQuestions(ask, policy) {
  return (ask ?? []).map((id) => factWords(id, policy)).join("; ");
}

/** A rule's condition in words: "time on pricing pages at least 2 minutes visible", "“Your role” is “Executive”". */
export function conditionWords(node, policy) {
  if (!node || typeof node !== "object") return String(node);
  if (node.all) return node.all.map((part) => conditionWords(part, policy)).join(" and ");
  if (node.any) return `either ${node.any.map((part) => conditionWords(part, policy)).join(" or ")}`;
  if (node.not) return `not (${conditionWords(node.not, policy)})`;
  const tests = Object.entries(node)
    .filter(([key]) => key !== "fact")
    .map(([op, value]) =>
      op === "known"
        ? value
          ? "is known"
          : "is not known"
        : `${OPERATORS[op] ?? op} ${conditionValue(node.fact, value, policy)}`,
    );
  return `${quotedIfWritten(factWords(node.fact, policy), policy?.facts?.[node.fact]?.question)} ${tests.join(" and ")}`;
}

function reasonItem(reason, policy) {
  const rule = (policy?.rules ?? []).find((candidate) => candidate.id === reason.rule);
  const effect =
    reason.then === "disqualify"
      ? "disqualifies"
      : reason.then === "require"
        ? "required"
        : `${(reason.points ?? 0) >= 0 ? "+" : "−"}${format.number(Math.abs(reason.points ?? 0))} points`;
  return el(
    "li",
    {},
    el("strong", {}, effect),
    ` ${reason.rule}`,
    rule ? el("span", { class: "muted" }, `: ${conditionWords(rule.if, policy)}`) : null,
  );
}

function barLine(company, policy) {
  const bar = format.accountBar(policy);
  if (bar === null) return null;
  const { min = 0, max = 0 } = company.points ?? {};
  let where = "";
  if (min >= bar) where = "it reaches the bar whatever the open answers are";
  else if (max >= bar) where = `it reaches the bar if the open answers give ${format.number(bar - min)} more points`;
  else where = `no answer brings it to the bar (${format.number(bar - max)} points short)`;
  return el("p", { class: "bar" }, el("strong", {}, "Bar: "), `${format.number(bar)} points for an account; ${where}.`);
}

function unknownList(company, policy) {
  if (!company.ask?.length)
    return el("p", {}, el("strong", {}, "Still unknown: "), "nothing that could change the decision");
  return [
    el("p", {}, el("strong", {}, "Still unknown, and could change the decision:")),
    el(
      "ul",
      { class: "unknowns" },
      company.ask.map((id) => el("li", {}, el("code", {}, id), ` — ${factWords(id, policy)}`)),
    ),
  ];
}

/** "Why they rank": reasons in words, the bar, and what is still open. */
export function whyTheyRank(company, policy) {
  return [
    company.reasons?.length
      ? el(
          "ul",
          { class: "reasons" },
          company.reasons.map((reason) => reasonItem(reason, policy)),
        )
      : el("p", {}, "No rule applies yet."),
    barLine(company, policy),
    unknownList(company, policy),
  ];
}

// A domain becomes a link only when it reads as a host name.
function domainLink(domain) {
  if (!domain) return "not known";
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domain)) return domain;
  return el("a", { href: `https://${domain}/`, rel: "noopener noreferrer", target: "_blank" }, domain);
}

/** "Who they are": domain, industry, size, country, first and last seen. */
export function whoTheyAre(company) {
  const facts = company.facts ?? {};
  const size = [];
  if (typeof facts["company.employees"] === "number") size.push(format.count(facts["company.employees"], "employee"));
  const revenue = facts["company.revenue"];
  if (typeof revenue === "number")
    size.push(`${factWords("company.revenue")} ${valueWords("company.revenue", revenue)}`);
  const rows = [
    ["Domain", domainLink(company.domain)],
    ["Industry", facts["company.industry"] || "not known"],
    ["Size", size.join(" · ") || "not known"],
    ["Country", facts["company.country"] || "not known"],
    ["First seen", format.dateTime(company.first_seen)],
    ["Last seen", format.dateTime(company.last_seen)],
    ["First touch", format.touch(company.first_touch)],
  ];
  return el(
    "dl",
    { class: "facts profile" },
    rows.map(([key, value]) => [el("dt", {}, key), el("dd", {}, value)]),
  );
}
