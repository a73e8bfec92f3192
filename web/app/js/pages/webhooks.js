// Webhooks (admins): every receiver of the hand-off, those given on the
// command line (--webhook, --slack-webhook, --escalation-webhook) and those
// added here, each with "send a test"; adding one shows the signing secret
// its receiver checks signatures with (Standard Webhooks); removing one
// stops new hand-offs to it. The log of what was sent is on Deliveries.
import { api } from "../api.js";
import { el, replace } from "../dom.js";
import * as format from "../format.js";
import { dataTable } from "../table.js";

export async function render(main) {
  const status = el("div", { role: "status", class: "webhook-status" });
  const list = el("div", {});
  const say = (...children) => replace(status, ...children);
  // `label` shows; `name` (with the URL) is what assistive technology reads.
  const button = (label, name, run, className = "secondary") =>
    el(
      "button",
      {
        type: "button",
        class: className,
        "aria-label": name,
        onclick: async (event) => {
          const target = event.currentTarget;
          target.disabled = true;
          try {
            await run();
          } catch (error) {
            say(el("p", { class: "error" }, error.message));
          } finally {
            target.disabled = false;
          }
        },
      },
      label,
    );
  const columns = [
    { label: "URL", cell: (w) => el("code", {}, w.url) },
    { label: "Kind", cell: (w) => el("span", { class: "nowrap" }, w.kind) },
    {
      label: "Added",
      cell: (w) => (w.source === "app" ? `${format.dateTime(w.created_at)} by ${w.created_by}` : "on the command line"),
    },
    {
      label: "Signing secret",
      cell: (w) => (w.secret ? el("code", { class: "secret" }, w.secret) : "--webhook-secret"),
    },
    {
      label: "Actions",
      cell: (w) =>
        el(
          "div",
          { class: "actions" },
          w.kind === "escalation"
            ? null
            : button("Send a test", `Send a test to ${w.url}`, async () => {
                await api("/api/deliveries/test", { method: "POST", body: { url: w.url } });
                say(el("p", {}, "Test delivery queued: see ", el("a", { href: "/app/deliveries" }, "Deliveries"), "."));
              }),
          w.source === "app"
            ? button(
                "Remove",
                `Remove ${w.url}`,
                async () => {
                  await api("/api/webhooks/remove", { method: "POST", body: { url: w.url } });
                  say(el("p", {}, `Removed ${w.url}: no new hand-offs go there.`));
                  await refresh();
                },
                "danger",
              )
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
  });
  // The browser's own check (not a URL) shows at the field: an earlier refusal must not stay beside it.
  url.addEventListener("invalid", () => say());
  const form = el(
    "form",
    {
      class: "add-webhook",
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const added = await api("/api/webhooks", { method: "POST", body: { url: url.value.trim() } });
          url.value = "";
          say(
            el("p", { class: "ok" }, `Added ${added.url}. Its receiver checks each signature with this secret:`),
            el("code", { class: "secret" }, added.secret),
          );
          await refresh();
        } catch (error) {
          say(el("p", { class: "error", role: "alert" }, `Not added: ${error.message}`));
        }
      },
    },
    el("div", { class: "field grow" }, el("label", { for: "webhook-url" }, "Webhook URL"), url),
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
      "Slack takes its own message format: a Slack channel's incoming webhook is set on the collector's command line with ",
      el("code", { class: "nowrap" }, "--slack-webhook URL"),
      ", not here.",
    ),
    form,
    status,
    list,
  );
  await refresh();
}
