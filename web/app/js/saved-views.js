// Saved views: a person's named filters of a list page, kept on the server
// (GET/POST /api/views, DELETE /api/views/ID). The navigation lists them
// (savedViewsMenu); a list page saves the filters it shows and removes its
// own views (savedViewsBar). Names are text, never HTML.
import { api } from "./api.js";
import { actionButton, confirmChange } from "./action.js";
import { el, field, replace } from "./dom.js";
import { ADDRESS_CHANGED } from "./filters.js";

const PAGE_PATHS = { companies: "/app/companies", leads: "/app/leads" };
const listeners = new Set();
let views = null;

/** The address of a view: its page with its query. */
export function viewHref(view) {
  const query = new URLSearchParams(view.query).toString(); // re-encoded: only a query, whatever was stored
  return `${PAGE_PATHS[view.page] ?? "/app/companies"}${query ? `?${query}` : ""}`;
}

function load(force = false) {
  if (force || !views) views = api("/api/views").then((answer) => answer.views);
  return views;
}

async function changed() {
  const list = await load(true);
  for (const listener of listeners) listener(list);
}

// An address as a page and its filters, in any order.
function addressKey(href) {
  const url = new URL(href, location.origin);
  const filters = [...url.searchParams].map(([key, value]) => `${key}=${value}`).sort();
  return `${url.pathname}?${filters.join("&")}`;
}

/** The navigation's entry: "Saved views (N)", opening the list of links. */
export function savedViewsMenu() {
  const list = el("ul", { class: "views-menu-list" });
  const summary = el("summary", {}, "Saved views");
  const menu = el("details", { class: "views-menu" }, summary, list);
  // The view the address shows is the current page; filtering in place
  // changes the address, so the mark follows it.
  const markCurrent = () => {
    const here = addressKey(location.href);
    for (const link of list.querySelectorAll("a")) {
      if (addressKey(link.href) === here) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  };
  const draw = (all) => {
    summary.textContent = `Saved views (${all.length})`;
    replace(
      list,
      all.length
        ? all.map((view) => el("li", {}, el("a", { href: viewHref(view) }, view.name)))
        : el("li", { class: "muted" }, "None yet: save one from Companies or Leads."),
    );
    markCurrent();
  };
  listeners.add(draw);
  window.addEventListener(ADDRESS_CHANGED, markCurrent);
  load().then(draw, () => draw([]));
  return menu;
}

/** A list page's views: save what it shows under a name, open or remove its own. */
export function savedViewsBar(page) {
  const name = el("input", { id: `view-name-${page}`, name: "view-name", maxlength: "80", autocomplete: "off" });
  const message = el("p", { class: "status", role: "status" });
  const mine = el("ul", { class: "view-chips" });
  const save = async (event) => {
    event.preventDefault();
    const title = name.value.trim();
    if (!title) {
      message.textContent = "Name the view first.";
      name.focus();
      return;
    }
    const query = new URLSearchParams(location.search);
    query.delete("p"); // a view opens at its first page
    try {
      await api("/api/views", { method: "POST", body: { page, name: title, query: query.toString() } });
      name.value = "";
      message.textContent = `Saved "${title}": it is under Saved views in the navigation.`;
      await changed();
    } catch (error) {
      message.textContent = `Not saved: ${error.message}`;
    }
  };
  const form = el(
    "form",
    { class: "inline-form save-view", "aria-label": "Save a view", onsubmit: save },
    field("Save filters as", name),
    el("button", { type: "submit", class: "secondary" }, "Save view"),
  );
  const draw = (all) =>
    replace(
      mine,
      all
        .filter((view) => view.page === page)
        .map((view) =>
          el(
            "li",
            {},
            el("a", { href: viewHref(view) }, view.name),
            actionButton("Remove", () => remove(view), {
              name: `Remove the view ${view.name}`,
              className: "link-button",
              onError: (error) => (message.textContent = `Not removed: ${error.message}`),
            }),
          ),
        ),
    );
  const remove = async (view) => {
    const sure = await confirmChange({
      title: `Remove the view "${view.name}"?`,
      message: "Its filters stay as they are; only the name and the link go.",
      confirm: `Remove ${view.name}`,
    });
    if (!sure) return;
    await api(`/api/views/${encodeURIComponent(view.id)}`, { method: "DELETE" });
    message.textContent = `Removed "${view.name}".`;
    await changed();
  };
  listeners.add(draw);
  load().then(draw, () => draw([]));
  return el("div", { class: "views-bar" }, form, mine, message);
}
