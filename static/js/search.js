/* Autocomplete for every search box that has data-suggest: titles and words from /api/v1/suggest,
   shown through the input's <datalist>. Works mid-word: "แม่กำป" completes to แม่กำปอง. */
(function () {
  "use strict";
  function wire(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !window.fetch) { return; }
    var timer = null, last = "", controller = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q === last || q.length < 2) { return; }
        last = q;
        if (controller) { controller.abort(); }
        controller = window.AbortController ? new AbortController() : null;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q),
              controller ? { signal: controller.signal } : {})
          .then(function (r) { return r.ok ? r.json() : { titles: [], terms: [] }; })
          .then(function (data) {
            list.textContent = "";
            var seen = {};
            data.titles.map(function (t) { return t.title; }).concat(data.terms)
              .forEach(function (text) {
                if (seen[text]) { return; }
                seen[text] = true;
                var option = document.createElement("option");
                option.value = text;
                list.appendChild(option);
              });
          })
          .catch(function () { /* offline or aborted: keep typing */ });
      }, 120);
    });
  }
  document.querySelectorAll("input[data-suggest]").forEach(wire);
})();
