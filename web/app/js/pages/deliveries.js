// Deliveries: the hand-off's log (webhooks, Slack, escalations, tests)
// newest first, with every attempt's status, the receiver's last answer
// (truncated, shown as text), a "send a test" button and manual retry. The
// log refreshes itself every 2 s while a delivery is pending.
import { api } from "../api.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { EDITOR_ROLES } from "../policy-review.js";
import { dataTable } from "../table.js";

const REFRESH_MS = 2000;

function subjectLink(subject) {
  const [kind, id] = subject.split(/:(.*)/s);
  if (kind === "company") return el("a", { href: `/app/companies/${encodeURIComponent(id)}` }, subject);
  if (kind === "lead") return el("a", { href: `/app/leads/${encodeURIComponent(id)}` }, subject);
  return subject;
}

// "2 attempts: 503 → 200" (a status alone, "204", read as a number of attempts).
function attempts(delivery) {
  if (!delivery.attempts.length) return "none yet";
  const answers = delivery.attempts.map((a) => `${a.status || a.error || "no answer"}`).join(" → ");
  return `${format.count(delivery.attempts.length, "attempt")}: ${answers}`;
}

export async function render(main, { session }) {
  const status = el("p", { role: "status", class: "muted" });
  const log = el("div", {});
  const mayAct = EDITOR_ROLES.includes(session.role);
  let timer = 0;
  const act = (label, run) =>
    el(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          try {
            status.textContent = await run();
            await refresh();
          } catch (error) {
            status.textContent = error.message;
          } finally {
            button.disabled = false;
          }
        },
      },
      label,
    );
  const columns = [
    { label: "Created", cell: (d) => format.dateTime(d.created_at) },
    { label: "Subject", cell: (d) => subjectLink(d.subject) },
    { label: "Kind", cell: (d) => el("span", { class: "nowrap" }, d.kind) },
    // Receivers' addresses and answers are for admins (null for others).
    { label: "Receiver", cell: (d) => d.url ?? "(admins only)" },
    { label: "State", cell: (d) => el("span", { class: `state ${d.state}` }, d.state) },
    { label: "Attempts", cell: (d) => attempts(d) },
    { label: "Next attempt", cell: (d) => (d.next_attempt_at ? format.dateTime(d.next_attempt_at) : "–") },
    {
      label: "Last answer",
      cell: (d) => (d.last_response === null ? "–" : el("code", { class: "response" }, d.last_response.slice(0, 200))),
    },
    {
      label: "Action",
      cell: (d) =>
        d.state === "delivered" || !mayAct
          ? ""
          : act("Retry now", async () => {
              await api(`/api/deliveries/${d.number}/retry`, { method: "POST" });
              return `Delivery ${d.number} will be tried again now.`;
            }),
    },
  ];
  async function refresh() {
    clearTimeout(timer);
    const { deliveries } = await api("/api/deliveries", { query: { limit: 200 } });
    replace(
      log,
      dataTable({ caption: "Deliveries, newest first", columns, rows: deliveries, empty: "No deliveries yet." }),
    );
    // Only while this page is shown and something is still on its way.
    if (main.contains(log) && deliveries.some((d) => d.state === "pending"))
      timer = setTimeout(() => refresh().catch((error) => (status.textContent = error.message)), REFRESH_MS);
  }
  const test = mayAct
    ? act("Send a test", async () => {
        await api("/api/deliveries/test", { method: "POST", body: {} });
        return "Test delivery queued.";
      })
    : null;
  test?.classList.remove("secondary");
  replace(
    main,
    el("h1", {}, "Deliveries"),
    el(
      "p",
      { class: "muted" },
      "Every hand-off to a webhook or Slack, retried until the receiver answers 2xx or a day has passed.",
    ),
    el("div", { class: "actions" }, test),
    status,
    log,
  );
  await refresh();
}
