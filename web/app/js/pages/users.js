// People (admins): everyone who can sign in, with role and email; add a
// person (their temporary password shown once), change a role, reset a
// password (a new temporary one shown once; their sessions end) and remove
// a person, both confirmed first; below, the log of changes to people with
// who made each; "Send digests now" mails each person who chose a daily
// digest theirs at once. The rules are the server's, the same as `leadgate
// users`, and so are the roles: GET /api/users says which exist and what
// each may do, and the page offers and describes those.
import { actionButton, confirmChange } from "../action.js";
import { api } from "../api.js";
import { el, field, replace } from "../dom.js";
import * as format from "../format.js";
import { dataTable } from "../table.js";

// What a role may do beyond reading, in words (the server's ability names,
// GET /api/users' "roles"): for one role, for several.
const ABILITY_WORDS = {
  change_policy: ["edits the policy", "edit the policy"],
  administer: ["manages people, webhooks and ownership", "manage people, webhooks and ownership"],
};

/**
 * The server's roles in words, those that may the same together:
 * "Every role reads the lists and gives verdicts. Beyond that, marketing and sales edit the policy; …".
 */
export function rolesText(roles) {
  const groups = new Map(); // abilities -> role names
  for (const role of roles) {
    if (!role.may.length) continue;
    const key = role.may.join(" ");
    groups.set(key, [...(groups.get(key) ?? []), role.name]);
  }
  const sentences = [...groups].map(([key, names]) => {
    const many = names.length > 1 ? 1 : 0;
    const words = key.split(" ").map((may) => ABILITY_WORDS[may]?.[many] ?? may.replaceAll("_", " "));
    return `${andList(names)} ${andList(words)}`;
  });
  const beyond = sentences.length ? ` Beyond that, ${sentences.join("; ")}.` : "";
  return `Who can sign in, and what they may do. Every role reads the lists and gives verdicts.${beyond}`;
}

function andList(items) {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
}

// The roles the server has (GET /api/users' "roles"), `selected` chosen.
function roleSelect(id, roles, selected = roles[0]?.name) {
  return el(
    "select",
    { id, name: "role" },
    roles.map((role) => el("option", { value: role.name, selected: role.name === selected }, role.name)),
  );
}

