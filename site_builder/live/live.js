// Added by `ties serve` to every page it serves (never written to the site): reloads the page
// when the site was rebuilt, and shows the build's errors over the page until they are fixed.
// With edits on, it adds to each queue item its buttons (Done, Snooze) and to a person's page
// the Log form: a click posts the item as the page shows it to the server, which edits the
// file as `ties done`, `ties snooze` or `ties log` would; the rebuild then reloads the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? Number(script.getAttribute("data-version")) : 0;
  var overlay = null;

  // ---------- Acting on the queue ----------

  // The server gave this page its secret when edits are on, the site's today, and the digest of
  // each file the page's items come from, as the page was built from them.
  var secret = script ? script.getAttribute("data-secret") : null;
  var today = script ? script.getAttribute("data-today") : null;
  var digests = secret ? JSON.parse(script.getAttribute("data-digests") || "{}") : {};
  var SNOOZES = [["Snooze a week", "Snooze a week", "1w", 7], ["a month", "Snooze a month", "1m", 30]];

  // `days` after the site's today, as YYYY-MM-DD (as `ties snooze 2w` counts).
  function dayAfter(days) {
    var parts = today.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + days));
    return day.toISOString().slice(0, 10);
  }

  // The line that says, at the item, what a click did or why it was refused (a live region,
  // there from the start so that what it says is read out).
  function saying() {
    var line = document.createElement("span");
    line.className = "ties-said";
    line.setAttribute("role", "status");
    return line;
  }

  function say(line, text, refused) {
    line.textContent = text;
    line.classList.toggle("ties-refused", !!refused);
  }

  function shownItem(element) {
    var data = element.dataset;
    return {kind: data.kind, person: data.person, file: data.file, line: data.line ? Number(data.line) : null,
            text: data.text};
  }

  // The answer's JSON, or (a refusal before the edit was looked at) its text as the error.
  function answerOf(response) {
    return response.text().then(function (body) {
      try { return JSON.parse(body); } catch (error) { return {ok: false, error: body.trim() || response.statusText}; }
    });
  }

  // Post `request` for the element `where` (an item, or the Log section), with the digests of
  // the files it names; `controls` are off until the answer, and on again unless a rebuild comes.
  function send(where, line, request, controls) {
    request.secret = secret;
    request.digests = {};
    [where.dataset.file, where.dataset.personFile].forEach(function (file) {
      if (file && digests[file]) request.digests[file] = digests[file];
    });
    controls.forEach(function (control) { control.disabled = true; });
    say(line, "Saving…");
    fetch("/__ties__/edit", {method: "POST", headers: {"Content-Type": "application/json"},
                             body: JSON.stringify(request), credentials: "same-origin"})
      .then(answerOf, function () {
        return {ok: false, error: "ties serve did not answer: is it still running?"};
      })
      .then(function (answer) {
        if (!answer.ok) {
          say(line, answer.error || "The edit was refused.", true);
          controls.forEach(function (control) { control.disabled = false; });
          return;
        }
        var said = answer.changed.length ? "Saved: " + answer.changed.join("\n") + "\nReloading when rebuilt…"
                                         : "Nothing to change: the file says so already.";
        say(line, said + (answer.note ? "\nNote: " + answer.note : ""));
        if (!answer.changed.length) controls.forEach(function (control) { control.disabled = false; });
      });
  }

  function button(label, title) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    if (title) element.title = title;
    return element;
  }

  // Whether snoozing the item's person moves it: a person with a file, an item with a due date,
  // but a prepare (due on its interview's day).
  function snoozeMoves(element) {
    return !!element.dataset.personFile && element.dataset.kind !== "prepare" && !!element.querySelector(".due time");
  }

  // Done, for an item that a command closes, and the snoozes, for one they move.
  function addActions(element) {
    var bar = document.createElement("span");
    bar.className = "ties-actions";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Act on this item");
    var line = saying();
    var controls = [];
    if (element.dataset.command) {
      var done = button("Done", "Mark it done, as " + element.dataset.command + " does");
      done.addEventListener("click", function () {
        send(element, line, {action: "done", item: shownItem(element)}, controls);
      });
      controls.push(done);
    }
    if (snoozeMoves(element)) {
      SNOOZES.forEach(function (choice) {
        var snooze = button(choice[0], "No reminder for this person before " + dayAfter(choice[3]));
        snooze.setAttribute("aria-label", choice[1]);
        snooze.addEventListener("click", function () {
          send(element, line, {action: "snooze", until: choice[2], item: shownItem(element)}, controls);
        });
        controls.push(snooze);
      });
      var day = document.createElement("input");
      day.type = "date";
      day.min = dayAfter(1);
      day.setAttribute("aria-label", "Snooze until the day");
      var until = button("Snooze until", "No reminder for this person before the day chosen");
      until.addEventListener("click", function () {
        if (!day.value) { say(line, "Choose the day first.", true); day.focus(); return; }
        send(element, line, {action: "snooze", until: day.value, item: shownItem(element)}, controls);
      });
      controls.push(day, until);
    }
    if (!controls.length) return;
    controls.forEach(function (control) { bar.appendChild(control); });
    bar.appendChild(line);
    element.appendChild(bar);
  }

  // A person's page: log an interaction, with a note or none.
  function addLog(section) {
    var form = document.createElement("form");
    form.className = "ties-log";
    var note = document.createElement("input");
    note.type = "text";
    note.name = "note";
    note.maxLength = 2000;
    note.placeholder = "What happened (optional)";
    note.setAttribute("aria-label", "What happened (optional)");
    var log = button("Log");
    log.type = "submit";
    log.title = "Record that you were in touch today, as ties log does";
    var line = saying();
    form.appendChild(note);
    form.appendChild(log);
    section.appendChild(form);
    section.appendChild(line);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(section, line, {action: "log", person: section.dataset.person, note: note.value}, [log, note]);
    });
  }

  if (secret) {
    document.documentElement.classList.add("ties-edits");
    document.querySelectorAll("li.queue-item[data-kind]").forEach(addActions);
    document.querySelectorAll("section.log-interaction[data-person]").forEach(addLog);
  }

  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "ties-errors";
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.maxHeight = "50vh";
      s.overflow = "auto"; s.zIndex = "2147483647"; s.padding = "1rem 1.25rem"; s.margin = "0";
      s.background = "#3b0d0d"; s.color = "#fff"; s.font = "14px/1.5 ui-monospace, monospace";
      s.boxShadow = "0 -4px 16px rgba(0,0,0,.4)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "The site was not rebuilt (" + errors.length + " error" + (errors.length === 1 ? "" : "s") +
      "). You are seeing the last good version.";
    overlay.appendChild(title);
    var list = document.createElement("ul");
    list.style.margin = ".5rem 0 0"; list.style.paddingLeft = "1.25rem";
    errors.forEach(function (error) {
      var item = document.createElement("li");
      item.textContent = error.file + (error.line ? ":" + error.line : "") + ": " + error.message;
      list.appendChild(item);
    });
    overlay.appendChild(list);
  }

  function clearErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__ties__/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (state.ok && state.version !== version) { location.reload(); return; }
    if (state.ok) { clearErrors(); } else if (state.errors.length) { showErrors(state.errors); }
  };
})();
