// A check of the app's bar charts (web/app/js/chart.js) for the browser
// tests: their labels never overlap, and a label cut to fit ends in "…"
// with the whole label in its tooltip.
import assert from "node:assert/strict";

/** The chart's labels at `url` do not overlap; a cut one ends in "…" and keeps the whole in its tooltip. */
export async function assertLabelsApart(page, url) {
  await page.goto(url);
  const labels = page.locator("figure.chart text.label");
  await labels.first().waitFor();
  const boxes = await labels.evaluateAll((texts) =>
    texts.map((text) => {
      const box = text.getBoundingClientRect();
      return {
        left: box.left,
        right: box.right,
        shown: text.firstChild.textContent,
        whole: text.querySelector("title").textContent,
      };
    }),
  );
  assert.ok(boxes.length >= 2, JSON.stringify(boxes));
  for (const [i, box] of boxes.entries()) {
    assert.ok(
      box.shown === box.whole || (box.shown.endsWith("…") && box.whole.startsWith(box.shown.slice(0, -1))),
      JSON.stringify(box),
    );
    if (i) assert.ok(boxes[i - 1].right <= box.left, `"${boxes[i - 1].shown}" overlaps "${box.shown}"`);
  }
}
