// A local webhook receiver for the demo: prints each delivery from
// `leadgate serve --webhook` (its subject, the reasons, a company's people
// and a lead's account), after checking the Standard Webhooks signature
// with Node's own crypto.
// Usage: node scripts/lib/webhook-receiver.mjs PORT SECRET
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const [port = "8099", secret = ""] = process.argv.slice(2);
const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret);

function verified(headers, body) {
  const expected = createHmac("sha256", key)
    .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
    .digest("base64");
  return (headers["webhook-signature"] ?? "").split(" ").some((candidate) => {
    const given = Buffer.from(candidate.replace(/^v1,/, ""));
    return (
      candidate.startsWith("v1,") && given.length === expected.length && timingSafeEqual(given, Buffer.from(expected))
    );
  });
}

// "Dana Whitfield, COO <dana@northwind-analytics.example>".
function personWords(contact) {
  const who = [contact?.name, contact?.title].filter(Boolean).join(", ");
  return `${who || "(no name)"} <${contact?.email ?? "no email"}>`;
}

createServer((request, response) => {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const signed = verified(request.headers, body);
    let payload = {};
    try {
      payload = JSON.parse(body);
    } catch {
      // printed as received below
    }
    const data = payload.data ?? {};
    const name = data.name ?? data.answers?.email ?? payload.subject;
    const reasons = (data.reasons ?? []).map((r) => `${r.rule} (${r.points ?? r.then})`).join(", ");
    console.log(
      `[receiver] ${payload.type ?? "?"} ${payload.subject ?? ""}: ${name ?? ""}` +
        `${reasons ? ` because ${reasons}` : ""} (signature ${signed ? "verified" : "WRONG"})`,
    );
    // An account arrives with its people, a lead names its account (collector-v1 v1.2).
    for (const person of data.leads ?? []) console.log(`[receiver]   its person: ${personWords(person.contact)}`);
    if (data.account)
      console.log(`[receiver]   of the account ${data.account.name} (${data.account.domain ?? "no domain"})`);
    response.writeHead(signed ? 204 : 401).end();
  });
}).listen(Number(port), "127.0.0.1", () => console.log(`[receiver] listening on http://127.0.0.1:${port}/hook`));
