// The accept / reject control for an MQL candidate ("company:ID" or
// "lead:ID"): accept, or reject with a reason from the configured list and
// a note. Used by the inbox and the detail pages; posts /api/feedback.
import { api } from "./api.js";
import { el, field, replace } from "./dom.js";
import * as format from "./format.js";

let reasonList = null;

async function reasons() {
  reasonList ??= api("/api/feedback/reasons").then((answer) => answer.reasons);
  return reasonList;
}

/** "Accepted by dana on 22 Nov 2026, 09:12 UTC: too small (note)". */
export function verdictText(feedback) {
  if (!feedback) return "No verdict yet";
  const word = feedback.verdict === "accepted" ? "Accepted" : "Rejected";
  const by = feedback.by ? ` by ${feedback.by}` : "";
  const why = feedback.reason ? `: ${feedback.reason}` : "";
  const note = feedback.note ? ` (${feedback.note})` : "";
  return `${word}${by} on ${format.dateTime(feedback.at)}${why}${note}`;
}

/**
 * A form to give a verdict on `subject`; `feedback` is the latest one (or
 * null); onDone(feedback) runs after a verdict is stored. `label` names the
 * subject for screen readers ("Accept STONEHOUSE").
 */
export async function verdictForm({ subject, label, feedback, onDone }) {
  const list = await reasons();
  const key = subject.replace(/[^a-zA-Z0-9]/g, "-");
  const state = el("p", { class: "verdict-state", role: "status" }, verdictText(feedback));
  const reason = el(
    "select",
    { id: `reason-${key}`, name: "reason" },
    el("option", { value: "" }, "Choose a reason…"),
    list.map((text) => el("option", { value: text }, text)),
  );
  const note = el("input", { id: `note-${key}`, name: "note", maxlength: "2000", autocomplete: "off" });
  const message = el("p", { class: "error", role: "alert" });
  const accept = el(
    "button",
    { type: "button", class: "good", "aria-label": `Accept ${label}`, onclick: () => send("accepted") },
    "Accept",
  );
  const reject = el("button", { type: "submit", class: "danger", "aria-label": `Reject ${label}` }, "Reject");
  const form = el(
    "form",
    {
      class: "verdict-form",
      "aria-label": `Verdict on ${label}`,
      onsubmit: (event) => {
        event.preventDefault();
        send("rejected");
      },
    },
    accept,
    field("Reason (to reject)", reason),
    field("Note", note, { className: "note" }),
    reject,
  );
  const send = async (verdict) => {
    replace(message);
    if (verdict === "rejected" && !reason.value) {
      message.textContent = "Choose a reason to reject.";
      reason.focus();
      return;
    }
    accept.disabled = reject.disabled = true;
    try {
      const stored = await api("/api/feedback", {
        method: "POST",
        body: {
          subject,
          verdict,
          reason: verdict === "rejected" ? reason.value : undefined,
          note: note.value || undefined,
        },
      });
      state.textContent = verdictText(stored);
      onDone?.(stored);
    } catch (error) {
      message.textContent = `Not saved: ${error.message}`;
    } finally {
      accept.disabled = reject.disabled = false;
    }
  };
  return el("div", { class: "verdict" }, state, form, message);
}
