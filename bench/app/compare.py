# Prints each request's p95 on PostgreSQL beside SQLite's (bench/app/run's
# two stores): the ratio of each to its own store's baseline, measured in
# the same run, and PostgreSQL's p95 over SQLite's. A store not measured is
# left out.
# Usage: compare.py SQLITE_JSON POSTGRES_JSON
import json
import os
import sys

runs = {}
for name, path in (("sqlite", sys.argv[1]), ("postgres", sys.argv[2])):
    if os.path.exists(path):
        with open(path) as figures:
            runs[name] = json.load(figures)
if len(runs) < 2:
    sys.exit(0)
sqlite, postgres = runs["sqlite"], runs["postgres"]
print()
print(f"{'p95 ms, SQLite beside PostgreSQL':58} {'SQLite':>8} {'/ base':>7} {'PG':>8} {'/ base':>7} {'PG/SQLite':>10}")
for label, lite in sqlite.items():
    pg = postgres.get(label)
    if not pg:
        continue
    print(f"{label:58} {lite['p95']:8.1f} {lite['ratio']:7.3f} {pg['p95']:8.1f} {pg['ratio']:7.3f} "
          f"{pg['p95'] / lite['p95']:10.2f}")
worst = max((figures["p95"], label) for label, figures in postgres.items() if "10,000" not in label and
            "baseline" not in label)
print(f"bench/app: worst p95 on PostgreSQL (pages of 50 and the account page): {worst[0]:.1f} ms, {worst[1]}")
