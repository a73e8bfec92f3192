// The app's door to the core: the same WebAssembly build and binding the
// form widget uses (served at /app/assets/widget/ from scripts/build-wasm's
// build/wasm), loaded once. The policy editor validates and simulates only
// through here, so the app never checks or decides a policy in JavaScript.

export const WIDGET_BASE = "/app/assets/widget/";

let corePromise = null;

/** The loaded core (LeadgateCore of leadgate-core.mjs). */
export function loadCore() {
  corePromise ??= import(`${WIDGET_BASE}leadgate-core.mjs`).then((binding) => binding.loadLeadgate());
  return corePromise;
}

/**
 * Validates a policy object as `leadgate policy check` does:
 * {ok: true, qualifier} (the caller destroys it) or
 * {ok: false, problems: ["path: message", ...]}.
 */
export async function checkPolicy(policy) {
  const core = await loadCore();
  const answer = core.tryCreateQualifier(JSON.stringify(policy));
  if (answer.ok) return { ok: true, qualifier: answer.qualifier };
  const problems = (answer.problems ?? []).map((problem) => problem.text);
  return { ok: false, problems: problems.length ? problems : [`${answer.path ?? ""}: ${answer.error}`] };
}
