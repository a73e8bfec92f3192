// Shows a policy's problems ("path: message", as `leadgate policy check`
// and the API's 422 give them) at the field whose path they name: every
// `.error[data-path]` slot inside a root takes the problems of its path and
// of the paths below it (the longest matching slot wins); the rest go to a
// list. Text only.
import { el, replace } from "./dom.js";

/** "rules[2].if.fact: unknown fact" -> "rules[2].if.fact" ("" when none). */
export function problemPath(problem) {
  const colon = problem.indexOf(": ");
  return colon < 0 ? "" : problem.slice(0, colon);
}

function covers(slotPath, path) {
  return path === slotPath || path.startsWith(`${slotPath}.`) || path.startsWith(`${slotPath}[`);
}

/**
 * Clears every slot under `root`, then shows each problem at its field;
 * `rest` (an element) lists those no slot covers. Returns how many were
 * shown at a field.
 */
export function showProblems(root, problems, rest) {
  const slots = [...root.querySelectorAll(".error[data-path]")];
  for (const slot of slots) {
    slot.textContent = "";
    slot.closest(".field")?.classList.remove("invalid");
  }
  const unplaced = [];
  for (const problem of problems) {
    const path = problemPath(problem);
    const slot = slots
      .filter((s) => path && covers(s.dataset.path, path))
      .sort((a, b) => b.dataset.path.length - a.dataset.path.length)[0];
    if (!slot) {
      unplaced.push(problem);
      continue;
    }
    slot.append(el("span", { class: "problem" }, problem));
    slot.closest(".field")?.classList.add("invalid");
  }
  if (rest)
    replace(
      rest,
      unplaced.map((problem) => el("li", {}, problem)),
    );
  return problems.length - unplaced.length;
}
