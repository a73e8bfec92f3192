// The link from an MQL candidate (a company or a lead) to its qualification
// call (pages/call.js), shown where the verdict control is.
import { el } from "./dom.js";

/** A link to the call for `subject` ("company:ID"), or null unless it is an MQL candidate. */
export function callLink(subject, decision) {
  if (decision !== "qualified" && decision !== "undecided") return null;
  return el(
    "p",
    { class: "call-link" },
    el("a", { href: `/app/call/${encodeURIComponent(subject)}`, class: "button" }, "Qualification call"),
  );
}
