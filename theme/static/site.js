/* weakties: sortable tables and the people filter. No dependencies, no requests.
   The pages are complete without this script; it only adds convenience. */
(function () {
  "use strict";

  var NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
  var collator = typeof Intl !== "undefined" && Intl.Collator
    ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" })
    : { compare: function (a, b) { return a < b ? -1 : a > b ? 1 : 0; } };

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    return (value === null ? cell.textContent : value).replace(/\s+/g, " ").trim();
  }

  function sortTable(table, header, direction) {
    var body = table.tBodies[0];
    if (!body) return;
    var index = header.cellIndex;
    var entries = Array.prototype.map.call(body.rows, function (row, position) {
      return { row: row, position: position, value: cellValue(row, index) };
    });
    var numeric = entries.every(function (entry) {
      return entry.value === "" || NUMBER.test(entry.value.replace(/,/g, ""));
    });
    var sign = direction === "descending" ? -1 : 1;
    entries.sort(function (a, b) {
      // Empty cells stay at the bottom whichever way the column is sorted.
      if (a.value === "" || b.value === "") {
        return (a.value === "") - (b.value === "") || a.position - b.position;
      }
      var order = numeric
        ? parseFloat(a.value.replace(/,/g, "")) - parseFloat(b.value.replace(/,/g, ""))
        : collator.compare(a.value, b.value);
      return sign * order || a.position - b.position;
    });
    var fragment = document.createDocumentFragment();
    entries.forEach(function (entry) { fragment.appendChild(entry.row); });
    body.appendChild(fragment);

    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th) {
      if (th === header) th.setAttribute("aria-sort", direction);
      else th.removeAttribute("aria-sort");
    });
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    var headers = table.tHead.rows.length ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th) {
      if (th.querySelector("button")) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.classList.add("sortable-th");
      button.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortTable(table, th, next);
      });
    });
  }

  function readQuery() {
    try {
      return new URLSearchParams(window.location.search).get("q") || "";
    } catch (error) {
      return "";
    }
  }

  function rememberQuery(query) {
    try {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      window.history.replaceState(window.history.state, "", url.href);
    } catch (error) {
      // Some browsers refuse to rewrite file:// URLs; the filter still works.
    }
  }

  function makeFilter(input) {
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    if (!table || !table.tBodies.length) return;
    var box = input.closest ? input.closest("p.filter") : input.parentElement;
    if (box) box.hidden = false;
    var count = (box && box.querySelector("[data-filter-count]")) ||
      document.querySelector("[data-filter-count]");
    if (count) count.setAttribute("aria-live", "polite");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var haystacks = rows.map(function (row) {
      return (row.getAttribute("data-search") || row.textContent).toLowerCase();
    });

    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length;
    }

    var initial = readQuery();
    if (initial) input.value = initial;
    input.addEventListener("input", function () {
      apply();
      rememberQuery(input.value.trim());
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
        rememberQuery("");
      }
    });
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-table]"), makeFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
