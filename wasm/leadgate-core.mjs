// The JavaScript half of the wasm binding: loads leadgate.mjs/.wasm and wraps
// the flat C functions of wasm/binding.cc. Errors cross the boundary as data;
// this file is the one place where they become thrown LeadgateErrors.
// Works in browsers and in Node (pass wasmBinary there; see docs/wasm.md).

/** Thrown for an invalid policy (`problems` set) or facts (`path` set). */
export class LeadgateError extends Error {
  constructor(message, { path = '', problems = [] } = {}) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  ${p.text}`).join('\n')}` : message);
    this.name = 'LeadgateError';
    this.path = path;
    this.problems = problems;
  }
}

/** One loaded instance of the wasm module. */
export class LeadgateCore {
  constructor(module) {
    this.module = module;
    this.createRaw = module._leadgate_create;
    this.decideRaw = module._leadgate_decide;
    this.decideDetailRaw = module._leadgate_decide_detail;
    this.destroyRaw = module._leadgate_destroy;
  }

  // Calls fn(pointer to a NUL-terminated UTF-8 copy of text) and returns the
  // string the binding answered (copied out before the next call).
  call(fn, text, ...leading) {
    const m = this.module;
    const size = m.lengthBytesUTF8(text) + 1;
    const pointer = m._malloc(size);
    try {
      m.stringToUTF8(text, pointer, size);
      return m.UTF8ToString(fn(...leading, pointer));
    } finally {
      m._free(pointer);
    }
  }

  /** Policy JSON text (or object) -> Qualifier; throws LeadgateError listing every problem. */
  createQualifier(policy) {
    const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
    const answer = JSON.parse(this.call(this.createRaw, text));
    if (!answer.ok) throw new LeadgateError(answer.error, { problems: answer.problems });
    return new Qualifier(this, answer.handle, answer.policy);
  }

  /** Like createQualifier but never throws: {ok, qualifier} or {ok:false, error, problems}. */
  tryCreateQualifier(policyText) {
    const answer = JSON.parse(this.call(this.createRaw, policyText));
    if (!answer.ok) return answer;
    return { ok: true, qualifier: new Qualifier(this, answer.handle, answer.policy) };
  }
}

/** A policy loaded into the core. `description` is the decoded policy's view for forms. */
export class Qualifier {
  constructor(core, handle, description) {
    this.core = core;
    this.handle = handle;
    this.description = description;
  }

  /** Facts (object or JSON text) -> the core's decision JSON text, or its error JSON text. Never throws. */
  decideText(facts) {
    const text = typeof facts === 'string' ? facts : JSON.stringify(facts);
    return this.core.call(this.core.decideRaw, text, this.handle);
  }

  /** Facts -> decision object {decision, points, ask, reasons}; throws LeadgateError on bad facts. */
  decide(facts) {
    return unwrap(JSON.parse(this.decideText(facts)));
  }

  /** Facts -> {decision, open_facts}: the decision plus the facts that could still change it. */
  decideDetail(facts) {
    const text = typeof facts === 'string' ? facts : JSON.stringify(facts);
    const answer = unwrap(JSON.parse(this.core.call(this.core.decideDetailRaw, text, this.handle)));
    return { decision: answer.decision, openFacts: answer.open_facts };
  }

  destroy() {
    this.core.destroyRaw(this.handle);
    this.handle = 0;
  }
}

function unwrap(answer) {
  if (answer.ok === false) throw new LeadgateError(answer.error, { path: answer.path });
  return answer;
}

/**
 * Loads the module. Options: moduleUrl (URL of leadgate.mjs; default: beside
 * this file), wasmBinary (the .wasm bytes; required under Node 20).
 */
export async function loadLeadgate({ moduleUrl, wasmBinary } = {}) {
  const url = moduleUrl ?? new URL('./leadgate.mjs', import.meta.url).href;
  const { default: factory } = await import(url);
  const settings = wasmBinary ? { wasmBinary } : {};
  return new LeadgateCore(await factory(settings));
}

let defaultCore = null;

/** Convenience: createQualifier(policyJson) on a module loaded once with default options. */
export async function createQualifier(policy, options) {
  if (options) return (await loadLeadgate(options)).createQualifier(policy);
  defaultCore ??= loadLeadgate();
  return (await defaultCore).createQualifier(policy);
}
