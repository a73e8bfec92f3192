# Generates the bench store: COMPANIES companies (name, domain, industry,
# country, employees) and EVENTS page views and Page Engaged events spread
# over the last 30 days, written straight into the collector's store (the
# collector folds and scores them when it starts): its SQLite file, or a
# PostgreSQL URL through psql's COPY; as many form leads as companies (each
# sent by a person named from 20 first and 50 last names, for the leads'
# search); and one account, c000000, with a history of more than 10,000
# timeline entries.
# The same seed gives both stores the same rows.
# Usage: generate.py (SQLITE_FILE | postgres://URL) COMPANIES EVENTS
import random
import sqlite3
import subprocess
import sys
import time


class SqliteStore:
    """Rows into the collector's SQLite file."""

    def __init__(self, path):
        self.con = sqlite3.connect(path)
        self.con.execute("PRAGMA journal_mode=WAL")

    def insert(self, table, columns, rows):
        marks = ", ".join("?" for _ in columns)
        self.con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def set_last_seen(self, pairs):
        self.con.executemany("UPDATE companies SET last_seen_ms = ? WHERE id = ?", [(t, c) for c, t in pairs])

    def finish(self):
        self.con.commit()


def copy_field(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class PostgresStore:
    """Rows into a PostgreSQL store: one psql session, a COPY per batch, one transaction."""

    def __init__(self, url):
        self.psql = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
                                     stdin=subprocess.PIPE, text=True)
        self.psql.stdin.write("BEGIN;\n")

    def insert(self, table, columns, rows):
        out = self.psql.stdin
        out.write(f"COPY {table} ({', '.join(columns)}) FROM STDIN;\n")
        for row in rows:
            out.write("\t".join(copy_field(value) for value in row) + "\n")
        out.write("\\.\n")

    def set_last_seen(self, pairs):
        self.psql.stdin.write("CREATE TEMP TABLE bench_last_seen (id TEXT, at_ms BIGINT);\n")
        self.insert("bench_last_seen", ["id", "at_ms"], pairs)
        self.psql.stdin.write("UPDATE companies c SET last_seen_ms = l.at_ms FROM bench_last_seen l WHERE c.id = l.id;\n")

    def finish(self):
        self.psql.stdin.write("COMMIT;\n")
        self.psql.stdin.close()
        if self.psql.wait() != 0:
            raise SystemExit("bench/app: psql failed")


target, companies, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
now = int(time.time() * 1000)
day = 86400000
industries = ["Software", "Retail", "Manufacturing", "Healthcare", "Finance", "Education", "Logistics", "Media"]
countries = ["US", "GB", "DE", "FR", "SE", "NL", "CA", "AU", "ES", "IT"]
paths = ["/pricing", "/docs/setup", "/docs/api", "/blog/post", "/", "/about", "/careers"]
first_names = ["Ann", "Bo", "Cy", "Dana", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo", "Kim", "Lea", "Max", "Nia", "Oz",
               "Pia", "Quin", "Rae", "Sam", "Tam"]
last_names = [f"{stem}{ending}" for stem in ["Nguyen", "Okafor", "Silva", "Berg", "Kowal", "Haddad", "Ito", "Moreau",
                                             "Rossi", "Varga"] for ending in ["", "son", "ez", "ski", "ova"]]
store = PostgresStore(target) if target.startswith("postgres") else SqliteStore(target)
EVENT_COLUMNS = ["received_ms", "time_ms", "type", "name", "path", "seconds", "visitor", "company_id", "network_type"]
LEAD_COLUMNS = ["received_ms", "policy", "revision", "company_id", "visitor", "answers_json", "decision",
                "decision_json", "email_domain"]
rows = []
for i in range(companies):
    rows.append((f"c{i:06d}", f"Company {i:06d} {random.choice(['Labs', 'Group', 'Systems', 'Partners'])}",
                 f"company{i:06d}.example", random.choice(industries), random.choice(countries),
                 random.choice([20, 80, 150, 400, 1200, 5000]), "business", now - 30 * day, now - 30 * day))
