// Webhooks (admins): every receiver of the hand-off, those given on the
// command line (--webhook, --slack-webhook, --escalation-webhook) and those
// added here: a webhook (adding one shows its signing secret once, Standard
// Webhooks; the table names only its last characters) or a Slack channel's
// incoming webhook (each MQL as a Slack message). "Send a test" waits for the
// receiver's answer and shows it here; removing one (asked first) stops new
// hand-offs to it. The log of everything sent is on Deliveries.
import { actionButton, confirmChange } from "../action.js";
import { api } from "../api.js";
import { el, field, replace } from "../dom.js";
import * as format from "../format.js";
import { dataTable } from "../table.js";

const TEST_POLL_MS = 500;
const TEST_WAIT_MS = 15_000;

/** The test delivery `id` once it was tried (or as it is after TEST_WAIT_MS). */
async function testOutcome(id) {
  const deadline = Date.now() + TEST_WAIT_MS;
  for (;;) {
    const { deliveries } = await api("/api/deliveries", { query: { limit: 50 } });
    const delivery = deliveries.find((d) => d.id === id);
    if (!delivery || delivery.attempts.length || Date.now() > deadline) return delivery;
    await new Promise((resolve) => setTimeout(resolve, TEST_POLL_MS));
  }
}

/** What the receiver answered a test, as text: "Delivered: answered 200." and its body. */
export function testAnswer(url, delivery) {
  if (!delivery) return [el("p", {}, `Test to ${url} queued: see Deliveries.`)];
  const last = delivery.attempts.at(-1);
  const answered = last
    ? last.status
      ? `answered ${last.status}`
      : `no answer (${last.error ?? "error"})`
    : "not tried yet";
  const word = { delivered: "Delivered", failed: "Failed", pending: "Still trying" }[delivery.state] ?? delivery.state;
  return [
    el("p", { class: delivery.state === "delivered" ? "ok" : "error" }, `Test to ${url}: ${word}, ${answered}.`),
    delivery.last_response
      ? el("p", {}, "Its answer: ", el("code", { class: "response" }, delivery.last_response.slice(0, 500)))
      : null,
  ];
}

function secretCell(webhook) {
  if (webhook.kind === "slack") return "none (Slack messages)";
  if (webhook.source !== "app") return "--webhook-secret";
  return webhook.secret_hint ? `ends in …${webhook.secret_hint} (shown once, when added)` : "shown once, when added";
}

/** What to say once `added` is a receiver: a webhook's secret (shown only now), or where a Slack channel's messages go. */
function addedMessage(added) {
  if (added.kind === "slack")
    return [el("p", { class: "ok" }, `Added the Slack channel of ${added.url}: each MQL is posted there.`)];
  return [
    el("p", { class: "ok" }, `Added ${added.url}. Its receiver checks each signature with this secret:`),
    el("p", {}, el("code", { class: "secret" }, added.secret)),
    el("p", { class: "muted" }, "It is shown only now: copy it to the receiver's settings."),
  ];
}

export async function render(main) {
  const status = el("div", { role: "status", class: "webhook-status" });
  const list = el("div", {});
  const say = (...children) => replace(status, ...children);
  const onError = (error) => say(el("p", { class: "error" }, error.message));
  const sendTest = async (webhook) => {
    say(el("p", {}, `Sending a test to ${webhook.url}…`));
    const { ids } = await api("/api/deliveries/test", { method: "POST", body: { url: webhook.url } });
    say(...testAnswer(webhook.url, await testOutcome(ids?.[0])));
  };
  const remove = async (webhook) => {
    const sure = await confirmChange({
      title: `Remove ${webhook.url}?`,
      message: "No new hand-offs go there; deliveries still queued for it are dropped.",
      confirm: "Remove webhook",
    });
    if (!sure) return;
    await api("/api/webhooks/remove", { method: "POST", body: { url: webhook.url } });
    say(el("p", { class: "ok" }, `Removed ${webhook.url}: no new hand-offs go there.`));
    await refresh();
  };
  const columns = [
    { label: "URL", cell: (w) => el("code", {}, w.url) },
    { label: "Kind", cell: (w) => el("span", { class: "nowrap" }, w.kind) },
    {
      label: "Added",
      cell: (w) => (w.source === "app" ? `${format.dateTime(w.created_at)} by ${w.created_by}` : "on the command line"),
    },
    { label: "Signing secret", cell: secretCell },
    {
      label: "Actions",
      cell: (w) =>
        el(
          "div",
          { class: "actions" },
          w.kind === "escalation"
            ? null
            : actionButton("Send a test", () => sendTest(w), { name: `Send a test to ${w.url}`, onError }),
          w.source === "app"
            ? actionButton("Remove", () => remove(w), { name: `Remove ${w.url}`, className: "danger", onError })
            : null,
        ),
    },
  ];
  async function refresh() {
    const { webhooks } = await api("/api/webhooks");
    replace(
      list,
      dataTable({ caption: "Receivers of the hand-off", columns, rows: webhooks, empty: "No receivers yet." }),
    );
  }
  const url = el("input", {
    id: "webhook-url",
    type: "url",
    required: true,
    placeholder: "https://crm.example.com/hooks/leadgate",
    // The browser's own check (not a URL) shows at the field: an earlier refusal must not stay beside it.
    oninvalid: () => say(),
  });
  const kind = el(
    "select",
    { id: "webhook-kind" },
    el("option", { value: "webhook" }, "Webhook: signed JSON"),
    el("option", { value: "slack" }, "Slack channel: a message"),
  );
  const form = el(
    "form",
    {
      class: "add-webhook",
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const body = { url: url.value.trim(), kind: kind.value };
          const added = await api("/api/webhooks", { method: "POST", body });
          url.value = "";
          say(...addedMessage(added));
          await refresh();
        } catch (error) {
          say(el("p", { class: "error", role: "alert" }, `Not added: ${error.message}`));
        }
      },
    },
    field("Webhook URL", url, { className: "grow" }),
    field("Sends", kind),
    el("button", { type: "submit" }, "Add webhook"),
  );
  replace(
    main,
    el("h1", {}, "Webhooks"),
    el(
      "p",
      { class: "muted" },
      "When a company or a lead becomes qualified, each webhook gets a signed mql.qualified payload (Standard Webhooks).",
    ),
    el(
      "p",
      { class: "muted" },
      "A Slack channel takes its own message format: add its incoming webhook URL (https://hooks.slack.com/services/…) " +
        "as a Slack channel, not as a webhook.",
    ),
    form,
    status,
    list,
  );
  await refresh();
}
