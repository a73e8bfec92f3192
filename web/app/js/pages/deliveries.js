// Deliveries: the hand-off's log (webhooks, Slack, escalations, tests)
// newest first, filtered by state (?state=, kept in the address), each
// subject by name with a link, every attempt's status, the receiver's last
// answer (truncated, shown as text), a "send a test" button and manual
// retry. The log refreshes itself every 2 s while a delivery is pending.
import { actionButton } from "../action.js";
import { api } from "../api.js";
import { el, field, replace } from "../dom.js";
import { addressFilters, applyFilters } from "../filters.js";
import * as format from "../format.js";
import { dataTable } from "../table.js";

const REFRESH_MS = 2000;

const STATES = { "": "Every state", pending: "Pending", delivered: "Delivered", failed: "Failed" };

/**
 * The subject by name, linked: "Northwind Analytics", "Northwind Analytics (form)", "Test delivery", and of
 * mails "Revision 2" (a sign-off asked) and "Daily digest".
 */
export function subjectLink(delivery) {
  const [kind, id] = delivery.subject.split(/:(.*)/s);
  const name = delivery.subject_name;
  if (kind === "company") return el("a", { href: `/app/companies/${encodeURIComponent(id)}` }, name || id);
  if (kind === "lead")
    return el("a", { href: `/app/leads/${encodeURIComponent(id)}` }, name ? `${name} (form)` : `Lead ${id} (form)`);
  if (kind === "revision") return el("a", { href: "/app/policy" }, `Revision ${id}`);
  return { test: "Test delivery", digest: "Daily digest" }[delivery.subject] ?? delivery.subject;
}

// "2 attempts: 503 → 200" (a status alone, "204", read as a number of attempts).
function attempts(delivery) {
  if (!delivery.attempts.length) return "none yet";
  const answers = delivery.attempts.map((a) => `${a.status || a.error || "no answer"}`).join(" → ");
  return `${format.count(delivery.attempts.length, "attempt")}: ${answers}`;
}

function stateFilter(state, onChange) {
  const select = el(
    "select",
    { id: "f-state", onchange: () => onChange(select.value) },
    Object.entries(STATES).map(([value, label]) => el("option", { value, selected: value === state }, label)),
  );
  return el("div", { class: "filters" }, field("State", select));
}

export async function render(main, { session }) {
  const status = el("p", { role: "status", class: "muted" });
  const log = el("div", {});
  const mayAct = session.may.change_policy;
  const onError = (error) => (status.textContent = error.message);
  let state = STATES[addressFilters().state] ? addressFilters().state : "";
  let timer = 0;
  const act = (label, run, name) =>
    actionButton(
      label,
      async () => {
        status.textContent = await run();
        await refresh();
      },
      { name, onError },
    );
  const columns = [
    { label: "Created", cell: (d) => format.dateTime(d.created_at) },
    { label: "Subject", cell: (d) => subjectLink(d) },
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
          : act(
              "Retry now",
              async () => {
                await api(`/api/deliveries/${d.number}/retry`, { method: "POST" });
                return `Delivery ${d.number} will be tried again now.`;
              },
              `Retry now: delivery ${d.number}`,
            ),
    },
  ];
  async function refresh() {
    clearTimeout(timer);
    const { deliveries } = await api("/api/deliveries", { query: { limit: 200, state } });
    const caption = state ? `${STATES[state]} deliveries, newest first` : "Deliveries, newest first";
    replace(log, dataTable({ caption, columns, rows: deliveries, empty: "No deliveries in this state." }));
    // Only while this page is shown and something is still on its way.
    if (main.contains(log) && deliveries.some((d) => d.state === "pending"))
      timer = setTimeout(() => refresh().catch(onError), REFRESH_MS);
  }
  const filter = stateFilter(state, (value) => {
    state = value;
    applyFilters({ state: value });
    refresh().catch(onError);
  });
  const test = mayAct
    ? actionButton(
        "Send a test",
        async () => {
          await api("/api/deliveries/test", { method: "POST", body: {} });
          status.textContent = "Test delivery queued: its answer shows below.";
          await refresh();
        },
        { className: null, onError },
      )
    : null;
  replace(
    main,
    el("h1", {}, "Deliveries"),
    el(
      "p",
      { class: "muted" },
      "Every hand-off to a webhook, Slack or HubSpot, retried until the receiver answers 2xx or a day has passed (HubSpot: when its 429 says).",
    ),
    el("div", { class: "actions" }, test),
    filter,
    status,
    log,
  );
  await refresh();
}
