// leadgate form widget loader: the one script tag a site adds. Finds every
// <form data-leadgate-policy="..."> and hands it to form-widget.mjs (loaded
// from beside this script with the wasm core). Without JavaScript, or if
// anything fails, the form stays the plain HTML form it was.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.WebAssembly || !window.fetch) return;
  var base = new URL('.', script.src).href;

  // Until the widget is ready, enhanced forms are held invisible so visitors
  // do not see every field flash by; a CSS fail-safe reveals them after 4 s
  // whatever happens.
  var style = document.createElement('style');
  style.textContent =
    'form[data-leadgate-policy]:not(.leadgate-ready):not(.leadgate-failed){visibility:hidden;' +
    'animation:leadgate-failsafe 0s linear 4s forwards}' +
    '@keyframes leadgate-failsafe{to{visibility:visible}}';
  document.head.appendChild(style);
  if (!document.querySelector('link[data-leadgate-css]')) {
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + 'leadgate-form.css';
    css.setAttribute('data-leadgate-css', '');
    document.head.appendChild(css);
  }

  function start() {
    var forms = document.querySelectorAll('form[data-leadgate-policy]');
    if (!forms.length) return;
    for (var i = 0; i < forms.length; i++) forms[i].classList.add('leadgate-loading');
    import(base + 'form-widget.mjs').then(function (widget) {
      return widget.enhanceAll(forms);
    }).catch(function (error) {
      for (var j = 0; j < forms.length; j++) {
        forms[j].classList.remove('leadgate-loading');
        forms[j].classList.add('leadgate-failed');
      }
      console.error('leadgate: widget failed to load: ' + error.message);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
