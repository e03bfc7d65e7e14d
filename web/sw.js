// Hearth's service worker. It does one thing: when the network is gone, a
// page the member opens is answered with the offline page, which holds
// the crisis lines of their country in their language, ready to call or
// text. It keeps nothing else: no page of a member's, no answer of the
// server's but the offline page, the assets that page needs and the app's
// manifest (which the browser asks for offline too). The server writes
// the list of those assets (hashed names) into this file, so a new release
// is a new worker, which replaces the old one and its cache.
"use strict";

var ASSETS = ["/*assets*/"];
var OFFLINE = "/offline";
var CACHE = "hearth-offline " + ASSETS.join(" ");

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll([OFFLINE].concat(ASSETS));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The offline page follows the member's language and country. It is
// fetched again after a page the member opens: at once when the page's
// language is not the kept copy's, when it is the help page asked about a
// country (whose lines it then keeps: the kept copy's address remembers
// which) or the settings (whose country then counts again), and otherwise
// at most once a minute.
var fetchedAt = 0;
function refreshOffline(url, res) {
  var country = url.pathname === "/help" ? url.searchParams.get("country") || "" : "";
  var now = country || url.pathname === "/settings";
  return caches.open(CACHE).then(function (cache) {
    return cache.match(OFFLINE).then(function (kept) {
      var lang = res.headers.get("Content-Language");
      if (!now && kept && (!lang || kept.headers.get("Content-Language") === lang) && Date.now() - fetchedAt < 60000) { return; }
      fetchedAt = Date.now();
      var c = country;
      if (!c && kept && kept.url && url.pathname !== "/settings") { c = new URL(kept.url).searchParams.get("country") || ""; }
      return fetch(c ? OFFLINE + "?country=" + encodeURIComponent(c) : OFFLINE, { credentials: "same-origin" }).then(function (fresh) {
        if (fresh.ok) { return cache.put(OFFLINE, fresh); }
      });
    });
  }).catch(function () { /* offline again: keep the copy there is */ });
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).then(function (res) {
      event.waitUntil(refreshOffline(url, res));
      return res;
    }, function () {
      return caches.match(OFFLINE).then(function (page) { return page || Response.error(); });
    }));
    return;
  }
  if (url.pathname === "/manifest.webmanifest") {
    // The app's manifest, in the member's language: from the network, the
    // last copy when there is none.
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(req, copy); }));
      }
      return res;
    }, function () {
      return caches.match(req).then(function (kept) { return kept || Response.error(); });
    }));
    return;
  }
  if (ASSETS.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
  }
});
