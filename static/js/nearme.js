/* "ใกล้ฉัน / near me" (templates/_near_me.html): shown only where the browser has geolocation;
   asks for the location only when tapped, then opens /search sorted by distance with the page's
   filters. The position goes into that URL only, rounded to 3 decimals (about 100 m): nothing is
   stored or sent anywhere else. Without permission or a fix, a message says what to do instead
   and the button stays usable. */
(function () {
  "use strict";
  if (!("geolocation" in navigator)) { return; }

  function rounded(degrees) {
    return String(Math.round(degrees * 1000) / 1000);
  }

  function targetUrl(button, coords) {
    var params = new URLSearchParams(button.dataset.params || "");
    params.delete("page");
    params.set("lat", rounded(coords.latitude));
    params.set("lon", rounded(coords.longitude));
    params.set("sort", "nearest");
    return button.dataset.target + "?" + params.toString();
  }

  document.querySelectorAll("button.near-me").forEach(function (button) {
    var box = button.closest(".near-me-box");
    var status = box ? box.querySelector(".near-me-status") : null;
    var busy = false;
    function say(text) { if (status) { status.textContent = text || ""; } }
    function ready() {
      busy = false;
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }

    button.addEventListener("click", function () {
      if (busy) { return; }
      busy = true;
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      say(button.dataset.msgAsking);
      navigator.geolocation.getCurrentPosition(function (position) {
        window.location.assign(targetUrl(button, position.coords));
      }, function (error) {
        ready();
        say(error && error.code === 1 ? button.dataset.msgDenied : button.dataset.msgUnavailable);
        button.focus();
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });

    // Back from the results (a page restored from the back/forward cache): usable again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { ready(); say(""); }
    });
    button.hidden = false;
  });
})();
