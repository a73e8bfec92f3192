// Plain words for the app's numbers and decisions: "3 visits on 2 days",
// "pricing page: 11 views, 12 min visible", "1,200 employees", point ranges
// and times (in the viewer's own time zone, named). Every page formats
// through here so the same thing reads the same way.

const numberFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });
// No timeZone: the browser's own, and its short name after the time.
const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});

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

/** 120 -> "2 minutes"; 90 -> "1 minute 30 seconds"; 3900 -> "1 hour 5 minutes" (a rule's time, in words). */
export function durationWords(seconds) {
  const total = Math.round(seconds ?? 0);
  const parts = [
    [Math.floor(total / 3600), "hour"],
    [Math.floor((total % 3600) / 60), "minute"],
    [total % 60, "second"],
  ].filter(([amount]) => amount > 0);
  return parts.length ? parts.map(([amount, unit]) => count(amount, unit)).join(" ") : "0 seconds";
}

const shortDateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

/**
 * As dateTime for a list's narrow column, also in the viewer's time zone but without naming it, and
 * without the year when it is this year's: "22 Nov, 10:12".
 */
export function shortDateTime(iso, now = new Date()) {
  const date = new Date(iso ?? "");
  if (!iso || Number.isNaN(date.getTime())) return dateTime(iso);
  const year = (d) => new Intl.DateTimeFormat("en-GB", { year: "numeric" }).format(d);
  return year(date) === year(now) ? shortDateFormat.format(date) : dateTime(iso);
}

/** An ISO time in the viewer's time zone: "22 Nov 2026, 10:12 CET". */
export function dateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function decision(name) {
  return DECISIONS[name] ?? (name ? String(name) : "Not scored");
}

/** "35–65" or "65". */
export function points(range) {
  if (!range) return "";
  return range.min === range.max ? number(range.min) : `${number(range.min)}–${number(range.max)}`;
}

/** The bar a policy holds accounts (companies) to (policy-v1 Accounts), and leads to; null without one. */
export function accountBar(policy) {
  return policy?.mql?.account_points ?? policy?.mql?.points ?? null;
}
export function leadBar(policy) {
  return policy?.mql?.points ?? null;
}

/** The points beside the bar they are held to: "65–130 · bar 60". */
export function pointsAndBar(range, bar) {
  const shown = points(range);
  return bar === null || bar === undefined || !shown ? shown : `${shown} · bar ${number(bar)}`;
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

/** A page group's engagement in words: "pricing page: 11 views, 12 min visible". */
export function pageActivity(group, views, seconds) {
  const parts = [views ? count(views, "view") : "", seconds ? `${duration(seconds)} visible` : ""];
  return `${group} page: ${parts.filter(Boolean).join(", ")}`;
}

/**
 * A company's engagement in plain words, as counted (the policy scores
 * these counts with older visits weighing less; the company's page says so):
 * "3 visits on 2 days · 7 pages · pricing page: 2 views, 4 min 12 s visible".
 * Who the company is (its size) is said where its profile is.
 */
export function activity(company) {
  const raw = company.activity;
  if (!raw) return "";
  const parts = [`${count(raw.visits, "visit")} on ${count(raw.visit_days, "day")}`, count(raw.pageviews, "page")];
  for (const [group, page] of Object.entries(raw.pages ?? {}))
    if (page.views || page.seconds) parts.push(pageActivity(group, page.views, page.seconds));
  return parts.join(" · ");
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
