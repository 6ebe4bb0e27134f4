/* Click ชุมชน service worker: pages a visitor opened or saved stay readable offline.
 *
 * - Pages (navigations, map documents in their iframe too): network first, the cached copy offline.
 * - /static and /media assets (also under /en/): cache first.
 * - Map tiles from the tile server: cache first, in a cache of their own kept to TILE_LIMIT tiles.
 * - Pages post {type: "save", urls} to store URLs: the first page of a visit (which loaded before
 *   this worker controlled it) and the village "save for offline" button (see app.js).
 * Only an allow-list of public paths is cached (PUBLIC): never staff pages (under any spelling),
 * API answers, or an answer marked no-store or private.
 */
"use strict";
var VERSION = "cdd-v3";          // pages and assets; a new version drops every older cache
var TILES = "cdd-tiles-v1";      // map tiles, kept across page versions
// Tiles are opaque when the tile server sends no CORS header, and an opaque response's size
// cannot be read, so the cap counts tiles: 400 OpenStreetMap tiles (256 px PNG, about 25 KB
// each on average) is about 10 MB.
var TILE_LIMIT = 400;
// The tile server's origin ("https://*.example.org" for {s} subdomains), written in by /sw.js
// from TILE_URL; left as is (no tiles recognised) when this file is read from /static.
var TILE_ORIGIN = "__TILE_ORIGIN__";
var OFFLINE_PAGES = ["/offline", "/en/offline"];
var ASSET = /^\/(en\/)?(static|media)\//;
var trimming = Promise.resolve();

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all(OFFLINE_PAGES.map(save)));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== VERSION && k !== TILES; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// Only these public paths are ever stored (an allow-list: a page under any other spelling, the
// staff pages and the API never are), and only answers that allow storing.
var PUBLIC = /^\/(en$|(en\/)?(villages\/|listings\/|articles\/|provinces\/[0-9]+$|maps\/|static\/|media\/|search$|map$|offline$|$))/;

function cacheable(url) {
  return url.origin === self.location.origin && PUBLIC.test(url.pathname) &&
    url.pathname.indexOf("//") === -1 && url.pathname.indexOf("%") === -1;
}

function storable(response) {
  return response.ok && !/no-store|private/i.test(response.headers.get("Cache-Control") || "");
}

function isTile(url) {
  var wild = TILE_ORIGIN.split("*.");
  if (wild.length === 1) { return url.origin === TILE_ORIGIN; }
  return url.protocol + "//" === wild[0] && url.host.slice(-wild[1].length - 1) === "." + wild[1];
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET") { return; }
  if (isTile(url)) {
    event.respondWith(tile(event));
  } else if (!cacheable(url)) {
    return;
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (ASSET.test(url.pathname)) {
    event.respondWith(asset(event));
  }
});

/* Network first; offline, the stored copy or the offline page in the page's language. */
function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (storable(response)) { event.waitUntil(put(VERSION, request, response.clone())); }
    return response;
  }).catch(function () {
    var english = /^\/en(\/|$)/.test(new URL(request.url).pathname);
    return caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || caches.match(english ? "/en/offline" : "/offline");
    });
  });
}

/* Cache first: asset URLs carry a content hash (?v=…), media names are content hashes. */
function asset(event) {
  var request = event.request;
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (storable(response)) { event.waitUntil(put(VERSION, request, response.clone())); }
      return response;
    });
  });
}

/* Cache first. Asked for with CORS (measurable, and Chrome counts an opaque response as
 * megabytes of quota); a tile server without CORS headers still works, opaquely. */
function tile(event) {
  var request = event.request;
  return caches.open(TILES).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) { return hit; }
      return fetch(request.url, { mode: "cors", credentials: "omit" }).catch(function () {
        return fetch(request);
      }).then(function (response) {
        if (response.ok || response.type === "opaque") {
          event.waitUntil(cache.put(request, response.clone()).then(trimTiles));
        }
        return response;
      });
    });
  });
}

/* Drop the oldest tiles beyond TILE_LIMIT (cache keys come in the order they were stored).
 * Trims run one after another, so parallel tile loads never delete more than needed; each
 * looks again after deleting, as tiles stored meanwhile may have pushed the cache over again. */
function trimTiles() {
  trimming = trimming.then(function () {
    return caches.open(TILES).then(function (cache) {
      function round(left) {
        return cache.keys().then(function (keys) {
          var extra = keys.length - TILE_LIMIT;
          if (extra <= 0 || left === 0) { return null; }
          return Promise.all(keys.slice(0, extra).map(function (key) { return cache.delete(key); }))
            .then(function () { return round(left - 1); });
        });
      }
      return round(5);
    });
  }).catch(function () {});
  return trimming;
}

function put(name, request, response) {
  return caches.open(name).then(function (cache) { return cache.put(request, response); })
    .catch(function () {});  // storage full: the page still works online
}

/* Fetch a URL and store it; an HTML page also gets its /static and /media assets (styles,
 * scripts, Leaflet in a map document, photos) unless they are stored already. */
function save(url) {
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    if (!storable(response) || response.redirected) { throw new Error("not saved: " + url); }
    var copy = response.clone();
    var stored = caches.open(VERSION).then(function (cache) { return cache.put(url, copy); });
    if ((response.headers.get("Content-Type") || "").indexOf("text/html") !== 0) { return stored; }
    return Promise.all([stored, response.text().then(saveAssets)]);
  });
}

function saveAssets(html) {
  var found = {}, pattern = /["\s,](\/(?:en\/)?(?:static|media)\/[^"\s,]+)/g, match;
  while ((match = pattern.exec(html))) { found[match[1].replace(/&amp;/g, "&")] = true; }
  return Promise.all(Object.keys(found).map(function (url) {
    return caches.match(url).then(function (hit) {
      return hit || save(url).catch(function () {});  // a missing photo never fails the page
    });
  }));
}

/* {type: "save", urls: [...]}: store each same-origin public URL; reply {saved, failed}. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "save" || !Array.isArray(data.urls)) { return; }
  var urls = data.urls.map(function (url) { return new URL(url, self.location); })
    .filter(cacheable);
  var result = { saved: 0, failed: data.urls.length - urls.length };
  event.waitUntil(Promise.all(urls.map(function (url) {
    return save(url.href).then(function () { result.saved += 1; },
      function () { result.failed += 1; });
  })).then(function () {
    if (event.ports[0]) { event.ports[0].postMessage(result); }
  }));
});
