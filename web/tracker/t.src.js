/* leadgate tracker: a Segment-compatible page event per page view and
   "Page Engaged" events carrying the seconds the page was really visible.
   <script src="https://COLLECTOR/t.js" data-write-key="KEY" async></script>
   Sends to the origin of its own src. Honours Do-Not-Track, Global Privacy
   Control and the site's consent switch (see README.md). No dependencies. */
(function (w, d, n) {
  var s = d.currentScript;
  if (!s || w.leadgate) return;
  var key = s.getAttribute("data-write-key");
  var host = s.getAttribute("data-host") || new URL(s.src, location.href).origin;
  var ID = "lg_aid";
  // The current view's path, address and referrer: the page's own at
  // first, the view before it after a single-page navigation (so only a
  // visit's first view names another site, see docs/collector.md).
  var sentPage = false,
    path = location.pathname,
    href = location.href,
    referrer = d.referrer,
    visibleMs = 0,
    since = null;

  function allowed() {
    var dnt = n.doNotTrack || w.doNotTrack || n.msDoNotTrack;
    if (dnt == "1" || dnt == "yes" || n.globalPrivacyControl === true) return false;
    if (w.leadgateConsent === false) return false;
    return w.leadgateConsent === true || s.getAttribute("data-consent") != "required";
  }

  function uuid() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)),
      h = "";
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1);
    return h;
  }

  // First-party anonymous id: localStorage, else a cookie on this site.
  function anonymousId() {
    var id;
    try {
      id = localStorage.getItem(ID);
    } catch (e) {}
    if (!id) {
      var m = d.cookie.match(/(?:^|; )lg_aid=([^;]+)/);
      id = m && m[1];
    }
    if (!id) {
      id = uuid();
      try {
        localStorage.setItem(ID, id);
      } catch (e) {
        d.cookie = ID + "=" + id + "; Max-Age=31536000; Path=/; SameSite=Lax";
      }
    }
    return id;
  }

  function forget() {
    try {
      localStorage.removeItem(ID);
    } catch (e) {}
    d.cookie = ID + "=; Max-Age=0; Path=/";
  }

  function send(type, body) {
    if (!key || !allowed()) return;
    body.writeKey = key;
    body.anonymousId = anonymousId();
    body.messageId = uuid();
    body.timestamp = new Date().toISOString();
    body.context = {
      page: { path: path, url: href, title: d.title, referrer: referrer, search: location.search },
      userAgent: n.userAgent,
      locale: n.language,
      library: { name: "leadgate-tracker", version: "1" },
    };
    var url = host + "/v1/" + type,
      text = JSON.stringify(body);
    // sendBeacon posts text/plain and survives the page being closed.
    if (!(n.sendBeacon && n.sendBeacon(url, text)))
      fetch(url, {
        method: "POST",
        body: text,
        keepalive: true,
        mode: "no-cors",
        headers: { "Content-Type": "text/plain" },
      }).catch(function () {});
  }

  function page() {
    sentPage = true;
    send("page", {
      name: d.title,
      properties: { path: path, url: href, title: d.title, referrer: referrer, search: location.search },
    });
  }

  function visible() {
    return d.visibilityState == "visible";
  }

  function pause() {
    if (since != null) {
      visibleMs += Date.now() - since;
      since = null;
    }
  }

  // Whole seconds go out; the remainder waits for the next flush.
  function flush() {
    pause();
    var seconds = Math.floor(visibleMs / 1000);
    if (seconds > 0) {
      visibleMs -= seconds * 1000;
      send("track", { event: "Page Engaged", properties: { path: path, seconds: seconds } });
    }
    if (visible()) since = Date.now();
  }

  // Single-page apps: a new path is a new page view.
  function navigated() {
    if (location.pathname == path) return;
    flush();
    visibleMs = 0;
    referrer = href;
    href = location.href;
    path = location.pathname;
    page();
  }
  ["pushState", "replaceState"].forEach(function (f) {
    var o = history[f];
    history[f] = function () {
      var r = o.apply(this, arguments);
      navigated();
      return r;
    };
  });
  w.addEventListener("popstate", navigated);

  d.addEventListener("visibilitychange", function () {
    visible() ? (since = since || Date.now()) : flush();
  });
  w.addEventListener("pagehide", flush);

  w.leadgate = {
    // The site's consent switch: consent(true) starts tracking when the tag
    // has data-consent="required"; consent(false) stops it and forgets the id.
    consent: function (granted) {
      w.leadgateConsent = !!granted;
      if (!granted) {
        forget();
        visibleMs = 0;
        return;
      }
      if (!sentPage) page();
    },
    flush: flush,
  };

  if (visible()) since = Date.now();
  if (allowed()) page();
})(window, document, navigator);
