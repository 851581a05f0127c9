/* weakties: sortable tables, the people filter, search, printing and the offline app.
   No dependencies, and no request to another host. The pages are complete without this
   script; it only adds convenience. */
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
    if (isEncrypted()) return; // the lock page's address names only the page shown
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
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var haystacks = rows.map(function (row) {
      return folded(row.getAttribute("data-search") || row.textContent);
    });
    // A table split over pages filters everyone, from the people index, not just this page.
    var everyone = input.getAttribute("data-filter-all");
    var pager = document.querySelector("nav.pager");
    var showingEveryone = false;

    function forgetSorting() {
      Array.prototype.forEach.call(table.querySelectorAll("thead th[aria-sort]"), function (th) {
        th.removeAttribute("aria-sort");
      });
    }

    function showPage(words) {
      if (showingEveryone) {
        fill(body, rows);
        forgetSorting();
        showingEveryone = false;
        if (pager) pager.hidden = false;
      }
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = matches(haystacks[i], words);
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + (everyone ? " on this page" : "");
    }

    function showEveryone(people, words) {
      var found = people.filter(function (entry) { return matches(entry.haystack, words); });
      fill(body, found.slice(0, MOST_ROWS).map(personRow));
      forgetSorting();
      showingEveryone = true;
      if (pager) pager.hidden = true;
      if (count) {
        count.textContent = found.length + " of " + people.length + " people" +
          (found.length > MOST_ROWS ? ", the first " + MOST_ROWS + " shown: add a word to narrow it down" : "");
      }
    }

    function apply() {
      var words = wordsOf(input.value);
      if (!everyone || !words.length) {
        showPage(words);
        return;
      }
      var asked = input.value;
      loadPeople(everyone).then(function (people) {
        if (input.value === asked) showEveryone(people, words);
      }, function () {
        everyone = null; // no people index: this page is all there is to filter
        showPage(words);
      });
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

  // ---------- Where things are ----------

  // Every page links the stylesheet at <root>assets/style.css; that link, as written (relative,
  // or absolute once an encrypted site's lock page has shown the page), leads back to the root.
  function rootPrefix() {
    var link = document.querySelector('link[rel="stylesheet"][href$="assets/style.css"]');
    return link ? link.getAttribute("href").replace(/assets\/style\.css$/, "") : "";
  }

  function isEncrypted() {
    return document.body.getAttribute("data-search") === "encrypted";
  }

  function isServed() {
    return window.location.protocol === "http:" || window.location.protocol === "https:";
  }

  // Points `anchor` at the page at `path` (relative to the site's root). On an encrypted site
  // the lock page's script follows links that carry the page's path in data-lock-path.
  function linkTo(anchor, path) {
    if (isEncrypted()) {
      anchor.href = "#";
      anchor.setAttribute("data-lock-path", path);
    } else {
      anchor.href = rootPrefix() + path.split("/").map(encodeURIComponent).join("/");
    }
  }

  function follow(path) {
    var anchor = document.createElement("a");
    linkTo(anchor, path);
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
  }

  // ---------- Matching ----------

  function folded(text) {
    var lower = String(text || "").toLowerCase();
    return lower.normalize ? lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : lower;
  }

  function wordsOf(query) {
    return folded(query).split(/\s+/).filter(Boolean);
  }

  function matches(haystack, words) {
    return words.every(function (word) { return haystack.indexOf(word) !== -1; });
  }

  // ---------- The people index (search/people.js) ----------

  var MOST_ROWS = 500;
  var PEOPLE_BESIDE_NOTES = 10; // listed above the notes found: the rest are in the people table
  var SEARCH_PAGE = "search/index.html";
  var HANDED_QUERY = "weakties-search"; // an encrypted site's search box hands its words over here
  var peopleLoaded = null;

  function withHaystacks(people) {
    people.forEach(function (entry) {
      entry.haystack = folded([entry.name, entry.company, entry.title, entry.location,
        entry.topics.join(" "), entry.tags.join(" ")].join(" "));
    });
    return people;
  }

  // Loaded with <script src>, which works from file:// too, and only when first needed.
  function loadPeople(source) {
    if (!peopleLoaded) {
      peopleLoaded = new Promise(function (resolve, reject) {
        if (window.weaktiesPeople) {
          resolve(window.weaktiesPeople);
          return;
        }
        var script = document.createElement("script");
        script.src = source;
        script.addEventListener("load", function () {
          if (window.weaktiesPeople) resolve(window.weaktiesPeople);
          else reject(new Error("no people in " + source));
        });
        script.addEventListener("error", function () { reject(new Error("cannot load " + source)); });
        document.head.appendChild(script);
      }).then(withHaystacks);
    }
    return peopleLoaded;
  }

  function fill(body, rows) {
    while (body.firstChild) body.removeChild(body.firstChild);
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function longDate(iso) {
    var parts = iso.split("-");
    var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    return DAYS[day.getUTCDay()] + " " + day.getUTCDate() + " " + MONTHS[day.getUTCMonth()] + " " +
      day.getUTCFullYear();
  }

  function time(iso, text) {
    var made = element("time", "", text);
    made.setAttribute("datetime", iso);
    return made;
  }

  // A row of the people table, as the builder writes it.
  function personRow(entry) {
    var row = element("tr", entry.archived ? "archived" : "");
    function cell(label, sort) {
      var td = element("td");
      td.setAttribute("data-label", label);
      if (sort !== undefined) td.setAttribute("data-sort", sort);
      row.appendChild(td);
      return td;
    }
    var name = cell("Name");
    var link = element("a", "", entry.name);
    linkTo(link, entry.url);
    name.appendChild(link);
    if (entry.archived) name.append(" ", element("span", "badge", "archived"));
    cell("Company").textContent = entry.company;
    cell("Title").textContent = entry.title;
    cell("Tie").appendChild(element("span", "tie tie-" + entry.tie, entry.tie));
    var introducer = cell("Introduced by");
    if (entry.introducer_url) {
      var back = element("a", "", entry.introducer);
      linkTo(back, entry.introducer_url);
      introducer.appendChild(back);
    } else if (entry.introducer) {
      introducer.textContent = entry.introducer;
    }
    var last = cell("Last interaction", entry.last || "");
    if (entry.last) last.appendChild(time(entry.last, entry.last));
    var next = cell("Next", entry.next_due || "9999");
    if (entry.next) {
      next.appendChild(element("span", "kind kind-" + entry.next, entry.next));
      if (entry.next_due) next.append(" ", time(entry.next_due, longDate(entry.next_due)));
    }
    cell("Topics").textContent = entry.topics.join(", ");
    return row;
  }

  // ---------- Search ----------

  // The header's search box: a plain form to the search page, except on an encrypted site,
  // whose lock page follows only links (its words are handed over in sessionStorage).
  function makeSiteSearch(form) {
    if (!isEncrypted()) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      handOver(form.querySelector("input[name=q]").value);
      follow(SEARCH_PAGE);
    });
  }

  function handOver(query) {
    try {
      window.sessionStorage.setItem(HANDED_QUERY, query);
    } catch (error) {
      // Storage refused (a private window): the search page opens empty.
    }
  }

  function handedQuery() {
    try {
      var query = window.sessionStorage.getItem(HANDED_QUERY) || "";
      window.sessionStorage.removeItem(HANDED_QUERY);
      return query;
    } catch (error) {
      return "";
    }
  }

  function loadStyle(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.addEventListener("load", resolve);
      script.addEventListener("error", function () { reject(new Error("cannot load " + src)); });
      document.head.appendChild(script);
    });
  }

  // Every word of every note and interview, from Pagefind's index (over http(s) only), below the
  // people whose name, company, title, place, topics or tags match (from the people index: a
  // person's page with nothing else to search is not in Pagefind's). The index is in parts,
  // each a Pagefind bundle; shards.json lists those holding pages (relative to itself), and the
  // first one's UI searches all. With none (no notes yet), the people are all there is to search.
  function fullTextSearch(box, form, input, said) {
    var list = new URL(box.getAttribute("data-pagefind"), window.location.href);
    return fetch(list, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("cannot load " + list.href);
      return response.json();
    }).then(function (shards) {
      var bundles = shards.bundles.map(function (bundle) { return new URL(bundle, list); });
      if (!bundles.length) {
        peopleSearch(box, form, input, said);
        return;
      }
      return loadScript(new URL("pagefind-ui.js", bundles[0]).href).then(function () {
        showFullTextSearch(box, form, input, bundles);
      });
    });
  }

  // The page's own box searches both: the people are listed as its words are typed, and the
  // words are handed to Pagefind's box (hidden), whose results follow.
  function showFullTextSearch(box, form, input, bundles) {
    var baseUrl = new URL(rootPrefix() || "./", window.location.href).pathname;
    loadStyle(new URL("pagefind-ui.css", bundles[0]).href);
    box.querySelector("[data-search-note]").hidden = true;
    var holder = element("div", "search-notes");
    holder.id = "pagefind-search";
    box.appendChild(holder);
    new window.PagefindUI({
      element: "#pagefind-search",
      bundlePath: bundles[0].pathname,
      mergeIndex: bundles.slice(1).map(function (bundle) {
        return { bundlePath: bundle.pathname, baseUrl: baseUrl };
      }),
      baseUrl: baseUrl,
      showSubResults: true,
      showImages: false,
      translations: {
        zero_results: "In notes and interviews: no result for [SEARCH_TERM]",
        one_result: "In notes and interviews: [COUNT] result for [SEARCH_TERM]",
        many_results: "In notes and interviews: [COUNT] results for [SEARCH_TERM]"
      }
    });
    var field = holder.querySelector("input");
    var people = null;
    function run() {
      if (people) showPeople(box, people, input.value, true);
      if (field && field.value !== input.value) {
        field.value = input.value;
        field.dispatchEvent(new Event("input"));
      }
    }
    loadPeople(box.getAttribute("data-people-index")).then(function (loaded) {
      people = loaded;
      showPeople(box, people, input.value, true);
    }, function () {
      // No people index: Pagefind's results are all there is.
    });
    input.addEventListener("input", function () {
      run();
      rememberQuery(input.value.trim());
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    run();
    if (!input.value) input.focus();
  }

  function resultItem(entry) {
    var item = element("li");
    var link = element("a", "", entry.name);
    linkTo(link, entry.url);
    item.appendChild(link);
    var role = [entry.title, entry.company].filter(Boolean).join(" at ");
    var where = [role, entry.location].filter(Boolean).join(" · ");
    if (where) item.append(" ", element("span", "muted", where));
    var topics = entry.topics.concat(entry.tags.map(function (tag) { return "#" + tag; }));
    if (topics.length) item.append(element("span", "result-topics", topics.join(", ")));
    return item;
  }

  // Names, companies, titles, places, topics and tags, from the people index: works anywhere.
  function peopleSearch(box, form, input, said) {
    var note = box.querySelector("[data-search-note]");
    note.textContent = said;
    var embedded = box.getAttribute("data-people");
    var loading = embedded ? Promise.resolve(withHaystacks(JSON.parse(embedded)))
      : loadPeople(box.getAttribute("data-people-index"));
    loading.then(function (people) {
      function run() {
        showPeople(box, people, input.value, false);
      }
      input.addEventListener("input", function () {
        run();
        rememberQuery(input.value.trim());
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        run();
      });
      run();
    }, function () {
      note.textContent = "The list of people could not be loaded.";
    });
  }

  // Lists the people matching every word of `query`. `beside` the notes found, only the first
  // few, the rest a link away in the people table, and nobody matching is left unsaid (the
  // notes may hold the words).
  function showPeople(box, people, query, beside) {
    var most = beside ? PEOPLE_BESIDE_NOTES : MOST_ROWS;
    var count = box.querySelector("[data-search-count]");
    var list = box.querySelector("[data-search-results]");
    var words = wordsOf(query);
    var found = words.length ? people.filter(function (entry) { return matches(entry.haystack, words); }) : [];
    fill(list, found.slice(0, most).map(resultItem));
    count.textContent = !words.length ? "" : !found.length ? (beside ? "" : "Nobody matches “" + query.trim() + "”.")
      : found.length + (found.length === 1 ? " person" : " people") +
        (found.length > most ? ", the first " + most + " shown" : "");
    if (beside && found.length > most) {
      var all = element("a", "", "all of them in the people table");
      linkTo(all, "people/index.html");
      all.href += "?q=" + encodeURIComponent(query.trim());
      count.append(": ", all);
    }
  }

  function makeSearchPage(box) {
    var form = document.querySelector("form[data-search-form]");
    var input = form.querySelector("input[name=q]");
    var query = readQuery() || handedQuery();
    input.value = query;
    var people = "Searching names, companies, titles, places, topics and tags.";
    if (isEncrypted()) {
      peopleSearch(box, form, input, people + " Notes are not searched on an encrypted site: a " +
        "readable index would give them away.");
    } else if (!isServed()) {
      peopleSearch(box, form, input, people + " Opened from a file, this page cannot search your " +
        "notes: use ties serve, or the published site, for that.");
    } else {
      fullTextSearch(box, form, input, people + " No notes or interviews are written yet.").catch(function () {
        peopleSearch(box, form, input, people + " The full-text index is missing: build the site " +
          "with Pagefind installed to search your notes too.");
      });
    }
  }

  // The people page of an encrypted site sends its filter's words along to the search page.
  function makeSearchEveryone(link) {
    link.addEventListener("click", function () {
      var input = document.querySelector("input[data-filter-table]");
      if (input) handOver(input.value);
    });
  }

  // ---------- The command that closes a queue item ----------

  // A "Copy" button beside each command (`ties done ...`, `ties log ...`), for the terminal.
  function makeCopyButton(code) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the command " + code.textContent);
    button.addEventListener("click", function () {
      copyText(code.textContent).then(function () { button.textContent = "Copied"; },
                                      function () { button.textContent = "Select and copy"; selectText(code); });
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
    code.insertAdjacentElement("afterend", button);
  }

  // The clipboard, where the browser gives it (https, localhost, file://), else the old way.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      area.remove();
      if (copied) { resolve(); } else { reject(new Error("no clipboard")); }
    });
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // ---------- Printing, the keyboard and the offline app ----------

  function makePrintButton(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  // "/" jumps to the search box, as on many sites, unless you are typing somewhere.
  function searchShortcut(event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var box = document.querySelector("#site-search, #search-query, .pagefind-ui__search-input");
    if (box) {
      event.preventDefault();
      box.focus();
    }
  }

  // Browsers allow a service worker only over https and on localhost; it keeps the pages you
  // open, so that they read offline (see sw.js).
  function registerServiceWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext || !isServed() || servedLive()) return;
    var root = rootPrefix();
    navigator.serviceWorker.register(root + "sw.js", { scope: root || "./" }).catch(function () {
      // No offline copy then; the site works as before.
    });
  }

  // Served by `ties serve`, which shows each page fresh: nothing to keep offline.
  function servedLive() {
    return !!document.querySelector('script[src$="/__ties__/live.js"]');
  }

  function each(selector, act) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), act);
  }

  function init() {
    each("table.sortable", makeSortable);
    each("input[data-filter-table]", makeFilter);
    each("form.site-search", makeSiteSearch);
    each("#search[data-people-index]", makeSearchPage);
    each("a[data-search-everyone]", makeSearchEveryone);
    each("button[data-print]", makePrintButton);
    each(".close code.command", makeCopyButton);
    document.addEventListener("keydown", searchShortcut);
    registerServiceWorker();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
