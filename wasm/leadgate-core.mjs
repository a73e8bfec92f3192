// The JavaScript half of the wasm binding: loads leadgate.mjs/.wasm and wraps
// the flat C functions of wasm/binding.cc. Errors cross the boundary as data;
// this file is the one place where they become thrown LeadgateErrors.
// Works in browsers and in Node (pass wasmBinary there; see docs/wasm.md).

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Thrown for an invalid policy (`problems` set) or facts (`path` set). */
export class LeadgateError extends Error {
  constructor(message, { path = "", problems = [] } = {}) {
    super(problems.length ? `${message}:\n${problems.map((p) => `  ${p.text}`).join("\n")}` : message);
    this.name = "LeadgateError";
    this.path = path;
    this.problems = problems;
  }
}

function bytesOf(input) {
  if (input instanceof Uint8Array) return input;
  return encoder.encode(typeof input === "string" ? input : JSON.stringify(input));
}

/** One loaded instance of the wasm module. */
export class LeadgateCore {
  constructor(module) {
    this.module = module;
  }

  // Calls the binding function `name` with (...leading, pointer, length) of
  // a copy of `input` (+ trailing) and returns its answer as bytes, copied
  // out before the next call can overwrite it.
  callBytes(name, input, leading = [], trailing = []) {
    const m = this.module;
    const bytes = bytesOf(input);
    const pointer = m._malloc(bytes.length + 1);
    try {
      m.HEAPU8.set(bytes, pointer);
      m.HEAPU8[pointer + bytes.length] = 0;
      const answer = m[`_${name}`](...leading, pointer, bytes.length, ...trailing);
      return m.HEAPU8.slice(answer, answer + m._leadgate_answer_length());
    } finally {
      m._free(pointer);
    }
  }

  callText(name, input, leading, trailing) {
    return decoder.decode(this.callBytes(name, input, leading, trailing));
  }

  /** Policy JSON (text, bytes or object) -> Qualifier; throws LeadgateError listing every problem. */
  createQualifier(policy) {
    const answer = this.tryCreateQualifier(policy);
    if (!answer.ok) throw new LeadgateError(answer.error, { problems: answer.problems });
    return answer.qualifier;
  }

  /** Like createQualifier but never throws: {ok:true, qualifier} or {ok:false, error, problems}. */
  tryCreateQualifier(policy) {
    const answer = JSON.parse(this.callText("leadgate_create", policy));
    if (!answer.ok) return answer;
    return { ok: true, qualifier: new Qualifier(this, answer.handle, answer.policy) };
  }
}

/**
 * A policy loaded into the core. `description` is the decoded policy as a
 * form needs it: {policy, revision, facts: [{id, type, question, askable,
 * required, builtin, from?, choices?, buckets?}], outcomes}.
 */
export class Qualifier {
  constructor(core, handle, description) {
    this.core = core;
    this.handle = handle;
    this.description = description;
  }

  /** Facts (object, JSON text or bytes) -> decision object; throws LeadgateError on bad facts. */
  decide(facts) {
    return unwrap(JSON.parse(this.decideText(facts)));
  }

  /** Facts -> the core's decision JSON text (DecisionToJson) or {"ok":false,...} text. Never throws. */
  decideText(facts) {
    return this.core.callText("leadgate_decide", facts, [this.handle]);
  }

  /** Facts -> {decision, openFacts}: also the askable facts that could still change it. */
  decideDetail(facts) {
    const answer = unwrap(JSON.parse(this.core.callText("leadgate_decide_detail", facts, [this.handle])));
    return { decision: answer.decision, openFacts: answer.open_facts };
  }

  /**
   * A form's fields ([[name, value], ...] or FormData entries) -> facts, decoded
   * by the core exactly as a plain HTML post; throws LeadgateError naming the field.
   */
  decodeFields(fields) {
    const text = [...fields].map((pair) => pair.map((part) => String(part).replaceAll("\0", "")).join("\0")).join("\0");
    return unwrap(JSON.parse(this.core.callText("leadgate_decode_fields", text, [this.handle]))).facts;
  }

  /** One `leadgate qualify` output line (without newline) as bytes, exactly as the CLI writes it. */
  qualifyLine(lineBytes, lineNumber) {
    return this.core.callBytes("leadgate_qualify_line", lineBytes, [this.handle], [lineNumber]);
  }

  destroy() {
    this.core.module._leadgate_destroy(this.handle);
    this.handle = 0;
  }
}

function unwrap(answer) {
  if (answer.ok === false) throw new LeadgateError(answer.error, { path: answer.path ?? "" });
  return answer;
}

/**
 * Loads the module. Options: moduleUrl (URL of leadgate.mjs; default: beside
 * this file), wasmBinary (the .wasm bytes; required under Node).
 */
export async function loadLeadgate({ moduleUrl, wasmBinary } = {}) {
  const url = moduleUrl ?? new URL("./leadgate.mjs", import.meta.url).href;
  const { default: factory } = await import(url);
  return new LeadgateCore(await factory(wasmBinary ? { wasmBinary } : {}));
}

let defaultCore = null;

/** createQualifier(policy) -> {decide(facts) -> decision}, on a module loaded once. */
export async function createQualifier(policy, options) {
  if (options) return (await loadLeadgate(options)).createQualifier(policy);
  defaultCore ??= loadLeadgate();
  return (await defaultCore).createQualifier(policy);
}
