/* Admin edit page: Markdown preview through the server's sanitiser, a tap-to-pick location map,
   and the listing form's village search box (its datalist refilled from the server as one types). */
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

  var village = document.querySelector("input[data-options-url]");
  var villageList = village && document.getElementById(village.getAttribute("list"));
  if (villageList && window.fetch) {
    var timer = null;
    var asked = 0;
    var offered = function (value) {
      for (var i = 0; i < villageList.options.length; i += 1) {
        if (villageList.options[i].value === value) { return true; }
      }
      return false;
    };
    var refill = function (options) {
      while (villageList.firstChild) { villageList.removeChild(villageList.firstChild); }
      options.forEach(function (found) {
        var option = document.createElement("option");
        option.value = found.slug;  /* names only ever go in as text, never as markup */
        option.label = found.label;
        option.textContent = found.label;
        villageList.appendChild(option);
      });
    };
    village.addEventListener("input", function () {
      window.clearTimeout(timer);
      if (offered(village.value)) { return; }  /* an option was just picked */
      timer = window.setTimeout(function () {
        var ticket = asked += 1;
        var url = village.dataset.optionsUrl + "?q=" + encodeURIComponent(village.value.trim());
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (options) { if (ticket === asked) { refill(options); } })
          .catch(function () { /* signed out or offline: the typed text is checked on save */ });
      }, 200);
    });
  }

  /* A failed save: the summary of what stopped it takes the focus; each link focuses its field. */
  var summary = document.getElementById("error-summary");
  if (summary) {
    var heading = document.getElementById("error-summary-heading");
    heading.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-field]") : null;
      var target = link && document.getElementById(link.dataset.field);
      if (!target) { return; }
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus();
    });
  }

  var picker = document.getElementById("location-picker");
  if (picker && window.L) {
    var lat = document.getElementById(picker.dataset.latField);
    var lon = document.getElementById(picker.dataset.lonField);
    var confirmed = document.getElementById("location_confirmed");
    var start = [parseFloat(picker.dataset.startLat), parseFloat(picker.dataset.startLon)];
    var map = L.map(picker).setView(start, parseInt(picker.dataset.startZoom, 10) || 5);
    L.tileLayer(picker.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
    var marker = lat.value && lon.value ? L.marker(start, { alt: "ตำแหน่งที่เลือก" }).addTo(map) : null;
    /* a confirmation is for one pin: moving the pin asks again */
    var moved = function () { if (confirmed) { confirmed.checked = false; } };
    lat.addEventListener("input", moved);
    lon.addEventListener("input", moved);
    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      moved();
      if (marker) { marker.setLatLng(event.latlng); }
      else { marker = L.marker(event.latlng, { alt: "ตำแหน่งที่เลือก" }).addTo(map); }
    });
    /* no pin yet: a village or tambon chosen meanwhile brings the map to it */
    var recentre = function (query) {
      if (marker || !window.fetch) { return; }
      fetch(picker.dataset.placeUrl + "?" + query, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (place) { if (place && !marker) { map.setView([place.lat, place.lon], place.zoom); } })
        .catch(function () { /* offline: the map stays where it is */ });
    };
    var tambon = document.getElementById("subdistrict");
    if (tambon) {
      tambon.addEventListener("change", function () {
        if (/^[0-9]{6}$/.test(tambon.value.trim())) { recentre("tambon=" + tambon.value.trim()); }
      });
    }
    if (village) {
      village.addEventListener("change", function () {
        if (village.value.trim()) { recentre("village=" + encodeURIComponent(village.value.trim())); }
      });
    }
  }
})();
