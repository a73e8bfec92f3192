// The app shell: loads the session (who is signed in, the CSRF token),
// draws the navigation (with the person's saved views) and the sign-out form, then renders the page that
// the address names (pages.js). Every page of the app starts here; a person
// whose password an admin set is sent to Your account to choose their own first.
import { api, setCsrfToken } from "./api.js";
import { el, replace } from "./dom.js";
import { PAGES, allowed, findPage } from "./pages.js";
import { savedViewsMenu } from "./saved-views.js";

const ME_PAGE = "/app/me";

function drawNav(nav, current, session) {
  const list = el("ul");
  for (const page of PAGES.filter((p) => p.nav && allowed(p, session))) {
    const here = current?.nav === page.nav;
    list.append(el("li", {}, el("a", { href: page.nav, "aria-current": here ? "page" : null }, page.title)));
  }
  list.append(el("li", {}, savedViewsMenu()));
  replace(nav, list);
}

// The person's name leads to their account page (email, password).
function drawWho(who, session, current) {
  const form = el(
    "form",
    { method: "post", action: "/app/logout", class: "signout" },
    el("input", { type: "hidden", name: "csrf", value: session.csrf }),
    el("button", { type: "submit", class: "link" }, "Sign out"),
  );
  const here = current?.path.test("/app/me") ? "page" : null;
  replace(
    who,
    el("a", { href: "/app/me", class: "account", "aria-current": here }, `${session.name} (${session.role})`),
    form,
  );
}

export function showError(main, error) {
  replace(main, el("p", { role: "alert", class: "error" }, `Could not load this page: ${error.message}`));
}

// The page draws into `main`, which says it is busy until the page has (for
// assistive technology, and for the browser tests that wait for it).
async function start(main) {
  let session;
  try {
    session = await api("/api/session");
  } catch (error) {
    if (error.status !== 401) showError(main, error);
    return;
  }
  setCsrfToken(session.csrf);
  if (session.must_change_password && location.pathname !== ME_PAGE) {
    location.replace(ME_PAGE);
    return;
  }
  const found = findPage(location.pathname);
  drawNav(document.getElementById("nav"), found?.page, session);
  drawWho(document.getElementById("who"), session, found?.page);
  const setTitle = (title) => {
    document.title = `${title} · leadgate`;
  };
  if (!found) {
    setTitle("Not found");
    let path = location.pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // Not valid percent-encoding: show it as it came.
    }
    replace(main, el("h1", {}, "Page not found"), el("p", {}, "There is no page at ", el("code", {}, path), "."));
    return;
  }
  setTitle(found.page.title);
  if (!allowed(found.page, session)) {
    replace(
      main,
      el("h1", {}, found.page.title),
      el("p", { role: "alert" }, `Not available to the ${session.role} role.`),
    );
    return;
  }
  try {
    const module = await import(found.page.module);
    await module.render(main, { params: found.params, session, setTitle });
  } catch (error) {
    if (error.status !== 401) showError(main, error);
  }
}

const main = document.getElementById("main");
main.setAttribute("aria-busy", "true");
start(main).finally(() => main.removeAttribute("aria-busy"));
