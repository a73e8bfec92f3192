// Plain words for the app's numbers and decisions: "3 visits on 2 days",
// "4 min 12 s on pricing", "1,200 employees", point ranges and dates.
// Every page formats through here so the same thing reads the same way.

const numberFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const DECISIONS = {
  qualified: "Qualified",
  undecided: "Undecided",
  not_qualified: "Not qualified",
};

export function number(value) {
  return numberFormat.format(value ?? 0);
}

/** "1 visit", "3 visits". */
export function count(value, one, many = `${one}s`) {
  return `${number(value)} ${value === 1 ? one : many}`;
}

/** 252 -> "4 min 12 s"; 3725 -> "1 h 2 min". */
export function duration(seconds) {
  const total = Math.round(seconds ?? 0);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return total % 60 ? `${minutes} min ${total % 60} s` : `${minutes} min`;
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${Math.floor(minutes / 60)} h`;
}

/** An ISO time as "22 Nov 2026, 09:12" (UTC). */
export function dateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateFormat.format(date)} UTC`;
}

export function decision(name) {
  return DECISIONS[name] ?? (name ? String(name) : "Not scored");
}

/** "35–65" or "65". */
export function points(range) {
  if (!range) return "";
  return range.min === range.max ? number(range.min) : `${number(range.min)}–${number(range.max)}`;
}

/** "pricing +20 · came-back +15 · too-small (disqualifies)". */
export function reasons(list) {
  return (list ?? [])
    .map((reason) => {
      if (reason.then === "disqualify") return `${reason.rule} (disqualifies)`;
      if (reason.then === "require") return `${reason.rule} (required)`;
      const value = reason.points ?? 0;
      return `${reason.rule} ${value >= 0 ? "+" : "−"}${number(Math.abs(value))}`;
    })
    .join(" · ");
}

/** The open questions: "role, employees". */
export function unknowns(ask) {
  return (ask ?? []).join(", ");
}

function weighted(facts, id) {
  const value = facts?.[id];
  return typeof value === "number" ? value : null;
}

/**
 * A company's engagement in plain words, raw counts first and the
 * decay-weighted figures the policy scores beside them:
 * "3 visits on 2 days · 7 pages · 4 min 12 s on pricing (weighted: 2.7 visits, 3 min 50 s on pricing)".
 */
export function activity(company) {
  const raw = company.activity;
  const facts = company.facts ?? {};
  if (!raw) return "";
  const parts = [`${count(raw.visits, "visit")} on ${count(raw.visit_days, "day")}`, count(raw.pageviews, "page")];
  const weightedParts = [];
  const visits = weighted(facts, "behavior.visits");
  if (visits !== null && Math.abs(visits - raw.visits) > 0.05) weightedParts.push(count(visits, "visit"));
  for (const [group, page] of Object.entries(raw.pages ?? {})) {
    if (!page.views && !page.seconds) continue;
    parts.push(page.seconds ? `${duration(page.seconds)} on ${group}` : `${count(page.views, "view")} of ${group}`);
    const seconds = weighted(facts, `behavior.pages.${group}.seconds`);
    if (page.seconds && seconds !== null && Math.abs(seconds - page.seconds) >= 1)
      weightedParts.push(`${duration(seconds)} on ${group}`);
  }
  const employees = facts["company.employees"];
  if (typeof employees === "number") parts.push(count(employees, "employee"));
  return weightedParts.length ? `${parts.join(" · ")} (weighted: ${weightedParts.join(", ")})` : parts.join(" · ");
}

/** Where a visit came from ("google / cpc · spring · from www.google.com"); "Direct" for none. */
export function touch(source) {
  if (!source) return "Direct";
  const utm = [source.utm_source, source.utm_medium].filter(Boolean).join(" / ");
  const parts = [utm, source.utm_campaign, source.referrer ? `from ${source.referrer}` : ""];
  return parts.filter(Boolean).join(" · ");
}

/** A fact value as text (ranges, lists, booleans). */
export function factValue(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(factValue).join(", ");
  if (typeof value === "object" && value.range) {
    const [low, high] = value.range;
    if (high === null || high === undefined) return `${number(low)} or more`;
    if (low === null || low === undefined) return `under ${number(high)}`;
    return `${number(low)} to under ${number(high)}`;
  }
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "number") return number(value);
  return String(value);
}