// A key for element ids from a person's name (names are letters, digits and . _ - @).
function idFor(prefix, name) {
  return `${prefix}-${name.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
}

/** The log's line in words: "added dana as sales", "changed the role of riley: rep to admin". */
export function changeText(change) {
  switch (change.action) {
    case "added":
      return `added ${change.name} ${change.detail}`;
    case "removed":
      return `removed ${change.name} (${change.detail})`;
    case "role":
      return `changed the role of ${change.name}: ${change.detail}`;
    case "password":
      return change.by === change.name
        ? "changed their own password"
        : `set a new password for ${change.name} (their sessions ended)`;
    case "email":
      return change.by === change.name ? "changed their own email" : `changed the email of ${change.name}`;
    default:
      return `${change.action} ${change.name}`;
  }
}

function temporaryPassword(intro, password) {
  return [
    el("p", { class: "ok" }, intro),
    el("p", {}, el("code", { class: "secret" }, password)),
    el(
      "p",
      { class: "muted" },
      "It is shown only now. Give it to them yourself (not by email); they choose their own on Your account after signing in.",
    ),
  ];
}

function addForm(roles, fail, refresh) {
  const name = el("input", { id: "person-name", required: true, maxlength: "64", autocomplete: "off" });
  const email = el("input", { id: "person-email", type: "email", required: true, autocomplete: "off" });
  const role = roleSelect("person-role", roles);
  return el(
    "form",
    {
      class: "add-person filters",
      "aria-label": "Add a person",
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const added = await api("/api/users", {
            method: "POST",
            body: { name: name.value.trim(), role: role.value, email: email.value.trim() },
          });
          name.value = email.value = "";
          await refresh(
            ...temporaryPassword(
              `Added ${added.name} as ${added.role}. Their temporary password:`,
              added.temporary_password,
            ),
          );
        } catch (error) {
          fail(error, "Not added");
        }
      },
    },
    field("Name (to sign in)", name),
    field("Email", email),
    field("Role", role),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Add person")),
  );
}

function roleCell(person, roles, fail, refresh) {
  const select = roleSelect(idFor("role", person.name), roles, person.role);
  return el(
    "form",
    {
      class: "inline-form",
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          await api("/api/users/role", { method: "POST", body: { name: person.name, role: select.value } });
          await refresh(el("p", { class: "ok" }, `${person.name} is now ${select.value}.`));
        } catch (error) {
          select.value = person.role;
          fail(error, "Role not changed");
        }
      },
    },
    field(`Role of ${person.name}`, select, { hideLabel: true }),
    el("button", { type: "submit", class: "secondary", "aria-label": `Save the role of ${person.name}` }, "Save"),
  );
}

function actionsCell(person, say, fail, refresh) {
  const reset = async () => {
    const sure = await confirmChange({
      title: `Reset the password of ${person.name}?`,
      message: `${person.name} gets a new temporary password and is signed out everywhere.`,
      confirm: "Reset password",
    });
    if (!sure) return;
    const answer = await api("/api/users/password", { method: "POST", body: { name: person.name } });
    await refresh(...temporaryPassword(`New temporary password for ${person.name}:`, answer.temporary_password));
  };
  const remove = async () => {
    const sure = await confirmChange({
      title: `Remove ${person.name}?`,
      message: `${person.name} can no longer sign in; their sessions end now.`,
      confirm: `Remove ${person.name}`,
    });
    if (!sure) return;
    await api("/api/users/remove", { method: "POST", body: { name: person.name } });
    await refresh(el("p", { class: "ok" }, `Removed ${person.name}.`));
  };
  const onError = (error) => fail(error, "Not done");
  return el(
    "div",
    { class: "actions" },
    actionButton("Reset password", reset, { name: `Reset password for ${person.name}`, onError }),
    actionButton("Remove", remove, { name: `Remove ${person.name}`, className: "danger", onError }),
  );
}

const CHANGE_COLUMNS = [
  { label: "When", cell: (c) => format.dateTime(c.at) },
  { label: "Who", cell: (c) => c.by },
  { label: "Change", cell: (c) => changeText(c) },
];

/** Mails every person who chose a daily digest theirs now, and says how many went. */
async function sendDigests(say) {
  const { sent, empty } = await api("/api/digests/run", { method: "POST" });
  const people = (n) => `${n} ${n === 1 ? "person" : "people"}`;
  say(el("p", { class: "ok" }, `Digests sent to ${people(sent)}; ${people(empty)} had nothing new.`));
}

export async function render(main, { session }) {
  const status = el("div", { role: "status", class: "people-status" });
  const list = el("div", {});
  const say = (...children) => replace(status, ...children);
  const fail = (error, what) => say(el("p", { class: "error" }, `${what}: ${error.message}`));
  const first = await api("/api/users");
  const { roles } = first;
  const columns = [
    { label: "Name", cell: (p) => (p.name === session.name ? `${p.name} (you)` : p.name) },
    { label: "Email", cell: (p) => p.email },
    { label: "Role", cell: (p) => roleCell(p, roles, fail, refresh) },
    { label: "Added", cell: (p) => format.dateTime(p.created) },
    { label: "Actions", cell: (p) => actionsCell(p, say, fail, refresh) },
  ];
  // Reloads the list, then says what was done: the message appears once the
  // table shows the change, and is said even when the reload fails.
  async function refresh(...message) {
    try {
      draw(await api("/api/users"));
    } catch (error) {
      if (!message.length) throw error;
      message.push(el("p", { class: "error" }, `The list could not be reloaded: ${error.message}`));
    }
    if (message.length) say(...message);
  }
  function draw({ users, changes }) {
    replace(
      list,
      dataTable({ caption: "People who can sign in", columns, rows: users }),
      el("h2", {}, "Changes"),
      dataTable({
        caption: "Changes to people, newest first",
        columns: CHANGE_COLUMNS,
        rows: changes,
        empty: "No changes yet.",
      }),
    );
  }
  replace(
    main,
    el("h1", {}, "People"),
    el("p", { class: "muted" }, rolesText(roles)),
    el("h2", {}, "Add a person"),
    addForm(roles, fail, refresh),
    el("h2", {}, "Email digests"),
    el(
      "div",
      { class: "actions" },
      el("p", { class: "muted" }, "Each person chooses a daily digest and alerts on Your account."),
      actionButton("Send digests now", () => sendDigests(say), { onError: (error) => fail(error, "No digests sent") }),
    ),
    status,
    list,
  );
  draw(first);
}
