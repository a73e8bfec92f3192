# Generates the bench store: COMPANIES companies (name, domain, industry,
# country, employees) and EVENTS page views and Page Engaged events spread
# over the last 30 days, written straight into the collector's SQLite file
# (the collector folds and scores them when it starts); as many form leads
# as companies; and one account, c000000, with a history of more than
# 10,000 timeline entries.
import random
import sqlite3
import sys
import time

db, companies, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
now = int(time.time() * 1000)
day = 86400000
industries = ["Software", "Retail", "Manufacturing", "Healthcare", "Finance", "Education", "Logistics", "Media"]
countries = ["US", "GB", "DE", "FR", "SE", "NL", "CA", "AU", "ES", "IT"]
paths = ["/pricing", "/docs/setup", "/docs/api", "/blog/post", "/", "/about", "/careers"]
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
rows = []
for i in range(companies):
    rows.append((f"c{i:06d}", f"Company {i:06d} {random.choice(['Labs', 'Group', 'Systems', 'Partners'])}",
                 f"company{i:06d}.example", random.choice(industries), random.choice(countries),
                 random.choice([20, 80, 150, 400, 1200, 5000]), "business", now - 30 * day, now - 30 * day))
con.executemany("INSERT INTO companies (id, name, domain, industry, country, employees, network_type, first_seen_ms, "
                "last_seen_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
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
        batch.append((at, at, "track", "Page Engaged", path, random.randint(5, 120), f"v{company}-{n % 7}", cid))
    else:
        batch.append((at, at, "page", None, path, None, f"v{company}-{n % 7}", cid))
    if len(batch) == 100000:
        con.executemany("INSERT INTO events (received_ms, time_ms, type, name, path, seconds, visitor, company_id, "
                        "network_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'business')", batch)
        batch = []
if batch:
    con.executemany("INSERT INTO events (received_ms, time_ms, type, name, path, seconds, visitor, company_id, "
                    "network_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'business')", batch)
con.executemany("UPDATE companies SET last_seen_ms = ? WHERE id = ?", [(t, c) for c, t in last_seen.items()])


def long_history(account, entries):
    """At least `entries` timeline entries for one account (js/timeline.js):
    visits on top of its share of the events above, then form leads, verdicts
    (calls with answers among them), notes and assignments on it and its people."""
    leads, verdicts, notes, assignments = entries // 10, entries // 7, entries // 10, entries // 20
    visits = entries - leads - verdicts - notes - assignments
    at = lambda: now - int(random.random() * 30 * day)
    con.executemany("INSERT INTO events (received_ms, time_ms, type, name, path, seconds, visitor, company_id, "
                    "network_type) VALUES (?, ?, 'page', NULL, ?, NULL, ?, ?, 'business')",
                    [(t, t, random.choice(paths), f"v0-{n % 7}", account) for n in range(visits) for t in [at()]])
    # A quarter from addresses that identified no company: theirs by their email's domain.
    domain = f"company{account[1:]}.example"
    con.executemany("INSERT INTO leads (received_ms, policy, revision, company_id, visitor, answers_json, decision, "
                    "decision_json, email_domain) VALUES (?, 'acme-app', 1, ?, ?, ?, 'qualified', '{}', ?)",
                    [(at(), None if n % 4 == 3 else account, f"v0-{n % 7}", f'{{"email": "person{n}@{domain}"}}',
                      domain) for n in range(leads)])
    lead_ids = [row[0] for row in con.execute("SELECT id FROM leads WHERE company_id = ? OR email_domain = ?",
                                              (account, domain))]
    subjects = [f"company:{account}"] + [f"lead:{i}" for i in lead_ids]
    con.executemany("INSERT INTO feedback (subject, verdict, reason, note, by_name, at_ms, policy, revision, "
                    "subject_decision, rules_json, source, answers_json) VALUES (?, ?, ?, NULL, 'bench-rep', ?, "
                    "'acme-app', 1, 'qualified', '[]', ?, ?)",
                    [(random.choice(subjects), "rejected" if n % 3 else "accepted", "not SQL: 40 of 60 points", at(),
                      "call" if n % 2 else "inbox", '{"need": "some"}' if n % 2 else None) for n in range(verdicts)])
    con.executemany("INSERT INTO notes (subject, body, by_name, at_ms) VALUES (?, ?, 'bench-rep', ?)",
                    [(random.choice(subjects), f"note {n}: called, left a message", at()) for n in range(notes)])
    con.executemany("INSERT INTO assignment_log (subject, owner, by_name, at_ms) VALUES (?, 'bench-rep', 'admin', ?)",
                    [(random.choice(subjects), at()) for _ in range(assignments)])




def other_people(count):
    """`count` form leads of the other accounts, a tenth of them not
    identified (found by their email's domain), for an account's people to be
    found among."""
    rows = []
    for n in range(count):
        company = 1 + int((companies - 1) * random.random())
        domain = f"company{company:06d}.example"
        rows.append((now - int(random.random() * 30 * day), None if n % 10 == 9 else f"c{company:06d}",
                     f"v{company}-{n % 7}", f'{{"email": "person{n}@{domain}"}}', domain))
    con.executemany("INSERT INTO leads (received_ms, policy, revision, company_id, visitor, answers_json, decision, "
                    "decision_json, email_domain) VALUES (?, 'acme-app', 1, ?, ?, ?, 'undecided', '{}', ?)", rows)


long_history("c000000", 10000)
other_people(companies)
con.commit()
print(f"bench/app: generated {companies} companies, {events} events, {companies} leads of other accounts and an "
      "account with a long history")
