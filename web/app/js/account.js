// The parts of an account's page that say who the account is and why it
// ranks where it does: its profile (domain as a link, industry, size,
// country), each reason in words from the active policy's rule, the account
// bar, and the open questions that could still change the decision, and
// its people (the account's form leads). Pure DOM from JSON; no fetches.
import { el } from "./dom.js";
import * as format from "./format.js";

const OPERATORS = {
  eq: "is",
  ne: "is not",
  in: "is one of",
  not_in: "is none of",
  gte: "at least",
  gt: "more than",
  lte: "at most",
  lt: "less than",
};

/** A fact id as words: "behavior.pages.pricing.views" -> "views of pricing pages". */
export function factWords(id, policy) {
  const question = policy?.facts?.[id]?.question;
  if (question) return question.replace(/\?$/, "");
  const page = /^behavior\.pages\.([^.]+)\.(views|seconds)$/.exec(id);
  if (page) return page[2] === "views" ? `views of ${page[1]} pages` : `seconds on ${page[1]} pages`;
  const names = {
    "behavior.visits": "visits",
    "behavior.visit_days": "days with a visit",
    "behavior.pageviews": "page views",
    "company.employees": "employees",
    "company.revenue": "revenue",
    "company.country": "country",
    "company.industry": "industry",
    "network.type": "network",
  };
  return names[id] ?? id;
}

/** A rule's condition in words: "views of pricing pages at least 1". */
export function conditionWords(node, policy) {
  if (!node || typeof node !== "object") return String(node);
  if (node.all) return node.all.map((part) => conditionWords(part, policy)).join(" and ");
  if (node.any) return `either ${node.any.map((part) => conditionWords(part, policy)).join(" or ")}`;
  if (node.not) return `not (${conditionWords(node.not, policy)})`;
  const tests = Object.entries(node)
    .filter(([key]) => key !== "fact")
    .map(([op, value]) =>
      op === "known" ? (value ? "is known" : "is not known") : `${OPERATORS[op] ?? op} ${format.factValue(value)}`,
    );
  return `${factWords(node.fact, policy)} ${tests.join(" and ")}`;
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

/** The bar accounts are held to (policy-v1 Accounts). */
export function accountBar(policy) {
  return policy?.mql?.account_points ?? policy?.mql?.points ?? null;
}

function barLine(company, policy) {
  const bar = accountBar(policy);
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
  if (typeof facts["company.revenue"] === "number") size.push(`revenue ${format.number(facts["company.revenue"])}`);
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
