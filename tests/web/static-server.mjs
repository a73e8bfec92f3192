// A small static HTTP server for the browser tests and benchmarks: serves a
// folder (following symlinks, as examples/site/ uses them) on 127.0.0.1 at a
// free port, plus extra in-memory pages, and records form submissions.
import { createServer } from "node:http";
import { readFile, realpath } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

/**
 * Starts the server. root: folder to serve; pages: {"/path": "html"}.
 * Resolves to {url, submissions, close()}; submissions collects every POST
 * as {path, contentType, body}.
 */
export async function startStaticServer({ root, pages = {} }) {
  const base = resolve(root);
  const submissions = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (process.env.LEADGATE_LOG_REQUESTS) console.error(request.method, path);
    if (request.method === "POST") {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      submissions.push({
        path,
        contentType: request.headers["content-type"] ?? "",
        body: Buffer.concat(chunks).toString(),
      });
      const wantsJson = (request.headers["content-type"] ?? "").startsWith("application/json");
      response.writeHead(200, { "Content-Type": wantsJson ? TYPES[".json"] : TYPES[".html"] });
      response.end(
        wantsJson
          ? '{"ok":true}'
          : '<!doctype html><link rel="icon" href="data:,"><title>Thanks</title><h1 id="thanks">Thanks!</h1>',
      );
      return;
    }
    if (pages[path] !== undefined) {
      response.writeHead(200, { "Content-Type": TYPES[".html"] });
      response.end(pages[path]);
      return;
    }
    const relative = path.endsWith("/") ? `${path}index.html` : path;
    const file = join(base, relative);
    // Reject paths that climb out of the root (symlinks inside it are fine).
    if (!(file === base || file.startsWith(base + sep))) return notFound(response);
    try {
      const body = await readFile(await realpath(file));
      response.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": "no-store",
      });
      response.end(body);
    } catch {
      notFound(response);
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    submissions,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections?.();
        server.close(done);
      }),
  };
}

function notFound(response) {
  response.writeHead(404, { "Content-Type": "text/plain" });
  response.end("not found");
}
