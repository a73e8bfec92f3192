// Who owns a company or a lead, and the controls to change it: anyone
// claims what nobody else owns ("Assign to me"); an admin also assigns it
// to anyone or hands it back to the assignment rules. Posts /api/assignments.
import { api } from "./api.js";
import { el, field, replace } from "./dom.js";

let people = null;

/** Every person's name (GET /api/users, admins only), fetched once a page. */
export function peopleNames() {
  people ??= api("/api/users").then((answer) => answer.users.map((user) => user.name));
  return people;
}

/** Posts the assignment; shows the owner the server answers, or why not in `message`. */
async function assign(subject, owner, state, message) {
  replace(message);
  try {
    const answer = await api("/api/assignments", { method: "POST", body: { subject, owner } });
    state.textContent = answer.owner ?? "nobody";
    return answer.owner;
  } catch (error) {
    message.textContent = `Not saved: ${error.message}`;
    return undefined;
  }
}

// "Assign to me": shown while the subject is nobody's; gone once it is
// the signed-in person's.
function claimButton(subject, owner, session, state, message) {
  if (owner === session.name) return null;
  if (owner) return el("p", { class: "muted" }, "Only an admin can assign it to someone else.");
  const button = el(
    "button",
    {
      type: "button",
      class: "secondary",
      onclick: async () => {
        if ((await assign(subject, session.name, state, message)) === session.name) button.remove();
      },
    },
    "Assign to me",
  );
  return button;
}

// An admin's control: anyone, or back to the rules.
function adminForm(subject, owner, state, message) {
  const key = subject.replace(/[^a-zA-Z0-9]/g, "-");
  const choose = el("select", { id: `owner-${key}`, name: "owner" }, el("option", { value: "" }, "By the rules"));
  const form = el(
    "form",
    {
      class: "owner-form inline-form",
      "aria-label": `Assign ${subject}`,
      onsubmit: (event) => {
        event.preventDefault();
        assign(subject, choose.value, state, message);
      },
    },
    field("Assign to", choose),
    el("button", { type: "submit", class: "secondary" }, "Assign"),
  );
  peopleNames().then((names) => {
    for (const name of names) choose.append(el("option", { value: name }, name));
    choose.value = owner ?? "";
  });
  return form;
}

/** The owner line of `subject`; `owner` is the API's (or null); `session` the signed-in person. */
export function ownerControl({ subject, owner, session }) {
  const state = el("span", { class: "owner-name" }, owner ?? "nobody");
  const message = el("span", { class: "error", role: "alert" });
  const control = session.may.administer
    ? adminForm(subject, owner, state, message)
    : claimButton(subject, owner, session, state, message);
  return el("div", { class: "owner" }, el("strong", {}, "Owner: "), state, " ", control, message);
}
