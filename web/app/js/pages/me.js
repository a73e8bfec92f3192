// Your account (everyone): the signed-in person's name and role, their
// email to change, and their password to change (the current one first;
// every session of theirs ends then, this one too, so they sign in again).
import { api } from "../api.js";
import { el, field, replace } from "../dom.js";

const MIN_PASSWORD = 8;

function emailForm(me) {
  const email = el("input", { id: "me-email", type: "email", autocomplete: "email", value: me.email });
  const message = el("p", { role: "status" });
  return el(
    "form",
    {
      class: "card stacked account-form",
      "aria-labelledby": "email-heading",
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const saved = await api("/api/me/email", { method: "POST", body: { email: email.value.trim() } });
          replace(message, el("span", { class: "ok" }, saved.email ? `Saved: ${saved.email}.` : "Email removed."));
        } catch (error) {
          replace(message, el("span", { class: "error" }, `Not saved: ${error.message}`));
        }
      },
    },
    el("h2", { id: "email-heading" }, "Email"),
    field("Email address", email),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Save email")),
    message,
  );
}

function passwordForm(me, main) {
  const input = (id, autocomplete) =>
    el("input", { id, type: "password", autocomplete, required: true, maxlength: "1024" });
  const current = input("me-current", "current-password");
  const next = input("me-new", "new-password");
  const again = input("me-again", "new-password");
  next.minLength = again.minLength = MIN_PASSWORD;
  const message = el("p", { role: "status" });
  const refuse = (text) => replace(message, el("span", { class: "error" }, text));
  return el(
    "form",
    {
      class: "card stacked account-form",
      "aria-labelledby": "password-heading",
      onsubmit: async (event) => {
        event.preventDefault();
        if (next.value !== again.value) return refuse("The new password and its repetition differ.");
        try {
          await api("/api/me/password", { method: "POST", body: { current: current.value, password: next.value } });
        } catch (error) {
          return refuse(`Not changed: ${error.message}`);
        }
        replace(
          main,
          el("h1", {}, "Password changed"),
          el("p", { role: "status" }, "Every session of yours has ended, this one too. Sign in with the new password."),
          el("p", {}, el("a", { class: "button", href: "/app/login?next=/app/me" }, "Sign in again")),
        );
      },
    },
    el("h2", { id: "password-heading" }, "Password"),
    // For password managers: whose password this is.
    el("input", { type: "text", name: "username", autocomplete: "username", value: me.name, hidden: true }),
    field("Current password", current),
    field(`New password (at least ${MIN_PASSWORD} characters)`, next),
    field("New password again", again),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Change password")),
    message,
  );
}

export async function render(main) {
  const me = await api("/api/me");
  replace(
    main,
    el("h1", {}, "Your account"),
    el("p", {}, `Signed in as ${me.name}, role ${me.role}. An admin changes roles on People.`),
    el("div", { class: "grid2" }, emailForm(me), passwordForm(me, main)),
  );
}
