// A readable difference between two policy revisions: rules added,
// removed and changed (condition, points or gate), facts added, removed or
// changed, the bar (mql.points) moved. Pure: JSON in, lines out.

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function effect(rule) {
  if (rule.then) return rule.then;
  return `${rule.points > 0 ? "+" : ""}${rule.points} points`;
}

function condition(node) {
  if (!node || typeof node !== "object") return String(node);
  if (node.all) return `all of (${node.all.map(condition).join("; ")})`;
  if (node.any) return `any of (${node.any.map(condition).join("; ")})`;
  if (node.not) return `not (${condition(node.not)})`;
  const tests = Object.entries(node)
    .filter(([key]) => key !== "fact")
    .map(([op, value]) => `${op} ${JSON.stringify(value)}`);
  return `${node.fact} ${tests.join(" and ")}`;
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
      lines.push({ kind: "added", subject: `rule ${id}`, text: `if ${condition(rule.if)}: ${effect(rule)}` });
      continue;
    }
    if (!same(old.if, rule.if))
      lines.push({
        kind: "changed",
        subject: `rule ${id}`,
        text: `condition ${condition(old.if)} → ${condition(rule.if)}`,
      });
    if (effect(old) !== effect(rule))
      lines.push({ kind: "changed", subject: `rule ${id}`, text: `${effect(old)} → ${effect(rule)}` });
  }
  for (const [id, rule] of rulesBefore)
    if (!rulesAfter.has(id))
      lines.push({ kind: "removed", subject: `rule ${id}`, text: `if ${condition(rule.if)}: ${effect(rule)}` });
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
