# Generates the bench store: COMPANIES companies (name, domain, industry,
# country, employees) and EVENTS page views and Page Engaged events spread
# over the last 30 days, written straight into the collector's SQLite file
# (the collector folds and scores them when it starts).
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
con.commit()
print(f"bench/app: generated {companies} companies, {events} events")
