// Deliveries: the hand-off's log (webhooks, Slack, escalations, tests)
// newest first, with every attempt's status, the receiver's last answer
// (truncated, shown as text), a "send a test" button and manual retry.
import { api } from "../api.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { dataTable } from "../table.js";

function subjectLink(subject) {
  const [kind, id] = subject.split(/:(.*)/s);
  if (kind === "company") return el("a", { href: `/app/companies/${encodeURIComponent(id)}` }, subject);
  if (kind === "lead") return el("a", { href: `/app/leads/${encodeURIComponent(id)}` }, subject);
  return subject;
}

function attempts(delivery) {
  if (!delivery.attempts.length) return "none yet";
  return delivery.attempts.map((a) => `${a.status || a.error || "no answer"}`).join(" → ");
}

export async function render(main) {
  const status = el("p", { role: "status", class: "muted" });
  const reload = () => render(main);
  const { deliveries } = await api("/api/deliveries", { query: { limit: 200 } });
  const columns = [
    { label: "Created", cell: (d) => format.dateTime(d.created_at) },
    { label: "Subject", cell: (d) => subjectLink(d.subject) },
    { label: "Kind", cell: (d) => d.kind },
    { label: "Receiver", cell: (d) => d.url },
    { label: "State", cell: (d) => el("span", { class: `state ${d.state}` }, d.state) },
    { label: "Attempts", cell: (d) => attempts(d) },
    { label: "Next attempt", cell: (d) => (d.next_attempt_at ? format.dateTime(d.next_attempt_at) : "–") },
    { label: "Last answer", cell: (d) => el("code", { class: "response" }, d.last_response.slice(0, 200)) },
    {
      label: "Action",
      cell: (d) =>
        d.state === "delivered"
          ? ""
          : el(
              "button",
              {
                type: "button",
                onclick: async () => {
                  await api(`/api/deliveries/${d.number}/retry`, { method: "POST" });
                  await reload();
                },
              },
              "Retry now",
            ),
    },
  ];
  const test = el(
    "button",
    {
      type: "button",
      onclick: async () => {
        try {
          await api("/api/deliveries/test", { method: "POST", body: {} });
          status.textContent = "Test delivery queued.";
          setTimeout(reload, 800);
        } catch (error) {
          status.textContent = error.message;
        }
      },
    },
    "Send a test",
  );
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
    dataTable({ caption: "Deliveries, newest first", columns, rows: deliveries, empty: "No deliveries yet." }),
  );
}
