#!/usr/bin/env node
// The first half of the demo: a lead filling in an example form, one question
// at a time, decided by `leadgate qualify` after every answer. Shows which
// question the core asks next, the point range, and when it stops asking.
//   node scripts/lib/demo-form.mjs LEADGATE_BIN POLICY.json ANSWERS_JSON
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const [bin, policyPath, answersJson] = process.argv.slice(2);
const policy = JSON.parse(readFileSync(policyPath, "utf8"));
const truth = JSON.parse(answersJson);

const qualify = spawn(bin, ["qualify", "--policy", policyPath], { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: qualify.stdout })[Symbol.asyncIterator]();
async function decide(facts) {
  qualify.stdin.write(JSON.stringify(facts) + "\n");
  return JSON.parse((await lines.next()).value);
}

function describe(fact, value) {
  const spec = policy.facts[fact];
  if (value && value.range) {
    const bucket = (spec.choices || []).find((c) => JSON.stringify(c.range) === JSON.stringify(value.range));
    return bucket ? bucket.label : JSON.stringify(value);
  }
  const choice = (spec.choices || []).find((c) => c.value === value);
  return choice && choice.label ? choice.label : String(value);
}

const askable = Object.entries(policy.facts)
  .filter(([, f]) => f.question)
  .map(([id]) => id);
console.log(`Policy "${policy.policy}" revision ${policy.revision}: ${askable.length} questions on the full form.`);
const answers = {};
let asked = 0;
for (;;) {
  const decision = await decide(answers);
  const range = `${decision.points.min}..${decision.points.max} points (bar ${policy.mql.points})`;
  if (!decision.ask) {
    console.log(`\n  => ${decision.decision.toUpperCase()} after ${asked} of ${askable.length} questions, ${range}`);
    for (const reason of decision.reasons) console.log(`     because ${reason.rule}: ${reason.points ?? reason.then}`);
    const outcome = policy.outcomes && policy.outcomes[decision.decision];
    if (outcome) console.log(`     the form shows: "${outcome.message}" ${outcome.link || ""}`);
    break;
  }
  const question = policy.facts[decision.ask].question;
  const value = truth[decision.ask];
  asked += 1;
  console.log(`  ${range}; asks ${decision.ask}: "${question}"  -> ${describe(decision.ask, value)}`);
  answers[decision.ask] = value;
}
qualify.stdin.end();
