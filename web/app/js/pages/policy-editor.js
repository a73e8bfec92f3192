// Policy editor (/app/policy/edit[?from=N]): a draft of the policy edited
// as a form and as JSON side by side, checked live by the wasm core (every
// problem shown at the field its path names), the real form widget and a
// simulator on the draft, the impact of activating the draft now worked
// out live as it changes (nothing saved), and "Save as draft revision"
// (the server's 422 problems land at the fields too).
import { api, ApiError } from "../api.js";
import { el, field, replace } from "../dom.js";
import { checkPolicy } from "../policy-core.js";
import { policyForm } from "../policy-form.js";
import { formPreview, simulator } from "../policy-preview.js";
import { impactView } from "../policy-review.js";
import { showProblems } from "../problems.js";

async function startingPolicy() {
  const from = new URLSearchParams(location.search).get("from");
  if (from && /^\d+$/.test(from)) {
    const revision = await api(`/api/policy/revisions/${from}`);
    return { policy: revision.policy_json, revision: revision.revision };
  }
  const active = await api("/api/policy");
  return { policy: active, revision: active.revision };
}

function debounce(run, ms) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

/**
 * The impact of activating the draft now (POST /api/policy/impact, nothing
 * stored), asked 400 ms after the last change. One request at a time: the
 * server decides every company again (a quarter of a second at 10,000
 * companies, seconds at 100,000), so a draft changed meanwhile is asked
 * once the answer is in, and only the newest. `showServerProblems` takes a
 * 422's problems.
 */
function liveImpact(showServerProblems) {
  const body = el(
    "div",
    { class: "impact-body" },
    el("p", { class: "muted" }, "Shown once the draft passes the check, and again after each change."),
  );
  const element = el(
    "section",
    // Focusable: it scrolls on its own when long.
    { class: "card live-impact", "aria-labelledby": "live-impact-title", tabindex: "0" },
    el("h2", { id: "live-impact-title" }, "If this draft were activated now"),
    // Shown while an answer is awaited (seconds at 100,000 companies).
    el("p", { class: "muted impact-working" }, "Working out the impact of the latest change…"),
    el("div", { "aria-live": "polite" }, body),
  );
  let timer = 0;
  let asking = false;
  let waiting = null; // the newest draft not asked yet
  const ask = async (policy) => {
    asking = true;
    element.setAttribute("aria-busy", "true");
    try {
      const answer = await api("/api/policy/impact", { method: "POST", body: { policy } });
      if (!waiting) replace(body, impactView(answer));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && !waiting) showServerProblems(error.body.problems ?? []);
      if (!waiting) replace(body, el("p", { class: "error" }, `The impact could not be worked out: ${error.message}`));
    } finally {
      asking = false;
      const next = waiting;
      waiting = null;
      if (next) ask(next);
      else element.removeAttribute("aria-busy");
    }
  };
  // The draft as it is now (later edits do not change what is asked).
  const update = (policy) => {
    clearTimeout(timer);
    element.setAttribute("aria-busy", "true"); // what it shows is of an earlier draft

    const snapshot = structuredClone(policy);
    timer = setTimeout(() => {
      if (asking) waiting = snapshot;
      else ask(snapshot);
    }, 400);
  };
  return { element, update };
}

