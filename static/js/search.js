/* Autocomplete for every search box that has data-suggest: an ARIA 1.2 combobox (the input) with
   a listbox of suggestions from /api/v1/suggest (under /en/ on English pages), in three groups:
   - places (provinces, districts): choosing one opens its page (a province) or its search;
   - titles of villages, products and articles: choosing one opens the item's page;
   - words: choosing one fills the box and searches.
   Keys: ArrowDown/ArrowUp move through the list, Enter chooses, Escape closes; a click or a tap
   chooses. Works mid-word: "แม่กำป" completes to แม่กำปอง. Without JavaScript the box is a plain
   search box (the listbox stays hidden). */
(function () {
  "use strict";
  var english = document.documentElement.lang === "en";

  function wire(input) {
    var list = document.getElementById(input.getAttribute("aria-controls") || "");
    var form = input.form;
    if (!list || !form || !window.fetch) { return; }
    var status = document.getElementById(list.id + "-status");
    var timer = null, last = "", controller = null, options = [], active = -1;

    // a combobox is an <input type=text> (ARIA in HTML allows the role there, not on
    // type=search); the phone keyboard keeps its search key
    input.type = "text";
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = -1;
    }

    function open() {
      if (!options.length) { close(); return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (index < 0) { input.removeAttribute("aria-activedescendant"); return; }
      var option = options[index];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      if (option.scrollIntoView) { option.scrollIntoView({ block: "nearest" }); }
    }

    function choose(option) {
      var href = option.getAttribute("data-href");
      close();
      if (href) { window.location.assign(href); return; }
      input.value = option.getAttribute("data-value");
      last = input.value.trim();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }

    function option(text, detail, href, value) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.id = list.id + "-" + options.length;
      item.className = "suggestion";
      var main = document.createElement("span");
      main.textContent = text;
      item.appendChild(main);
      if (detail) {
        var small = document.createElement("span");
        small.className = "suggestion-detail";
        small.textContent = detail;
        item.appendChild(small);
      }
      if (href) { item.setAttribute("data-href", href); } else { item.setAttribute("data-value", value); }
      options.push(item);
      return item;
    }

    function group(label, items) {
      if (!items.length) { return; }
      var box = document.createElement("li");
      box.setAttribute("role", "presentation");
      var inner = document.createElement("ul");
      inner.setAttribute("role", "group");
      var heading = document.createElement("li");
      heading.setAttribute("role", "presentation");
      heading.className = "suggestion-group";
      heading.id = list.id + "-group-" + list.children.length;
      heading.textContent = label;
      inner.setAttribute("aria-labelledby", heading.id);
      inner.appendChild(heading);
      items.forEach(function (item) { inner.appendChild(item); });
      box.appendChild(inner);
      list.appendChild(box);
    }

    function show(data) {
      // a list that arrives while an option is highlighted keeps that option highlighted
      var kept = active >= 0 && options[active] ? options[active].textContent : null;
      close();
      list.textContent = "";
      options = [];
      var seen = {};
      var places = (data.places || []).map(function (p) {
        return option(p.label, p.kind === "district" ? p.province_name : "", p.url);
      });
      var titles = (data.titles || []).map(function (t) {
        seen[t.title] = true;
        return option(english && t.title_en ? t.title_en : t.title, "", t.url);
      });
      var terms = (data.terms || []).filter(function (w) { return !seen[w]; }).map(function (w) {
        return option(w, "", null, w);
      });
      group(list.getAttribute("data-places"), places);
      group(list.getAttribute("data-titles"), titles);
      group(list.getAttribute("data-terms"), terms);
      if (status) {
        status.textContent = options.length ?
          (status.getAttribute("data-count") || "").replace("%(n)s", options.length) : "";
      }
      if (document.activeElement === input) {
        open();
        for (var i = 0; kept !== null && i < options.length; i += 1) {
          if (options[i].textContent === kept) { highlight(i); break; }
        }
      }
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2) { last = ""; close(); return; }
        if (q === last) { open(); return; }
        last = q;
        if (controller) { controller.abort(); }
        controller = window.AbortController ? new AbortController() : null;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q),
              controller ? { signal: controller.signal } : {})
          .then(function (r) { return r.ok ? r.json() : {}; })
          .then(show)
          .catch(function () { /* offline or aborted: keep typing */ });
      }, 120);
    });

    input.addEventListener("keydown", function (event) {
      var count = options.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) { return; }
        event.preventDefault();
        if (list.hidden) { open(); }
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count;
        highlight(next);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(options[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Tab") {
        close();
      }
    });

    // a press on the list keeps the focus in the box; the click (or tap) then chooses
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var item = event.target.closest ? event.target.closest("[role=option]") : null;
      if (item) { choose(item); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
    input.addEventListener("focus", function () { if (input.value.trim() === last) { open(); } });
  }

  document.querySelectorAll("input[data-suggest]").forEach(wire);
})();
