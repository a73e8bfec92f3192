// Test harness for the tracker (web/tracker/t.js): a recording collector
// stand-in that serves /t.js and records every POST /v1/*, and a site on a
// second origin whose pages include the tag. Both on 127.0.0.1, free ports.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..", "..");
export const trackerPath = join(root, "web", "tracker", "t.js");

function listen(server) {
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(`http://127.0.0.1:${server.address().port}`)));
}

/** Records {path, contentType, origin, body} per POST; waitFor(predicate) resolves on the first match. */
export async function startRecorder() {
  const events = [];
  const waiters = [];
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    if (request.method === "GET" && path === "/t.js") {
      response.writeHead(200, { "content-type": "application/javascript; charset=utf-8" });
      response.end(readFileSync(trackerPath));
      return;
    }
    if (request.method === "POST" && path.startsWith("/v1/")) {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      let body = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        body = { unparsable: true };
      }
      const event = {
        path,
        contentType: request.headers["content-type"] ?? "",
        origin: request.headers.origin ?? "",
        body,
      };
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
      response.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      response.end('{"success":true}');
      return;
    }
    response.writeHead(404).end();
  });
  const url = await listen(server);
  return {
    url,
    events,
    waitFor(predicate) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    close: () => new Promise((done) => server.close(done)),
  };
}

/** Serves any path as a page that includes the tracker tag with `attributes`. */
export async function startSite(collectorUrl, attributes = 'data-write-key="KEY"') {
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    if (path === "/favicon.ico") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><title>Page ${path}</title><h1>${path}</h1>
<script src="${collectorUrl}/t.js" ${attributes} async></script>`);
  });
  const url = await listen(server);
  return { url, close: () => new Promise((done) => server.close(done)) };
}

/**
 * Makes the page hidden or visible as far as the Page Visibility API says and
 * fires visibilitychange. Headless Chromium keeps every page visible, so the
 * state is emulated; the tracker's reaction is what is under test.
 */
export async function setVisibility(page, state) {
  await page.evaluate((next) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => next });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => next === "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
}
