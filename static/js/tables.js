/* Sortable dashboard tables (tables marked data-sortable): each column header becomes a button;
   a click (or Enter, Space) sorts the body's rows by that column, ascending then descending,
   and says so with aria-sort. Thai text in Thai dictionary order (localeCompare 'th'),
   numbers as numbers, empty cells lowest. The totals row (tfoot) stays put. Without script
   the table is a plain table in the server's order. */
(function () {
  "use strict";
  var collator = window.Intl && Intl.Collator ? new Intl.Collator("th", { numeric: true }) : null;
  var compareText = function (a, b) { return collator ? collator.compare(a, b) : a.localeCompare(b, "th"); };

  var cellText = function (row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-value") || cell.textContent).trim() : "";
  };
  var asNumber = function (text) {
    var plain = text.replace(/[,%\s]/g, "");
    return plain !== "" && isFinite(plain) ? Number(plain) : NaN;
  };

  var sortBy = function (table, index, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.length < 2) { return; }
    var numeric = rows.every(function (row) {
      var text = cellText(row, index);
      return text === "" || !isNaN(asNumber(text));
    });
    var descending = header.getAttribute("aria-sort") === "ascending";
    var key = function (row) {
      var text = cellText(row, index);
      if (!numeric) { return text; }
      return text === "" ? -Infinity : asNumber(text);
    };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = numeric ? (x < y ? -1 : x > y ? 1 : 0) : compareText(x, y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  };

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      var arrow = document.createElement("span");
      arrow.className = "sort-arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
    table.classList.add("is-sortable");
  });
}());
