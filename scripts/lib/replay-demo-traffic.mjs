#!/usr/bin/env node
// Replays a realistic few days of website traffic into a running collector
// for the demo: visitors from the companies in examples/companies/
// demo-companies.csv with different intents (buyers, researchers, job
// seekers, one-off visits), plus residential, cellular, VPN and hosting
// visitors and bots from addresses in MaxMind's test databases.
//
//   node scripts/lib/replay-demo-traffic.mjs --url http://127.0.0.1:8080 --secret-key KEY [--days 3] [--seed 7]
//   node scripts/lib/replay-demo-traffic.mjs --url ... --write-key KEY   (browser-style; needs --trusted-proxy 127.0.0.1/32)
//
// With a secret key the events go to /v1/batch with context.ip and timestamps
// spread over the last --days days (server-side source). With a write key they
// go one by one to /v1/page and /v1/track with X-Forwarded-For, timed now.
// The collector should consult, in this order: the demo company database,
// GeoIP2-Enterprise-Test, GeoIP2-Anonymous-IP-Test, GeoIP2-Connection-Type-Test.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");

function parseArgs(argv) {
  const options = {
    url: "http://127.0.0.1:8080",
    days: 3,
    seed: 7,
    csv: join(root, "examples", "companies", "demo-companies.csv"),
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    const value = argv[i + 1];
    if (["url", "secret-key", "write-key", "days", "seed", "csv"].includes(name) && value !== undefined) {
      options[name.replace(/-(.)/g, (_, c) => c.toUpperCase())] = value;
      i++;
    } else if (name === "help" || name === "h") {
      console.log(
        readFileSync(new URL(import.meta.url), "utf8")
          .split("\n")
          .slice(1, 16)
          .join("\n"),
      );
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${argv[i]} (see --help)`);
    }
  }
  if (!options.secretKey && !options.writeKey) throw new Error("give --secret-key KEY or --write-key KEY");
  options.days = Number(options.days);
  options.seed = Number(options.seed);
  options.url = options.url.replace(/\/$/, "");
  return options;
}

// Deterministic randomness so every demo run tells the same story.
function prng(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

// First usable address of each company's first IPv4 network in the CSV.
function companiesFromCsv(path) {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(",");
  const companies = [];
  for (const line of lines.slice(1)) {
    const fields = line.split(",");
    const row = Object.fromEntries(header.map((name, i) => [name, fields[i]]));
    const first = row.network.split(/[/-]/)[0];
    if (!first.includes(".") || companies.some((c) => c.name === row.name)) continue;
    const parts = first.split(".").map(Number);
    parts[3] += 2; // an address inside the block, not its network address
    companies.push({ name: row.name, ip: parts.join(".") });
  }
  return companies;
}

const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
];

// What each kind of visitor reads in one visit: [path, visible seconds].
const JOURNEYS = {
  buyer: [
    [
      ["/", 20],
      ["/product", 45],
      ["/pricing", 95],
      ["/security", 40],
    ],
    [
      ["/pricing", 70],
      ["/docs", 120],
      ["/pricing/enterprise", 50],
    ],
    [
      ["/", 10],
      ["/customers", 35],
      ["/pricing", 40],
    ],
  ],
  researcher: [
    [
      ["/", 15],
      ["/docs", 180],
      ["/docs/api", 140],
    ],
    [
      ["/blog", 90],
      ["/docs", 60],
    ],
  ],
  job_seeker: [
    [
      ["/", 8],
      ["/careers", 60],
      ["/careers/engineering", 90],
    ],
    [
      ["/careers", 30],
      ["/about", 20],
    ],
  ],
  one_off: [[["/", 12]], [["/blog", 40]]],
};

// Where visits come from, taken in turn: a campaign's link (its UTM
// parameters on the landing page's URL), a search or a forum (the
// referrer), or nowhere (typed in).
const SITE = "https://www.cobalt.example";
const SOURCES = [
  { query: "?utm_source=google&utm_medium=cpc&utm_campaign=spring-launch", referrer: "https://www.google.com/" },
  { query: "?utm_source=linkedin&utm_medium=social&utm_campaign=abm-q4", referrer: "https://www.linkedin.com/" },
  { query: "", referrer: "" },
  { query: "?utm_source=newsletter&utm_medium=email&utm_campaign=november-digest", referrer: "" },
  { query: "", referrer: "https://news.ycombinator.com/" },
];

// Companies and the intent the story gives them; the rest get a single visit.
const INTENTS = {
  "Northwind Analytics": ["buyer", 3],
  "Aurora Health Partners": ["buyer", 2],
  "Brightwater Pharmaceuticals": ["buyer", 3],
  "Copperline Manufacturing": ["buyer", 2],
  "Vantage Cloud Security": ["researcher", 2],
  "Helix Robotics": ["buyer", 2],
  "Solstice Energy": ["researcher", 1],
  "Emberline Games": ["job_seeker", 2],
  "Lumen Street Studio": ["buyer", 2],
  "Pinecrest University": ["job_seeker", 2],
  "Bluefin Logistics": ["buyer", 1],
  "Granite Peak Insurance": ["researcher", 2],
};

// Visitors who are not companies, from MaxMind's test databases.
const NON_BUSINESS = [
  { label: "residential (GeoIP2-Enterprise user_type residential)", ip: "74.209.24.17", journey: "buyer" },
  { label: "cellular (GeoIP2-Connection-Type Cellular)", ip: "1.0.1.77", journey: "researcher" },
  { label: "VPN (GeoIP2-Anonymous-IP is_anonymous_vpn)", ip: "1.2.0.9", journey: "buyer" },
  { label: "hosting (GeoIP2-Enterprise user_type hosting)", ip: "214.214.214.220", journey: "one_off" },
  { label: "government office (GeoIP2-Enterprise, listed as a company)", ip: "81.2.69.160", journey: "researcher" },
];
const BOTS = [
  {
    label: "Googlebot",
    ip: "66.249.66.1",
    userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  },
  {
    label: "headless Chrome",
    ip: "192.0.2.3",
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
  },
];

function buildVisits(options, random) {
  const visits = [];
  const now = Date.now();
  const dayMs = 86_400_000;
  const visitAt = (day) =>
    now - (options.days - 1 - day) * dayMs - random.int(1, 8) * 3_600_000 - random.int(0, 3_599) * 1000;
  const add = (visitor, journeyName, day, index) => {
    const journeys = JOURNEYS[journeyName];
    const source = SOURCES[visits.length % SOURCES.length];
    visits.push({ ...visitor, pages: journeys[index % journeys.length], start: visitAt(day), source });
  };
  for (const company of companiesFromCsv(options.csv)) {
    const [journey, visitorCount] = INTENTS[company.name] ?? ["one_off", 1];
    for (let person = 0; person < visitorCount; person++) {
      const visitor = {
        label: company.name,
        ip: company.ip.replace(/\d+$/, (last) => String(Number(last) + person)),
        anonymousId: `demo-${company.name.toLowerCase().replace(/\W+/g, "-")}-${person}`,
        userAgent: random.pick(BROWSERS),
      };
      const days = journey === "one_off" ? 1 : Math.min(options.days, journey === "buyer" ? 3 : 2);
      for (let day = 0; day < days; day++) add(visitor, journey, options.days - days + day, day + person);
    }
  }
  NON_BUSINESS.forEach((visitor, i) =>
    add(
      { ...visitor, anonymousId: `demo-other-${i}`, userAgent: random.pick(BROWSERS) },
      visitor.journey,
      options.days - 1,
      i,
    ),
  );
  BOTS.forEach((bot, i) => add({ ...bot, anonymousId: `demo-bot-${i}` }, "researcher", options.days - 1, i));
  return visits.sort((a, b) => a.start - b.start);
}

// Segment events for one visit: a page per page view, then its visible
// time. The first page names where the visit came from; each next one the
// page before it.
function eventsOf(visit) {
  const events = [];
  let at = visit.start;
  let referrer = visit.source.referrer;
  for (const [i, [path, seconds]] of visit.pages.entries()) {
    const url = `${SITE}${path}${i === 0 ? visit.source.query : ""}`;
    const context = { ip: visit.ip, userAgent: visit.userAgent, page: { path, url, referrer } };
    referrer = url;
    events.push({
      type: "page",
      anonymousId: visit.anonymousId,
      name: path,
      properties: { path },
      context,
      timestamp: new Date(at).toISOString(),
    });
    at += seconds * 1000;
    events.push({
      type: "track",
      event: "Page Engaged",
      anonymousId: visit.anonymousId,
      properties: { path, seconds },
      context,
      timestamp: new Date(at).toISOString(),
    });
    at += 2000;
  }
  return events;
}

async function post(url, headers, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text}`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const random = prng(options.seed);
  const visits = buildVisits(options, random);
  let sent = 0;
  for (const visit of visits) {
    const events = eventsOf(visit);
    if (options.secretKey) {
      const auth = `Basic ${Buffer.from(`${options.secretKey}:`).toString("base64")}`;
      await post(
        `${options.url}/v1/batch`,
        { authorization: auth, "user-agent": "leadgate-demo-replay" },
        { batch: events },
      );
    } else {
      for (const event of events) {
        const { context, timestamp, type, ...rest } = event;
        await post(
          `${options.url}/v1/${type}`,
          { "x-forwarded-for": visit.ip, "user-agent": visit.userAgent },
          { ...rest, writeKey: options.writeKey, context: { page: context.page } },
        );
      }
    }
    sent += events.length;
  }
  const companies = new Set(
    visits
      .filter(
        (v) =>
          v.anonymousId.startsWith("demo-") &&
          !v.anonymousId.startsWith("demo-other") &&
          !v.anonymousId.startsWith("demo-bot"),
      )
      .map((v) => v.label),
  );
  console.log(
    `replayed ${sent} events in ${visits.length} visits over ${options.days} days: ` +
      `${companies.size} companies, ${NON_BUSINESS.length} non-company visitors, ${BOTS.length} bots`,
  );
}

main().catch((error) => {
  console.error(`replay-demo-traffic: ${error.message}`);
  process.exit(1);
});
