#!/usr/bin/env node
// Prints the collector's ranked companies as a table: decision, points,
// the reasons and what an outbound rep should still find out.
//   node scripts/lib/print-companies.mjs URL TOKEN
const [url, token] = process.argv.slice(2);
const response = await fetch(`${url}/api/companies?limit=15`, { headers: { Authorization: `Bearer ${token}` } });
if (!response.ok) throw new Error(`GET /api/companies: ${response.status} ${await response.text()}`);
const { companies } = await response.json();
const pad = (text, width) => String(text).slice(0, width).padEnd(width);
console.log(`${pad("company", 30)} ${pad("decision", 13)} ${pad("points", 9)} reasons / still to ask`);
for (const company of companies) {
  const points =
    company.points.min === company.points.max
      ? `${company.points.min}`
      : `${company.points.min}..${company.points.max}`;
  const reasons = company.reasons.map((r) => `${r.rule} ${r.points ?? r.then}`).join(", ");
  const ask = company.ask && company.ask.length ? ` | ask: ${company.ask.join(", ")}` : "";
  console.log(`${pad(company.name || company.id, 30)} ${pad(company.decision, 13)} ${pad(points, 9)} ${reasons}${ask}`);
}
console.log(`(${companies.length} shown)`);
