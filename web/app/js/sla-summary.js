// The hand-off SLA in figures (GET /api/sla, `--sla-hours`): how many MQLs
// were answered, how many are overdue, the median and 95th percentile time
// to sales feedback and the share answered within the SLA. Shown on the
// acceptance page; nothing when no SLA is set.
import { el } from "./dom.js";
import * as format from "./format.js";

// Figures of the answered MQLs; none answered yet says so in words.
const NO_FEEDBACK = "no feedback yet";

function hours(value) {
  return value === null || value === undefined ? NO_FEEDBACK : format.duration(value * 3600);
}

/** A card of the SLA figures, or null without --sla-hours. */
export function slaSummary(sla) {
  if (sla.sla_hours === null || sla.sla_hours === undefined) return null;
  const share = sla.share_within_sla === null ? NO_FEEDBACK : `${format.number(sla.share_within_sla * 100)} %`;
  return el(
    "section",
    { class: "card sla", "aria-label": "Service level" },
    el("h2", {}, `Hand-off SLA: feedback within ${hours(sla.sla_hours)}`),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "MQLs"),
      el("dd", {}, format.number(sla.mqls)),
      el("dt", {}, "Answered"),
      el("dd", {}, format.number(sla.answered)),
      el("dt", {}, "Overdue now"),
      el("dd", { class: sla.overdue ? "error" : "" }, format.number(sla.overdue)),
      el("dt", {}, "Median time to feedback"),
      el("dd", {}, hours(sla.median_hours_to_feedback)),
      el("dt", {}, "95th percentile"),
      el("dd", {}, hours(sla.p95_hours_to_feedback)),
      el("dt", {}, "Within the SLA"),
      el("dd", {}, share),
    ),
  );
}
