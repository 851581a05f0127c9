/* weakties: the service worker that keeps the site readable offline (see webapp.py).

   Network first: while the site answers, every page is fetched fresh (so `ties serve` and a
   rebuilt site always show the latest) and a copy is kept; without a network the kept copy is
   shown. Only requests inside the site's own folder are handled, never ties serve's live-reload
   channel, and no answer marked `Cache-Control: no-store` (all of ties serve's) is kept. An encrypted site's files are kept as they are served: encrypted. */
"use strict";

var CACHE = "weakties-1";
var SCOPE = self.registration.scope;
var FIRST = ["", "index.html", "assets/style.css", "assets/site.js", "assets/icon.svg"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(FIRST.map(function (path) {
      return fetch(new URL(path, SCOPE)).then(function (response) {
        if (keepable(response)) return cache.put(new URL(path, SCOPE).href, response);
      }).catch(function () {}); // absent in an encrypted site
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("weakties-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A copy is kept of a page of the site, but not of one that asks to be kept nowhere, as all of
// ties serve's do (its pages carry the secret that lets them edit your files).
function keepable(response) {
  return response.ok && response.type === "basic" && !/no-store/.test(response.headers.get("Cache-Control") || "");
}

function offlinePage() {
  var html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<meta name=\"color-scheme\" content=\"light dark\"><title>Offline</title>" +
    "<link rel=\"icon\" href=\"" + SCOPE + "assets/icon.svg\" type=\"image/svg+xml\">" +
    "<link rel=\"stylesheet\" href=\"" + SCOPE + "assets/style.css\"></head><body><main id=\"main\">" +
    "<h1>Offline</h1><p>This page was not opened on this device before the connection went, so " +
    "there is no copy of it here. Pages you have opened before can be read offline.</p>" +
    "<p><a href=\"" + SCOPE + "index.html\">Back to the dashboard</a></p></main></body></html>";
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var url = new URL(request.url);
  if (url.pathname.indexOf("/__ties__/") !== -1) return;
  var key = url.origin + url.pathname; // one copy of a page, whatever its ?q=
  event.respondWith(fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(key, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (kept) {
      return kept || (request.mode === "navigate" ? offlinePage() : Response.error());
    });
  }));
});
