// The index of the example site. Served by a collector (leadgate serve
// --site-dir), it lists only the forms whose policy that collector serves:
// another policy's form would be refused. On a static server, where no
// form route answers, it lists every form.
const items = [...document.querySelectorAll("[data-policy-id]")];

async function served(item) {
  try {
    const response = await fetch(`/v1/forms/${encodeURIComponent(item.dataset.policyId)}/policy`);
    return response.ok;
  } catch {
    return false;
  }
}

const answers = await Promise.all(items.map(served));
if (answers.some(Boolean)) {
  items.forEach((item, i) => {
    item.hidden = !answers[i];
  });
  document.getElementById("unserved").hidden = !answers.includes(false);
}
