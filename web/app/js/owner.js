// Who owns a company or a lead, and (for admins) the control to assign it
// by hand or hand it back to the assignment rules. Posts /api/assignments.
import { api } from "./api.js";
import { el, replace } from "./dom.js";

let people = null;

/** The owner line of `subject`; `owner` is the API's (or null); `session` the signed-in person. */
export function ownerControl({ subject, owner, session }) {
  const state = el("span", { class: "owner-name" }, owner ?? "nobody");
  const box = el("div", { class: "owner" }, el("strong", {}, "Owner: "), state);
  if (session.role !== "admin") return box;
  const key = subject.replace(/[^a-zA-Z0-9]/g, "-");
  const choose = el("select", { id: `owner-${key}`, name: "owner" }, el("option", { value: "" }, "By the rules"));
  const message = el("span", { class: "error", role: "alert" });
  const form = el(
    "form",
    { class: "owner-form inline", "aria-label": `Assign ${subject}` },
    el("label", { for: choose.id }, "Assign to"),
    choose,
    el("button", { type: "submit", class: "secondary" }, "Assign"),
    message,
  );
  people ??= api("/api/users").then((answer) => answer.users.map((user) => user.name));
  people.then((names) => {
    for (const name of names) choose.append(el("option", { value: name }, name));
    choose.value = owner ?? "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(message);
    try {
      const answer = await api("/api/assignments", { method: "POST", body: { subject, owner: choose.value } });
      state.textContent = answer.owner ?? "nobody";
    } catch (error) {
      message.textContent = `Not saved: ${error.message}`;
    }
  });
  box.append(form);
  return box;
}
