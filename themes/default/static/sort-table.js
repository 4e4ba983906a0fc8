/* Sortable tables, as progressive enhancement.
 *
 * A table marked `data-sortable` keeps the order the server gave it, and
 * every row stays readable without this script. With it, each header cell
 * marked `data-sort="name"` or `data-sort="number"` gets a button that sorts
 * the rows: by name, the server's own order (or its reverse); by number,
 * the cells' `data-sort-key`, most first on the first press, ties in the
 * server's order. The sorted header carries `aria-sort`, and a live region
 * says what changed. Rows marked `data-sort-group` head a group (a letter)
 * and only make sense in the server's order, so they are hidden otherwise;
 * a link to one puts the server's order back first. The table gets the
 * class `is-sortable`, for styles that show the buttons where a layout
 * hides the header row.
 */
(function () {
  "use strict";

  var ARROWS = { ascending: "\u25b2", descending: "\u25bc", none: "\u2195" };

  function sortable(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-sort]"));
    if (!headers.length) return;
    var bodies = Array.prototype.slice.call(table.tBodies);
    var groups = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-sort-group]"));
    var rows = [];
    bodies.forEach(function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (!row.hasAttribute("data-sort-group")) {
          rows.push({ row: row, body: body, order: rows.length });
        }
      });
    });

    table.classList.add("is-sortable");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    var wrap = table.closest("[role=region]") || table;
    wrap.insertAdjacentElement("afterend", status);

    /* The server's order: the header it marks as sorted, or the first. */
    var first = headers.filter(function (th) { return th.hasAttribute("aria-sort"); })[0] || headers[0];
    var firstDirection = first.getAttribute("aria-sort") || "ascending";
    var current = { header: first, direction: firstDirection };

    function label(th) {
      return th.getAttribute("data-sort-label") || th.textContent.replace(/\u00ad/g, "").trim();
    }

    headers.forEach(function (th) {
      th.setAttribute("data-sort-label", label(th));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "sort-button__arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "number";
        var direction = numeric ? "descending" : "ascending";
        if (current.header === th) {
          direction = current.direction === "ascending" ? "descending" : "ascending";
        }
        sort(th, direction, true);
      });
    });

    function key(item, column) {
      var cell = item.row.cells[column];
      var value = cell ? Number(cell.getAttribute("data-sort-key")) : NaN;
      return isNaN(value) ? -Infinity : value;
    }

    function sort(th, direction, announce) {
      var numeric = th.getAttribute("data-sort") === "number";
      var column = th.cellIndex;
      var sign = direction === "ascending" ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var by = numeric ? key(a, column) - key(b, column) : a.order - b.order;
        return by * sign || a.order - b.order;
      });
      var grouped = th === first && direction === firstDirection;
      groups.forEach(function (row) { row.hidden = !grouped; });
      sorted.forEach(function (item) {
        (grouped ? item.body : bodies[0]).appendChild(item.row);
      });
      current = { header: th, direction: direction };
      headers.forEach(function (h) {
        var arrow = h.querySelector(".sort-button__arrow");
        if (h === th) {
          h.setAttribute("aria-sort", direction);
        } else {
          h.removeAttribute("aria-sort");
        }
        if (arrow) arrow.textContent = ARROWS[h === th ? direction : "none"];
      });
      if (announce) {
        var order = numeric
          ? (direction === "descending" ? "most first" : "fewest first")
          : (direction === "ascending" ? "A to Z" : "Z to A");
        status.textContent = "Sorted by " + label(th) + ", " + order + ".";
      }
    }

    sort(first, firstDirection, false);

    /* A link to a group's row (the letters above the table) needs the
       server's order, where that row is shown and heads its rows. */
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      if (!link || (current.header === first && current.direction === firstDirection)) return;
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (target && table.contains(target)) sort(first, firstDirection, true);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), sortable);
})();
