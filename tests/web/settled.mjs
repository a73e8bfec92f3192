// When a page has settled, without waiting out a quiet period: every request
// it started has finished (or failed), and none began while it ran its
// tasks and drew a frame. Playwright's "networkidle" waits 500 ms of quiet
// for the same, a page at a time; the browser tests open hundreds of pages.
const tracked = new WeakMap();

function track(page) {
  let state = tracked.get(page);
  if (state) return state;
  state = { inFlight: 0, started: 0, waiters: [] };
  const done = () => {
    state.inFlight -= 1;
    if (state.inFlight === 0) for (const wake of state.waiters.splice(0)) wake();
  };
  page.on("request", () => {
    state.inFlight += 1;
    state.started += 1;
  });
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  tracked.set(page, state);
  return state;
}

/** Starts counting `page`'s requests: call before its first navigation. */
export function trackRequests(page) {
  track(page);
}

/** Resolves once `page` has no request in flight and started none while it ran a frame and its queued tasks. */
export async function settled(page) {
  const state = track(page);
  for (;;) {
    if (state.inFlight > 0) await new Promise((wake) => state.waiters.push(wake));
    const before = state.started;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    if (state.inFlight === 0 && state.started === before) return;
  }
}
