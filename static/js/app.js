/* Copy-link buttons, and the service worker that keeps opened and saved pages readable offline. */
(function () {
  "use strict";
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = button.closest(".share").querySelector(".copy-status");
      var done = function () { status.textContent = button.dataset.done; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(button.dataset.url).then(done, function () {
          window.prompt("", button.dataset.url);
        });
      } else {
        window.prompt("", button.dataset.url);
      }
    });
  });

  if (!("serviceWorker" in navigator) || !("caches" in window) ||
      location.pathname.indexOf("/admin") !== -1) {
    return;
  }
  // A page that loaded before any worker controlled it (the first page of a visit, e.g. a
  // village opened from a LINE link) was not stored: once the worker is ready, ask it to.
  var uncontrolled = !navigator.serviceWorker.controller;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  /* Ask the worker to store URLs; resolves to {saved, failed}, rejects after a minute. */
  function saveForOffline(urls) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage({ type: "save", urls: urls }, [channel.port2]);
        setTimeout(reject, 60000);
      });
    });
  }

  /* This page, the same-origin files it loaded, and its map document. */
  function thisPage() {
    var urls = [location.href.split("#")[0]];
    performance.getEntriesByType("resource").forEach(function (entry) {
      if (entry.name.indexOf(location.origin + "/") === 0) { urls.push(entry.name); }
    });
    document.querySelectorAll("iframe.map-frame").forEach(function (frame) { urls.push(frame.src); });
    return urls;
  }

  if (uncontrolled) {
    var loaded = new Promise(function (resolve) {
      if (document.readyState === "complete") { resolve(); } else { window.addEventListener("load", resolve); }
    });
    loaded.then(function () { return saveForOffline(thisPage()); }).catch(function () {});
  }

  // "Save for offline" on village pages: the village, its listings and its map, listed by the
  // page. Shown once the worker is ready, so a browser that blocks it never sees the button.
  document.querySelectorAll(".save-offline").forEach(function (box) {
    var button = box.querySelector("button"), status = box.querySelector(".save-offline-status");
    navigator.serviceWorker.ready.then(function () { box.hidden = false; });
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = box.dataset.saving;
      saveForOffline(box.dataset.urls.split(" ").filter(Boolean)).then(function (result) {
        status.textContent = result.failed ? box.dataset.failed :
          box.dataset.saved.replace("{n}", result.saved);
      }, function () {
        status.textContent = box.dataset.failed;
      }).then(function () { button.disabled = false; });
    });
  });
})();
