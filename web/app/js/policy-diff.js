// A readable difference between two policy revisions: rules added,
// removed and changed (condition, points or gate), facts added, removed or
// changed, the bar (mql.points) moved; conditions in the policy's words
// (account.js). Pure: JSON in, lines out.
import { conditionWords } from "./account.js";

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function effect(rule) {
  if (rule.then === "disqualify") return "disqualifies";
  if (rule.then === "require") return "required";
  return `${rule.points > 0 ? "+" : ""}${rule.points} points`;
}

/**
 * The changes from `before` to `after` as {kind, subject, text} lines,
 * kind one of "added", "removed", "changed".
 *   policyDiff(r1, r2) -> [{kind: "changed", subject: "mql.points", text: "bar moved from 50 to 30 points"}]
 */
export function policyDiff(before, after) {
  const lines = [];
  const barBefore = before?.mql?.points;
  const barAfter = after?.mql?.points;
  if (barBefore !== barAfter)
    lines.push({
      kind: "changed",
      subject: "mql.points",
      text: `bar moved from ${barBefore} to ${barAfter} points (${barAfter < barBefore ? "looser" : "stricter"})`,
    });
  const rulesBefore = new Map((before?.rules ?? []).map((rule) => [rule.id, rule]));
  const rulesAfter = new Map((after?.rules ?? []).map((rule) => [rule.id, rule]));
  for (const [id, rule] of rulesAfter) {
    const old = rulesBefore.get(id);
    if (!old) {
      lines.push({
        kind: "added",
        subject: `rule ${id}`,
        text: `if ${conditionWords(rule.if, after)}: ${effect(rule)}`,
      });
      continue;
    }
    if (!same(old.if, rule.if))
      lines.push({
        kind: "changed",
        subject: `rule ${id}`,
        text: `condition “${conditionWords(old.if, before)}” → “${conditionWords(rule.if, after)}”`,
      });
    if (effect(old) !== effect(rule))
      lines.push({ kind: "changed", subject: `rule ${id}`, text: `${effect(old)} → ${effect(rule)}` });
  }
  for (const [id, rule] of rulesBefore)
    if (!rulesAfter.has(id))
      lines.push({
        kind: "removed",
        subject: `rule ${id}`,
        text: `if ${conditionWords(rule.if, before)}: ${effect(rule)}`,
      });
  const factsBefore = before?.facts ?? {};
  const factsAfter = after?.facts ?? {};
  for (const id of Object.keys(factsAfter)) {
    if (!(id in factsBefore)) lines.push({ kind: "added", subject: `fact ${id}`, text: factsAfter[id].question ?? "" });
    else if (!same(factsBefore[id], factsAfter[id]))
      lines.push({ kind: "changed", subject: `fact ${id}`, text: "question, choices, shares or cost changed" });
  }
  for (const id of Object.keys(factsBefore))
    if (!(id in factsAfter))
      lines.push({ kind: "removed", subject: `fact ${id}`, text: factsBefore[id].question ?? "" });
  return lines;
}
