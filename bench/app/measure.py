# Times the companies list API over one keep-alive connection: REQUESTS
# requests for each query, p50 and p95 in ms, and the ratio of each p95 to
# the baseline's (the first 1,000 companies, as the app fetched them before
# the list was paged on the server); then the account page's requests on an
# account with more than 10,000 timeline entries, also against the
# baseline. With OUT_JSON, the figures are written there as well.
# Usage: measure.py HOST PORT TOKEN REQUESTS [OUT_JSON]
import http.client
import json
import sys
import time

host, port, token, requests = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
out_json = sys.argv[5] if len(sys.argv) > 5 else None
figures = {}  # label: {"p50", "p95", "ratio"}
connection = http.client.HTTPConnection(host, port, timeout=60)
headers = {"Authorization": f"Bearer {token}"}


def get(path):
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"bench/app: {path}: {response.status} {body[:200]!r}")
    return body


def timings(path, count):
    get(path)  # warm
    spent = []
    for _ in range(count):
        start = time.perf_counter()
        get(path)
        spent.append((time.perf_counter() - start) * 1000)
    spent.sort()
    return spent[len(spent) // 2], spent[min(len(spent) - 1, int(len(spent) * 0.95))]


def measure(queries, what, count=lambda label: requests, in_goal=lambda label: True):
    """Times each (label, path) `count(label)` times, prints and keeps its
    row, and prints the worst p95 of those `in_goal`."""
    worst = 0
    for label, path in queries:
        p50, p95 = timings(path, count(label))
        if in_goal(label):
            worst = max(worst, p95)
        print(f"{label:58} {p50:8.1f} {p95:8.1f} {p95 / baseline_p95:15.3f}")
        figures[label] = {"p50": p50, "p95": p95, "ratio": p95 / baseline_p95}
    print(f"bench/app: worst p95 of {what}: {worst:.1f} ms (goal < 100 ms)")


def pages(path, items):
    """Reads a list a page at a time through its `next` cursor: yields the
    count read so far and the cursor of the page after it (None at the end)."""
    read, after = 0, None
    while True:
        page = json.loads(get(path + (f"&after={after}" if after else "")))
        read += len(page[items])
        after = page["next"]
        yield read, after
        if not after:
            return


# Owners by rule for the "owner" filter (set through the admin API).
rules = [{"country": "GB", "owner": "bench-rep"}, {"industry": "Software", "country": "DE", "owner": "bench-rep"}]
connection.request("POST", "/api/assignment-rules", headers={**headers, "Content-Type": "application/json"},
                   body=json.dumps({"rules": rules}))
connection.getresponse().read()

listed = json.loads(get("/api/companies?limit=1"))
more = "" if listed.get("total_exact", True) else "more than "
print(f"bench/app: {more}{listed['total']} companies listed")
baseline_path = "/api/companies?limit=1000"
baseline_p50, baseline_p95 = timings(baseline_path, max(10, requests // 10))
print(f"{'query (page of 50 unless said)':58} {'p50 ms':>8} {'p95 ms':>8} {'p95 / baseline':>15}")
print(f"{'baseline: first 1,000 companies (the old page)':58} {baseline_p50:8.1f} {baseline_p95:8.1f} {1:15.3f}")
figures["baseline: first 1,000 companies (the old page)"] = {"p50": baseline_p50, "p95": baseline_p95, "ratio": 1}
queries = [
    ("best first", "/api/companies?limit=50"),
    ("decision=qualified", "/api/companies?limit=50&decision=qualified"),
    ("decision=not_qualified", "/api/companies?limit=50&decision=not_qualified"),
    ("min_points=40", "/api/companies?limit=50&min_points=40"),
    ("industry=Software", "/api/companies?limit=50&industry=Software"),
    ("country=GB", "/api/companies?limit=50&country=GB"),
    ("days=1 (seen in the last day)", "/api/companies?limit=50&days=1"),
    ("visited=pricing", "/api/companies?limit=50&visited=pricing"),
    ("q=company 000123 (two words, 1 match)", "/api/companies?limit=50&q=company%20000123"),
    ("q=0001 (a word's start, 100 matches)", "/api/companies?limit=50&q=0001"),
    ("q=labs (a word, a quarter of all)", "/api/companies?limit=50&q=labs"),
    ("q=example (every domain's word)", "/api/companies?limit=50&q=example"),
    ("q=labs&country=GB&sort=name", "/api/companies?limit=50&q=labs&country=GB&sort=name"),
    ("q=nothing-matches", "/api/companies?limit=50&q=nothing-matches"),
    ("owner=bench-rep (by rule)", "/api/companies?limit=50&owner=bench-rep"),
    ("owner=nobody", "/api/companies?limit=50&owner=nobody"),
    ("sort=name", "/api/companies?limit=50&sort=name"),
    ("sort=recent, page 1,000 (offset 49,950)", "/api/companies?limit=50&sort=recent&offset=49950"),
    ("country=DE&industry=Retail&visited=docs&sort=points", "/api/companies?limit=50&country=DE&industry=Retail&visited=docs&sort=points"),
    ("CSV, page of 50", "/api/companies?limit=50&format=csv"),
    ("CSV, 10,000 rows", "/api/companies?limit=10000&format=csv"),
]
measure(queries, "a page of 50 rows", count=lambda label: requests if "10,000" not in label else max(5, requests // 20),
        in_goal=lambda label: "10,000" not in label)

# The account page (js/pages/company.js) of the account with the long
# history: the company, its people, its timeline's first and a deep page,
# and one person's timeline.
timeline = "/api/timeline?subject=company:c000000&limit=50"
entries, deep = 0, None
for entries, after in pages(timeline, "entries"):
    if entries == 5000:
        deep = after
print(f"bench/app: the account c000000 has {entries} timeline entries")
account_queries = [
    ("account page: the company", "/api/companies/c000000"),
    ("account page: its people (leads of the account)", "/api/leads?account=c000000&excluded=include&limit=50"),
    ("account page: timeline, first 50", timeline),
    ("account page: timeline, 50 after 5,000", f"{timeline}&after={deep}"),
    ("lead page: one person's timeline", "/api/timeline?subject=lead:1&limit=50"),
    ("leads list: the newest 50 of every account's", "/api/leads?limit=50"),
]
measure(account_queries, "the account page's requests")
# The Leads page (js/pages/leads.js): its first page of 100, a page 5,000
# leads deep through `next`, and a search by any word of a lead's contact,
# company or answers (narrow, a fiftieth, two words, every lead, none, and
# with a filter); beside them the page it asked for before (the newest
# 1,000, searched with LIKE), not in the aim.
leads_page = "/api/leads?limit=100"
for read, after in pages(leads_page, "leads"):
    if read >= 5000:
        break
leads_queries = [
    ("leads: the newest 1,000 (the old page)", "/api/leads?limit=1000"),
    ("leads: the first page of 100", leads_page),
    ("leads: 100 after 5,000 (next)", f"{leads_page}&after={after}"),
    ("leads: q=person12345 (an email, 11 matches)", f"{leads_page}&q=person12345"),
    ("leads: q=okafor (a last name's start, a tenth)", f"{leads_page}&q=okafor"),
    ("leads: q=dana okaforson (two words)", f"{leads_page}&q=dana%20okaforson"),
    ("leads: q=example (every lead)", f"{leads_page}&q=example"),
    ("leads: q=nothing-matches", f"{leads_page}&q=nothing-matches"),
    ("leads: q=example&decision=qualified", f"{leads_page}&q=example&decision=qualified"),
]
measure(leads_queries, "the Leads page's requests", in_goal=lambda label: "old page" not in label)
if out_json:
    with open(out_json, "w") as out:
        json.dump(figures, out)
