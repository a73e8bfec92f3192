// leadgate form widget loader: the one script tag a site adds. Finds every
// <form data-leadgate-policy="..."> and hands it to form-widget.mjs (loaded
// from beside this script with the wasm core). Without JavaScript, or if
// anything fails, the form stays the plain HTML form it was.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.WebAssembly || !window.fetch) return;
  var base = new URL(".", script.src).href;

  // Until the widget is ready, enhanced forms are held invisible so visitors
  // do not see every field flash by; a CSS fail-safe reveals them after 4 s
  // whatever happens.
  var style = document.createElement("style");
  style.textContent =
    "form[data-leadgate-policy]:not(.leadgate-ready):not(.leadgate-failed){visibility:hidden;" +
    "animation:leadgate-failsafe 0s linear 4s forwards}" +
    "@keyframes leadgate-failsafe{to{visibility:visible}}";
  document.head.appendChild(style);
  if (!document.querySelector("link[data-leadgate-css]")) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "leadgate-form.css";
    css.setAttribute("data-leadgate-css", "");
    document.head.appendChild(css);
  }

  // Everything the widget needs is requested at once, not one import after
  // another: the modules, the wasm binary and each form's policy.
  function preload(rel, file, as) {
    var link = document.createElement("link");
    link.rel = rel;
    link.href = base + file;
    if (as) {
      link.as = as;
      link.crossOrigin = "anonymous";
    }
    document.head.appendChild(link);
  }

  function fetchPolicy(form) {
    var source = form.getAttribute("data-leadgate-policy") || "";
    if (!source || source.charAt(0) === "#") return null;
    return fetch(source, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("policy " + source + ": HTTP " + response.status);
      return response.text();
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-leadgate-policy]");
    if (!forms.length) return;
    ["form-widget.mjs", "form-fields.mjs", "leadgate-core.mjs", "leadgate.mjs"].forEach(function (file) {
      preload("modulepreload", file);
    });
    preload("preload", "leadgate.wasm", "fetch");
    var policies = [];
    for (var i = 0; i < forms.length; i++) {
      forms[i].classList.add("leadgate-loading");
      policies.push(fetchPolicy(forms[i]));
      // A failed fetch is reported by the widget; do not also log it here.
      if (policies[i]) policies[i].catch(function () {});
    }
    import(base + "form-widget.mjs")
      .then(function (widget) {
        return widget.enhanceAll(forms, policies);
      })
      .catch(function (error) {
        for (var j = 0; j < forms.length; j++) {
          forms[j].classList.remove("leadgate-loading");
          forms[j].classList.add("leadgate-failed");
        }
        console.error("leadgate: widget failed to load: " + error.message);
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
