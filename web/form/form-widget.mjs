// The form widget's controller: loads the policy into the wasm core, asks
// the core after every answer, shows only the next key question (plus the
// required ones and those already answered), shows the outcome once decided,
// and stamps the decision onto the submission. Loaded by leadgate-form.js.
import { loadLeadgate } from "./leadgate-core.mjs";
import { bindFields } from "./form-fields.mjs";

const DEFAULT_CTA = { qualified: "Book a meeting", not_qualified: "Learn more" };

// Keys that change a select's or radio group's value while choosing.
const CHOOSING_KEYS = /^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down)| |.)$/u;

function isChoiceControl(element) {
  return element.tagName === "SELECT" || element.type === "radio" || element.type === "checkbox";
}

// The anonymous id of leadgate's tracker (t.js), when the page runs it, so
// the collector can join the form to the visits. Never created here.
function trackerVisitorId() {
  try {
    const stored = window.localStorage.getItem("lg_aid");
    if (stored) return stored;
  } catch {
    // Storage blocked: fall back to the cookie.
  }
  const match = document.cookie.match(/(?:^|; )lg_aid=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

let corePromise = null;

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function core() {
  corePromise ??= loadLeadgate();
  return corePromise;
}

/**
 * Enhances every form given; one failure leaves only that form as plain
 * HTML. policies[i], when given, is a promise of form i's policy text
 * (fetched early by the loader).
 */
export async function enhanceAll(forms, policies = []) {
  await Promise.all(
    [...forms].map(async (form, i) => {
      try {
        await enhance(form, policies[i]);
      } catch (error) {
        form.classList.remove("leadgate-loading");
        form.classList.add("leadgate-failed");
        form.dataset.leadgateState = "failed";
        console.error(`leadgate: form left as plain HTML: ${error.message}`);
      }
    }),
  );
}

async function fetchText(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`policy ${url}: HTTP ${response.status}`);
  return response.text();
}

// A form naming its policy id (data-leadgate-policy-id) asks by the
// revision the collector decides with: its form route, at
// data-leadgate-collector or else the page's own origin (leadgate serve
// --site-dir). Where none answers, data-leadgate-policy is the fallback
// (which the loader fetched meanwhile).
async function readPolicy(form, fetched) {
  const id = form.dataset.leadgatePolicyId;
  const source = form.dataset.leadgatePolicy;
  if (id) {
    try {
      return await fetchText(`${collectorOf(form) || location.origin}/v1/forms/${encodeURIComponent(id)}/policy`);
    } catch (error) {
      if (!source) throw error;
      console.warn(`leadgate: ${error.message}; using ${source}`);
    }
  }
  if (fetched) return fetched;
  if (!source) throw new Error("data-leadgate-policy is empty");
  if (source.startsWith("#")) {
    const element = form.ownerDocument.getElementById(source.slice(1));
    if (!element) throw new Error(`no element ${source} holding the policy`);
    return element.textContent;
  }
  return fetchText(source);
}

function readPageFacts(form) {
  const source = form.dataset.leadgateFacts;
  if (!source) return {};
  const text = source.startsWith("#")
    ? (form.ownerDocument.getElementById(source.slice(1))?.textContent ?? "{}")
    : source;
  const facts = JSON.parse(text);
  if (typeof facts !== "object" || facts === null || Array.isArray(facts))
    throw new Error("data-leadgate-facts must be a JSON object");
  return facts;
}

// The collector's address (data-leadgate-collector), without a final slash.
function collectorOf(form) {
  return (form.dataset.leadgateCollector ?? "").replace(/\/+$/, "");
}

// What the collector already knows for this visitor's address (company
// facts and the questions they answer), so the form need not ask it. Never
// fatal: without an answer within 1.5 s the form just asks.
async function readPrefill(form, policyName) {
  const collector = collectorOf(form);
  if (!collector) return {};
  const key = form.dataset.leadgateWriteKey ?? document.querySelector("script[data-write-key]")?.dataset.writeKey;
  const url = `${collector}/v1/forms/${encodeURIComponent(policyName)}/prefill?writeKey=${encodeURIComponent(key ?? "")}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { facts } = await response.json();
    return facts && typeof facts === "object" ? facts : {};
  } catch (error) {
    console.warn(`leadgate: prefill from ${collector} failed: ${error.message}`);
    return {};
  }
}

/** Enhances one form; resolves to its controller once the first question shows. */
export async function enhance(form, fetchedPolicy) {
  const [policyText, leadgate] = await Promise.all([readPolicy(form, fetchedPolicy), core()]);
  const qualifier = leadgate.createQualifier(policyText);
  const prefill = await readPrefill(form, qualifier.description.policy);
  // The page's own facts win over the collector's.
  const controller = new FormController(form, qualifier, { ...prefill, ...readPageFacts(form) });
  controller.start();
  return controller;
}

// The honeypot's name: the collector drops a submission with it filled.
const HONEYPOT_FIELD = "leadgate_website";

class FormController {
  constructor(form, qualifier, pageFacts) {
    this.form = form;
    this.qualifier = qualifier;
    this.policy = qualifier.description;
    this.factsById = new Map(this.policy.facts.map((f) => [f.id, f]));
    this.fields = bindFields(form, this.policy);
    this.pageFacts = this.collectPageFacts(pageFacts);
    this.ask = null;
    this.decision = null;
    this.decisionText = "";
    this.asked = [];
    this.uncommitted = false;
    this.choosing = null;
    this.buildRegions();
    this.addHoneypot();
  }

  // A field people never see or reach (off screen, hidden from assistive
  // technology, out of the tab order, no autofill); bots that fill every
  // field fill it, and the collector stores nothing they send.
  addHoneypot() {
    if (this.form.querySelector(`[name="${HONEYPOT_FIELD}"]`)) return;
    const doc = this.form.ownerDocument;
    const trap = doc.createElement("div");
    trap.setAttribute("aria-hidden", "true");
    trap.style.cssText = "position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden";
    const input = doc.createElement("input");
    input.type = "text";
    input.name = HONEYPOT_FIELD;
    input.tabIndex = -1;
    input.autocomplete = "off";
    trap.append(input);
    this.form.append(trap);
  }

  // Known before the visitor does anything: data-leadgate-facts, the
  // collector's prefill and hidden inputs (this.pageFacts), and fields the
  // page already filled in (this.prefilled). None of these is asked. Text
  // values are decoded by the core as form fields are.
  collectPageFacts(given) {
    const known = {};
    const texts = [];
    for (const [id, value] of Object.entries(given)) {
      if (value === null || value === "") continue;
      // Built-in facts (company.*) stay as given: the core reads them, also
      // to answer questions through `from`.
      if (typeof value === "string" && this.factsById.has(id)) texts.push({ id, values: [value] });
      else known[id] = value;
    }
    for (const [id, field] of this.fields) {
      const hidden = field.hiddenRawValues();
      if (hidden.length) texts.push({ id, values: hidden.slice(-1) });
    }
    Object.assign(known, this.decodeFields(texts));
    this.prefilled = new Map(Object.entries(this.readFields()));
    return known;
  }

  // Raw values -> facts through the core (DecodeFormFields, as a plain post
  // is decoded). An entry {id, values} whose value the core refuses tries
  // its next value (an option's label); with none left it is dropped with a
  // warning, so one odd field cannot stop the form.
  decodeFields(entries) {
    const pending = entries.map((entry) => ({ ...entry, at: 0 }));
    for (;;) {
      try {
        return this.qualifier.decodeFields(pending.map((entry) => [entry.id, entry.values[entry.at]]));
      } catch (error) {
        const entry = pending.find((e) => e.id === error.path);
        if (!entry) throw error;
        if (++entry.at < entry.values.length) continue;
        console.warn(`leadgate: ignoring ${entry.id}: ${error.message}`);
        pending.splice(pending.indexOf(entry), 1);
      }
    }
  }

  // The answers in the visible fields, decoded.
  readFields() {
    const entries = [];
    for (const [id, field] of this.fields) {
      const values = field.isHiddenInput ? [] : field.rawValues();
      if (values.length) entries.push({ id, values });
    }
    return this.decodeFields(entries);
  }

  buildRegions() {
    const doc = this.form.ownerDocument;
    this.live = doc.createElement("div");
    this.live.className = "leadgate-live";
    this.live.setAttribute("role", "status");
    this.live.setAttribute("aria-live", "polite");
    this.outcome = doc.createElement("div");
    this.outcome.className = "leadgate-outcome";
    this.outcome.tabIndex = -1;
    this.outcome.hidden = true;
    const submit = this.form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
    let anchor = submit;
    while (anchor && anchor.parentElement !== this.form) anchor = anchor.parentElement;
    this.form.insertBefore(this.outcome, anchor ?? null);
    this.form.append(this.live);
  }

  start() {
    const form = this.form;
    form.addEventListener(
      "pointerdown",
      () => {
        this.choosing = null;
      },
      true,
    );
    form.addEventListener("keydown", (event) => this.onKeyDown(event), true);
    form.addEventListener("change", (event) => this.onChange(event));
    form.addEventListener("focusout", (event) => this.onFocusOut(event));
    form.addEventListener("submit", (event) => this.onSubmit(event));
    this.evaluate({ byVisitor: false });
    form.classList.remove("leadgate-loading");
    form.classList.add("leadgate-ready");
    form.dataset.leadgateState = "ready";
    form.dispatchEvent(
      new CustomEvent("leadgate:ready", {
        bubbles: true,
        detail: { policy: this.policy.policy, revision: this.policy.revision },
      }),
    );
  }

  fieldOf(element) {
    for (const field of this.fields.values()) if (field.controls.includes(element)) return field;
    return null;
  }

  // A pick (mouse, touch, a select's popup) counts at once and focus
  // follows to the next question. Keyboard choosing (arrow keys or typing in
  // a select or radio group) is still going on: it counts when the visitor
  // presses Enter or Tab, or leaves the question.
  onChange(event) {
    const field = this.fieldOf(event.target);
    if (!field) return;
    const choice = isChoiceControl(event.target);
    if (choice && this.choosing === field) {
      this.uncommitted = true;
      return;
    }
    this.evaluate({ byVisitor: true, moveFocus: choice });
  }

  onFocusOut(event) {
    const field = this.fieldOf(event.target);
    // Arrow keys move focus between the radios of one group: still choosing.
    if (!this.uncommitted || !field || field.controls.includes(event.relatedTarget)) return;
    this.evaluate({ byVisitor: true, moveFocus: false });
  }

  onKeyDown(event) {
    const field = this.fieldOf(event.target);
    if (!field) {
      // Enter in another field (a name, say) moves on rather than submitting
      // a form that is still undecided.
      if (
        event.key === "Enter" &&
        event.target.tagName === "INPUT" &&
        this.decision.decision === "undecided" &&
        this.ask
      ) {
        event.preventDefault();
        this.fields.get(this.ask).focus();
      }
      return;
    }
    if (isChoiceControl(event.target) && CHOOSING_KEYS.test(event.key)) this.choosing = field;
    const enter = event.key === "Enter" && event.target.tagName !== "TEXTAREA";
    if (!enter && !(event.key === "Tab" && !event.shiftKey)) return;
    const decidedBefore = this.decision.decision !== "undecided";
    if (this.evaluate({ byVisitor: true, moveFocus: true })) {
      event.preventDefault();
      return;
    }
    // Enter submits only a decided form; before that it moves on to the
    // question now asked.
    if (enter && !decidedBefore) {
      event.preventDefault();
      if (this.ask && this.ask !== field.fact.id) this.fields.get(this.ask).focus();
    }
  }

  // Collects the facts known now: page facts, then the fields' answers.
  currentFacts(answers = this.readFields()) {
    return { ...this.pageFacts, ...answers };
  }

  // Decides, dropping (and reporting) any value the core rejects so that one
  // bad hidden field cannot stop the form.
  decide(facts) {
    for (let attempt = 0; attempt <= Object.keys(facts).length; attempt++) {
      try {
        return this.qualifier.decideDetail(facts);
      } catch (error) {
        const id = Object.keys(facts).find(
          (key) => error.path === key || error.path?.startsWith(`${key}.`) || error.path?.startsWith(`${key}[`),
        );
        if (!id) throw error;
        console.warn(`leadgate: ignoring ${id}: ${error.message}`);
        delete facts[id];
      }
    }
    throw new Error("no facts could be decided");
  }

  // Asks the core and updates the form. Returns whether focus moved (to a
  // newly revealed question, or to the outcome once decided).
  evaluate({ byVisitor, moveFocus = false }) {
    this.uncommitted = false;
    this.choosing = null;
    const answers = this.readFields();
    const { decision, openFacts } = this.decide(this.currentFacts(answers));
    this.openFacts = openFacts;
    const previousAsk = this.ask;
    this.ask = decision.ask;
    const focused = this.form.ownerDocument.activeElement;
    for (const [id, field] of this.fields) {
      if (field.isHiddenInput) continue;
      const value = answers[id];
      const answered = value !== undefined && !(this.prefilled.has(id) && sameValue(value, this.prefilled.get(id)));
      const visible = field.fact.required || id === this.ask || answered || field.contains(focused);
      field.setVisible(visible);
    }
    let focusTarget = null;
    if (this.ask && this.ask !== previousAsk) {
      this.asked.push(this.ask);
      if (this.asked.length === 1) performance.mark?.("leadgate:first-question");
      const fact = this.factsById.get(this.ask);
      this.announce(`Next question: ${fact.question}`);
      this.form.dataset.leadgateAsk = this.ask;
      this.form.dispatchEvent(
        new CustomEvent("leadgate:ask", { bubbles: true, detail: { fact: this.ask, question: fact.question } }),
      );
      focusTarget = this.fields.get(this.ask);
    } else if (!this.ask) {
      delete this.form.dataset.leadgateAsk;
    }
    const text = JSON.stringify(decision);
    if (text !== this.decisionText) {
      const wasDecided = this.decision && this.decision.decision !== "undecided";
      this.decisionText = text;
      this.decision = decision;
      this.form.dataset.leadgateDecision = decision.decision;
      this.showOutcome(decision);
      if (decision.decision !== "undecided" && !wasDecided) focusTarget = this.outcome;
      this.form.dispatchEvent(new CustomEvent("leadgate:decision", { bubbles: true, detail: decision }));
    }
    const shown = focusTarget === this.outcome ? !this.outcome.hidden : focusTarget?.visible;
    if (byVisitor && moveFocus && shown) {
      focusTarget.focus();
      return true;
    }
    return false;
  }

  showOutcome(decision) {
    const verdict = decision.decision;
    const outcome = verdict === "undecided" ? null : this.policy.outcomes?.[verdict];
    this.outcome.replaceChildren();
    this.outcome.hidden = verdict === "undecided";
    this.outcome.dataset.outcome = verdict;
    if (verdict === "undecided") return;
    const doc = this.form.ownerDocument;
    const message = doc.createElement("p");
    message.className = "leadgate-outcome-message";
    message.textContent =
      outcome?.message ||
      (verdict === "qualified" ? "Thanks! Our team will be in touch shortly." : "Thanks for your answers!");
    this.outcome.append(message);
    if (outcome?.link) {
      const link = doc.createElement("a");
      link.className = "leadgate-outcome-link";
      link.href = outcome.link;
      const attribute = verdict === "qualified" ? "leadgateQualifiedCta" : "leadgateNotQualifiedCta";
      link.textContent = this.form.dataset[attribute] || DEFAULT_CTA[verdict];
      this.outcome.append(link);
    }
    this.announce(message.textContent);
  }

  // After a successful post: say so where the visitor looks, and stop a
  // second submission.
  showSent() {
    const note = this.form.ownerDocument.createElement("p");
    note.className = "leadgate-sent";
    note.textContent = "Thanks! Your answers were sent.";
    this.outcome.hidden ? this.outcome.before(note) : this.outcome.append(note);
    for (const button of this.form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"))
      button.disabled = true;
    this.announce(note.textContent);
  }

  announce(text) {
    // Replacing the text makes screen readers read it even when repeated.
    this.live.textContent = "";
    this.live.textContent = text;
  }

  stampSubmission() {
    const stamp = {
      leadgate_decision: this.decision?.decision ?? "undecided",
      leadgate_policy: this.policy.policy,
      leadgate_revision: String(this.policy.revision),
    };
    for (const [name, value] of Object.entries(stamp)) {
      let input = this.form.querySelector(`input[type=hidden][name="${name}"]`);
      if (!input) {
        input = this.form.ownerDocument.createElement("input");
        input.type = "hidden";
        input.name = name;
        this.form.append(input);
      }
      input.value = value;
    }
  }

  async onSubmit(event) {
    this.evaluate({ byVisitor: false });
    this.stampSubmission();
    const collector = collectorOf(this.form);
    const endpoint = this.form.dataset.leadgateSubmit ?? (collector && `${collector}/v1/forms/{policy}/submit`);
    if (!endpoint) return;
    event.preventDefault();
    const url = endpoint.replace("{policy}", encodeURIComponent(this.policy.policy));
    const fields = {};
    for (const [name, value] of new FormData(this.form)) if (typeof value === "string") fields[name] = value;
    // The collector's form route reads `answers` and `anonymousId` (and
    // re-decides on the server); the rest is context for other receivers.
    const body = {
      answers: this.currentFacts(),
      anonymousId: trackerVisitorId(),
      policy: this.policy.policy,
      revision: this.policy.revision,
      decision: this.decision,
      fields,
    };
    if (!body.anonymousId) delete body.anonymousId;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      let reply = null;
      try {
        reply = await response.json();
      } catch {
        reply = null;
      }
      this.form.dataset.leadgateState = "submitted";
      this.showSent();
      this.form.dispatchEvent(
        new CustomEvent("leadgate:submitted", { bubbles: true, detail: { response: reply, decision: this.decision } }),
      );
    } catch (error) {
      console.warn(`leadgate: submit to ${url} failed: ${error.message}`);
      if (this.form.getAttribute("action")) {
        HTMLFormElement.prototype.submit.call(this.form);
      } else {
        this.announce("Sorry, your answers could not be sent. Please try again.");
        this.form.dataset.leadgateState = "submit-failed";
      }
    }
  }
}
