// Ownership and exclusions: the assignment rules (a company, and its
// leads, go to the first rule matching its country and industry unless
// assigned by hand), the excluded domains (existing customers,
// competitors, partners) and the companies and form leads they keep out of
// the lists and the inbox, shown apart here. Everyone reads; only admins
// change, offered the countries and industries seen in the data.
import { api } from "../api.js";
import { el, field, replace } from "../dom.js";
import * as format from "../format.js";
import { dataTable } from "../table.js";

const LABELS = { customer: "Existing customer", competitor: "Competitor", partner: "Partner" };

// A text field offering `values` (those seen in the data) as it is typed in:
// the datalist to put after it.
function offering(input, values) {
  const list = el(
    "datalist",
    { id: `${input.name}-seen` },
    values.map((value) => el("option", { value })),
  );
  input.setAttribute("list", list.id);
  return list;
}

function rulesSection(rules, admin, reload, seen) {
  const message = el("p", { class: "error", role: "alert" });
  const save = async (next) => {
    try {
      await api("/api/assignment-rules", { method: "POST", body: { rules: next } });
      await reload();
    } catch (error) {
      message.textContent = `Not saved: ${error.message}`;
    }
  };
  const columns = [
    { label: "Country", cell: (rule) => rule.country || "any" },
    { label: "Industry", cell: (rule) => rule.industry || "any" },
    { label: "Owner", cell: (rule) => rule.owner },
  ];
  if (admin)
    columns.push({
      label: "Change",
      cell: (rule) =>
        el(
          "button",
          {
            type: "button",
            class: "danger",
            "aria-label": `Remove the rule for ${rule.owner}`,
            onclick: () => save(rules.filter((other) => other !== rule)),
          },
          "Remove",
        ),
      text: () => "",
    });
  let form = null;
  if (admin) {
    const country = el("input", {
      id: "rule-country",
      name: "country",
      maxlength: "100",
      autocomplete: "off",
      placeholder: "any",
    });
    const industry = el("input", {
      id: "rule-industry",
      name: "industry",
      maxlength: "200",
      autocomplete: "off",
      placeholder: "any",
    });
    const owner = el("input", {
      id: "rule-owner",
      name: "owner",
      maxlength: "64",
      autocomplete: "off",
      required: true,
    });
    form = el(
      "form",
      {
        class: "filters",
        "aria-label": "Add an assignment rule",
        onsubmit: (event) => {
          event.preventDefault();
          save([
            ...rules,
            { country: country.value.trim(), industry: industry.value.trim(), owner: owner.value.trim() },
          ]);
        },
      },
      field("Country (e.g. GB)", country, { after: offering(country, seen.countries) }),
      field("Industry", industry, { after: offering(industry, seen.industries) }),
      field("Owner (a person's name)", owner),
      el("div", { class: "actions" }, el("button", { type: "submit" }, "Add rule")),
    );
  }
  return el(
    "section",
    { class: "card stacked", "aria-labelledby": "rules-heading" },
    el("h2", { id: "rules-heading" }, "Assignment rules"),
    el(
      "p",
      { class: "muted" },
      "The first rule matching a company's country and industry (in any letter case) names its owner, unless it was assigned by hand.",
    ),
    dataTable({
      caption: "Assignment rules, first match wins",
      columns,
      rows: rules,
      empty: "No rules: companies are assigned by hand only.",
    }),
    form,
    message,
  );
}

