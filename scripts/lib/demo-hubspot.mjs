#!/usr/bin/env node
// The demo's HubSpot round trip, against the stand-in: waits until the
// account and the person of EMAIL have arrived in "HubSpot" (through its
// CRM search API, as anyone would look), prints them and leadgate's note,
// then plays a sales rep who sets the contact's lead status, has leadgate
// read HubSpot back (POST /api/crm/poll) and prints the verdict it
// recorded on the lead.
//   node scripts/lib/demo-hubspot.mjs HUBSPOT_URL HUBSPOT_TOKEN LEADGATE_URL API_TOKEN EMAIL STATUS
const [hubspot, hubspotToken, leadgate, apiToken, email, status] = process.argv.slice(2);

async function call(base, token, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const hubspotCall = (method, path, body) => call(hubspot, hubspotToken, method, path, body);
const search = (type, propertyName, value, properties) =>
  hubspotCall("POST", `/crm/v3/objects/${type}/search`, {
    filterGroups: [{ filters: [{ propertyName, operator: "EQ", value }] }],
    properties,
    limit: 10,
  });

// The hand-off goes through the outbox: it arrives within moments.
let contact;
for (let i = 0; i < 100 && !contact; i++) {
  contact = (await search("contacts", "email", email, ["email", "firstname", "lastname", "jobtitle", "hs_lead_status"]))
    .results[0];
  if (!contact) await new Promise((resolve) => setTimeout(resolve, 100));
}
if (!contact) throw new Error(`${email} did not arrive in HubSpot`);
const domain = email.split("@")[1];
const company = (await search("companies", "domain", domain, ["name", "domain", "country"])).results[0];
const p = contact.properties;
console.log(
  `  company ${company.id}: ${company.properties.name} (${company.properties.domain}, ${company.properties.country})`,
);
console.log(`  contact ${contact.id}: ${p.firstname} ${p.lastname}, ${p.jobtitle ?? "no title"} <${p.email}>`);
const notes = await hubspotCall("POST", "/crm/v3/objects/notes/search", {
  properties: ["hs_note_body"],
  sorts: [{ propertyName: "hs_object_id", direction: "DESCENDING" }],
  limit: 1,
});
const note = notes.results[0]?.properties.hs_note_body ?? "";
console.log(`  latest note: ${note.replaceAll("<br>", "\n                ")}`);

console.log(`\nA rep sets ${email}'s lead status to ${status} in HubSpot; leadgate reads HubSpot back:`);
await hubspotCall("PATCH", `/crm/v3/objects/contacts/${contact.id}`, { properties: { hs_lead_status: status } });
const polled = await call(leadgate, apiToken, "POST", "/api/crm/poll", {});
console.log(`  POST /api/crm/poll: ${JSON.stringify(polled)}`);
const { leads } = await call(leadgate, apiToken, "GET", "/api/leads?limit=100");
const lead = leads.find((one) => one.answers?.email === email);
const feedback = lead && (await call(leadgate, apiToken, "GET", `/api/leads/${lead.id}`)).feedback;
if (!feedback) throw new Error(`no verdict on ${email}'s lead`);
console.log(`  lead ${lead.id}: ${feedback.verdict} by ${feedback.by} (source ${feedback.source}): ${feedback.reason}`);
