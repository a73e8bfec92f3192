// The app's pages: which path shows which module. A page module exports
// `render(main, context)`, where context is {params, session, setTitle};
// adding a page is one entry here and one module under pages/ (the server
// serves the shell for any /app/NAME or /app/NAME/ID path). `nav` puts it
// in the navigation; `may` (optional) limits it to the people the server
// says may do that (GET /api/session's "may": "change_policy",
// "administer"), so the page knows no roles. The server's Guarded check on
// the API is what protects the data; `may` only keeps pages a person cannot
// use out of their way.
export const PAGES = [
  { path: /^\/app\/companies$/, title: "Companies", nav: "/app/companies", module: "./pages/companies.js" },
  { path: /^\/app\/companies\/([^/]+)$/, title: "Company", module: "./pages/company.js" },
  { path: /^\/app\/leads$/, title: "Leads", nav: "/app/leads", module: "./pages/leads.js" },
  { path: /^\/app\/leads\/([^/]+)$/, title: "Lead", module: "./pages/lead.js" },
  { path: /^\/app\/inbox$/, title: "Inbox", nav: "/app/inbox", module: "./pages/inbox.js" },
  { path: /^\/app\/call\/([^/]+)$/, title: "Qualification call", module: "./pages/call.js" },
  { path: /^\/app\/acceptance$/, title: "Acceptance", nav: "/app/acceptance", module: "./pages/acceptance.js" },
  { path: /^\/app\/ownership$/, title: "Ownership", nav: "/app/ownership", module: "./pages/ownership.js" },
  { path: /^\/app\/policy$/, title: "Policy", nav: "/app/policy", module: "./pages/policy.js" },
  {
    path: /^\/app\/policy\/edit$/,
    title: "Policy editor",
    module: "./pages/policy-editor.js",
    may: "change_policy",
  },
  { path: /^\/app\/deliveries$/, title: "Deliveries", nav: "/app/deliveries", module: "./pages/deliveries.js" },
  {
    path: /^\/app\/webhooks$/,
    title: "Webhooks",
    nav: "/app/webhooks",
    module: "./pages/webhooks.js",
    may: "administer",
  },
  { path: /^\/app\/users$/, title: "People", nav: "/app/users", module: "./pages/users.js", may: "administer" },
  { path: /^\/app\/me$/, title: "Your account", module: "./pages/me.js" },
];

/** Whether the signed-in person (`session`, from /api/session) may open `page`. */
export function allowed(page, session) {
  return !page.may || session.may?.[page.may] === true;
}

/** The page for a path and the decoded parts its pattern captured. */
export function findPage(pathname) {
  const path = pathname.replace(/\/+$/, "");
  for (const page of PAGES) {
    const match = page.path.exec(path);
    if (match) return { page, params: match.slice(1).map((part) => decodeURIComponent(part)) };
  }
  return null;
}