store.insert("companies", ["id", "name", "domain", "industry", "country", "employees", "network_type", "first_seen_ms",
                           "last_seen_ms"], rows)
batch = []
last_seen = {}
for n in range(events):
    # A few companies are busy, most see a handful of events.
    company = int(companies * random.random() ** 2)
    at = now - int(random.random() ** 1.5 * 30 * day)
    cid = f"c{company:06d}"
    last_seen[cid] = max(last_seen.get(cid, 0), at)
    path = random.choice(paths)
    if n % 4 == 3:
        batch.append((at, at, "track", "Page Engaged", path, random.randint(5, 120), f"v{company}-{n % 7}", cid,
                      "business"))
    else:
        batch.append((at, at, "page", None, path, None, f"v{company}-{n % 7}", cid, "business"))
    if len(batch) == 100000:
        store.insert("events", EVENT_COLUMNS, batch)
        batch = []
if batch:
    store.insert("events", EVENT_COLUMNS, batch)
store.set_last_seen(sorted(last_seen.items()))


def long_history(account, entries):
    """At least `entries` timeline entries for one account (js/timeline.js):
    visits on top of its share of the events above, then form leads, verdicts
    (calls with answers among them), notes and assignments on it and its people."""
    leads, verdicts, notes, assignments = entries // 10, entries // 7, entries // 10, entries // 20
    visits = entries - leads - verdicts - notes - assignments
    at = lambda: now - int(random.random() * 30 * day)
    store.insert("events", EVENT_COLUMNS, [(t, t, "page", None, random.choice(paths), None, f"v0-{n % 7}", account,
                                            "business") for n in range(visits) for t in [at()]])
    # A quarter from addresses that identified no company: theirs by their email's domain.
    domain = f"company{account[1:]}.example"
    store.insert("leads", LEAD_COLUMNS,
                 [(at(), "acme-app", 1, None if n % 4 == 3 else account, f"v0-{n % 7}",
                   f'{{"email": "person{n}@{domain}"}}', "qualified", "{}", domain) for n in range(leads)])
    # The store's first leads: ids 1 to `leads` in either store.
    lead_ids = range(1, leads + 1)
    subjects = [f"company:{account}"] + [f"lead:{i}" for i in lead_ids]
    store.insert("feedback", ["subject", "verdict", "reason", "note", "by_name", "at_ms", "policy", "revision",
                              "subject_decision", "rules_json", "source", "answers_json"],
                 [(random.choice(subjects), "rejected" if n % 3 else "accepted", "not SQL: 40 of 60 points", None,
                   "bench-rep", at(), "acme-app", 1, "qualified", "[]", "call" if n % 2 else "inbox",
                   '{"need": "some"}' if n % 2 else None) for n in range(verdicts)])
    store.insert("notes", ["subject", "body", "by_name", "at_ms"],
                 [(random.choice(subjects), f"note {n}: called, left a message", "bench-rep", at()) for n in range(notes)])
    store.insert("assignment_log", ["subject", "owner", "by_name", "at_ms"],
                 [(random.choice(subjects), "bench-rep", "admin", at()) for _ in range(assignments)])




def other_people(count):
    """`count` form leads of the other accounts, a tenth of them not
    identified (found by their email's domain), for an account's people to be
    found among."""
    rows = []
    for n in range(count):
        company = 1 + int((companies - 1) * random.random())
        domain = f"company{company:06d}.example"
        rows.append((now - int(random.random() * 30 * day), "acme-app", 1, None if n % 10 == 9 else f"c{company:06d}",
                     f"v{company}-{n % 7}", f'{{"email": "person{n}@{domain}"}}', "undecided", "{}", domain,
                     f"{random.choice(first_names)} {random.choice(last_names)}"))
    store.insert("leads", LEAD_COLUMNS + ["contact_name"], rows)


long_history("c000000", 10000)
other_people(companies)
store.finish()
print(f"bench/app: generated {companies} companies, {events} events, {companies} leads of other accounts and an "
      "account with a long history")
