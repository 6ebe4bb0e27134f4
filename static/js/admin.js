/* Admin edit page: Markdown preview through the server's sanitiser, and a tap-to-pick location map. */
(function () {
  "use strict";
  var csrf = document.querySelector("input[name=csrf_token]");

  var button = document.getElementById("preview-button");
  if (button && window.fetch) {
    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.set("csrf_token", csrf ? csrf.value : "");
      body.set("body", document.getElementById("body").value);
      fetch(button.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { document.getElementById("preview").innerHTML = html; });
    });
  }

  var picker = document.getElementById("location-picker");
  if (picker && window.L) {
    var lat = document.getElementById(picker.dataset.latField);
    var lon = document.getElementById(picker.dataset.lonField);
    var start = lat.value && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)] : [13.0, 101.0];
    var map = L.map(picker).setView(start, lat.value ? 14 : 5);
    L.tileLayer(picker.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
    var marker = lat.value ? L.marker(start, { alt: "ตำแหน่งที่เลือก" }).addTo(map) : null;
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(event.latlng); }
      else { marker = L.marker(event.latlng, { alt: "ตำแหน่งที่เลือก" }).addTo(map); }
    });
  }
})();