export async function render(main, { setTitle }) {
  const start = await startingPolicy();
  let draft = structuredClone(start.policy);
  setTitle(`Edit policy ${draft.policy}`);

  const formSlot = el("div", { class: "form-side" });
  const json = el("textarea", {
    id: "policy-json",
    rows: 30,
    spellcheck: "false",
    class: "code",
    oninput: () => {
      try {
        draft = JSON.parse(json.value);
      } catch (error) {
        // The browser's message quotes the JSON around the mistake: one line of it is enough.
        const why = error.message.replace(/\s+/g, " ");
        jsonError.textContent = `This is not valid JSON yet (${why}). The form keeps the last valid draft until it is.`;
        return;
      }
      jsonError.textContent = "";
      drawForm();
      check();
    },
  });
  const jsonError = el("p", { class: "error", role: "alert" });
  const rest = el("ul", { class: "problems error", "aria-label": "Other problems" });
  const checkStatus = el("p", { class: "check-status", role: "status" });
  const note = el("input", { id: "revision-note", type: "text", placeholder: "Why this change?", maxlength: 2000 });
  const saveStatus = el("div", { class: "save-status", "aria-live": "polite" });
  const staleNote = el("p", { class: "muted stale-note", role: "status" });
  const preview = formPreview();
  const sim = simulator();
  // Beside the form, in view while it scrolls: the live impact and the JSON.
  const impact = liveImpact((problems) => showProblems(editor, problems, rest));
  const editor = el(
    "div",
    { class: "side-by-side" },
    el("section", { "aria-label": "Form" }, el("h2", {}, "Form"), formSlot),
    el(
      "div",
      { class: "json-side" },
      impact.element,
      el(
        "section",
        { class: "json-box", "aria-label": "JSON" },
        el("h2", {}, el("label", { for: "policy-json" }, "JSON")),
        json,
        el("span", { class: "error", "data-path": "pages" }),
        el("span", { class: "error", "data-path": "outcomes" }),
        jsonError,
      ),
    ),
  );

  let qualifier = null;
  let checks = 0;
  const showPreview = debounce(() => preview.show(JSON.stringify(draft)), 250);
  async function check() {
    const turn = ++checks;
    const answer = await checkPolicy(draft);
    if (turn !== checks) {
      answer.qualifier?.destroy();
      return;
    }
    if (answer.ok) {
      showProblems(editor, [], rest);
      checkStatus.textContent = "No problems: leadgate policy check would accept this draft.";
      checkStatus.className = "check-status ok";
      staleNote.textContent = "";
      qualifier?.destroy();
      qualifier = answer.qualifier;
      sim.show(qualifier);
      showPreview();
      impact.update(draft);
    } else {
      const atFields = showProblems(editor, answer.problems, rest);
      checkStatus.textContent = `${answer.problems.length} problem${answer.problems.length === 1 ? "" : "s"} (${atFields} shown at their fields).`;
      checkStatus.className = "check-status bad";
      if (qualifier)
        staleNote.textContent =
          "Until the problems are fixed, the preview, the simulator and the impact show the last draft without problems.";
    }
  }
  // Drawn again after structural edits: the focused control (ids follow
  // the paths) keeps the focus, so the keyboard stays where it was.
  const drawForm = (focusId) => {
    const focused = focusId || document.activeElement?.id;
    replace(
      formSlot,
      policyForm(draft, (structural, focusId) => {
        json.value = JSON.stringify(draft, null, 2);
        jsonError.textContent = "";
        if (structural) drawForm(focusId);
        check();
      }),
    );
    if (focused) document.getElementById(focused)?.focus();
  };

  const save = el(
    "button",
    {
      type: "button",
      onclick: async () => {
        save.disabled = true;
        replace(saveStatus, el("p", { class: "muted" }, "Saving…"));
        try {
          const created = await api("/api/policy/revisions", {
            method: "POST",
            body: { policy: draft, note: note.value },
          });
          replace(
            saveStatus,
            el("p", { class: "ok" }, `Revision ${created.revision} saved as a draft; it is not active yet. `),
            el(
              "a",
              { href: `/app/policy?review=${created.revision}` },
              `Review, sign off and activate revision ${created.revision}`,
            ),
            impactView(created.impact),
          );
        } catch (error) {
          if (error instanceof ApiError && error.status === 422) showProblems(editor, error.body.problems ?? [], rest);
          replace(saveStatus, el("p", { class: "error", role: "alert" }, `Not saved: ${error.message}`));
        } finally {
          save.disabled = false;
        }
      },
    },
    "Save as draft revision",
  );

  json.value = JSON.stringify(draft, null, 2);
  drawForm();
  replace(
    main,
    el("h1", {}, `Edit policy ${draft.policy}`),
    el(
      "p",
      { class: "muted" },
      `Starting from revision ${start.revision}. A saved draft changes nothing until it is activated on the `,
      el("a", { href: "/app/policy" }, "policy page"),
      ".",
    ),
    checkStatus,
    rest,
    editor,
    staleNote,
    el("div", { class: "grid2 live" }, preview.element, sim.element),
    el(
      "section",
      { class: "card save", "aria-label": "Save" },
      field("Why this change (kept with the revision)", note),
      el("div", { class: "actions" }, save),
      saveStatus,
    ),
  );
  await check();
}
