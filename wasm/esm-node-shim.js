// Prepended to leadgate.mjs (--extern-pre-js): Emscripten 3.1.6's Node branch
// expects CommonJS names (__dirname, require) that an ES module lacks. Inert
// in browsers. Under Node, still pass `wasmBinary` to the factory.
var __dirname =
  typeof process == "object" && process.versions && process.versions.node
    ? decodeURIComponent(new URL(".", import.meta.url).pathname)
    : "";
var require =
  typeof process == "object" && typeof process.getBuiltinModule == "function"
    ? process.getBuiltinModule("module").createRequire(import.meta.url)
    : undefined;