function exclusionsSection(exclusions, admin, reload) {
  const message = el("p", { class: "error", role: "alert" });
  const columns = [
    { label: "Domain", cell: (e) => e.domain },
    { label: "Label", cell: (e) => LABELS[e.label] ?? e.label },
    { label: "Note", cell: (e) => e.note },
    { label: "Added", cell: (e) => `${e.by}, ${format.dateTime(e.at)}` },
  ];
  if (admin)
    columns.push({
      label: "Change",
      cell: (e) =>
        el(
          "button",
          {
            type: "button",
            class: "danger",
            "aria-label": `Stop excluding ${e.domain}`,
            onclick: async () => {
              try {
                await api("/api/exclusions/remove", { method: "POST", body: { domain: e.domain } });
                await reload();
              } catch (error) {
                message.textContent = `Not saved: ${error.message}`;
              }
            },
          },
          "Remove",
        ),
      text: () => "",
    });
  let form = null;
  if (admin) {
    const domain = el("input", {
      id: "exclude-domain",
      name: "domain",
      maxlength: "253",
      autocomplete: "off",
      required: true,
    });
    const label = el(
      "select",
      { id: "exclude-label", name: "label" },
      Object.entries(LABELS).map(([value, text]) => el("option", { value }, text)),
    );
    const note = el("input", { id: "exclude-note", name: "note", maxlength: "500", autocomplete: "off" });
    form = el(
      "form",
      {
        class: "filters",
        "aria-label": "Exclude a domain",
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            await api("/api/exclusions", {
              method: "POST",
              body: { domain: domain.value, label: label.value, note: note.value },
            });
            await reload();
          } catch (error) {
            message.textContent = `Not saved: ${error.message}`;
          }
        },
      },
      field("Domain", domain),
      field("Label", label),
      field("Note", note),
      el("div", { class: "actions" }, el("button", { type: "submit" }, "Exclude")),
    );
  }
  return el(
    "section",
    { class: "card stacked", "aria-labelledby": "exclusions-heading" },
    el("h2", { id: "exclusions-heading" }, "Excluded domains"),
    el(
      "p",
      { class: "muted" },
      "Companies of these domains, and their form leads, are kept out of the lists and the inbox.",
    ),
    dataTable({ caption: "Excluded domains", columns, rows: exclusions, empty: "No domain is excluded." }),
    form,
    message,
  );
}

function excludedCompanies({ companies, total, total_exact: exact }, leads) {
  const counted = exact ? format.count(total, "company", "companies") : `More than ${format.number(total)} companies`;
  return el(
    "section",
    { class: "card stacked", "aria-labelledby": "kept-out-heading" },
    el("h2", { id: "kept-out-heading" }, "Companies kept out"),
    el("p", { class: "status" }, `${counted} of excluded domains.`),
    dataTable({
      caption: "Companies of excluded domains",
      columns: [
        {
          label: "Company",
          cell: (c) => el("a", { href: `/app/companies/${encodeURIComponent(c.id)}` }, c.name || c.domain || c.id),
        },
        { label: "Domain", cell: (c) => c.domain ?? "" },
        { label: "Excluded as", cell: (c) => LABELS[c.excluded?.label] ?? "" },
        { label: "Decision", cell: (c) => format.decision(c.decision) },
        { label: "Last seen", cell: (c) => format.dateTime(c.last_seen) },
      ],
      rows: companies,
      empty: "No identified company belongs to an excluded domain.",
    }),
    dataTable({
      caption: "Form leads of excluded domains",
      columns: [
        {
          label: "Lead",
          cell: (l) => el("a", { href: `/app/leads/${encodeURIComponent(l.id)}` }, format.dateTime(l.received_at)),
        },
        { label: "Company", cell: (l) => l.company?.name ?? "" },
        { label: "Decision", cell: (l) => format.decision(l.decision) },
      ],
      rows: leads,
      empty: "No form lead comes from an excluded domain.",
    }),
  );
}

export async function render(main, { session }) {
  const admin = session.may.administer;
  const reload = async () => {
    const [rules, exclusions, kept, keptLeads, seen] = await Promise.all([
      api("/api/assignment-rules"),
      api("/api/exclusions"),
      api("/api/companies", { query: { excluded: "only", limit: 200 } }),
      api("/api/leads", { query: { excluded: "only", limit: 200 } }),
      admin ? api("/api/company-filters") : null,
    ]);
    replace(
      main,
      el("h1", {}, "Ownership and exclusions"),
      admin ? null : el("p", { class: "muted" }, "Only an admin can change these."),
      rulesSection(rules.rules, admin, reload, seen),
      exclusionsSection(exclusions.exclusions, admin, reload),
      excludedCompanies(kept, keptLeads.leads),
    );
  };
  await reload();
}
