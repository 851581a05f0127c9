// Added by `ties serve` to every page it serves (never written to the site): reloads the page
// when the site was rebuilt, and shows the build's errors over the page until they are fixed.
// With edits on, it adds to each queue item its buttons (Done, Snooze) and to a person's page
// the Log form: a click posts the item as the page shows it to the server, which edits the
// file as `ties done`, `ties snooze` or `ties log` would; the rebuild then reloads the page.
// On a prep sheet, it adds a note area for each section of the interview's notes, saved into
// the file as you type.
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

  // ---------- Notes during the interview (a prep sheet) ----------

  // A prep sheet marks where its note areas go (section.prep-notes-live, naming the interview's
  // file): one area per section of the file's notes, each saved into its section a second after
  // typing pauses, when it loses focus and when the page is left. Each save carries the digest
  // of the file as last read or saved: if the file changed since (in an editor), the server
  // refuses it, and the typed text stays in its area until the file's version is loaded.
  var SAVE_AFTER = 1000;  // ms after the last key
  var MAX_NOTES_TEXT = 65536;  // characters, as the server takes them
  var KEEPALIVE_LIMIT = 60000;  // bytes: a browser keeps at most 64 KiB of requests alive past the page
  var notes = null;

  function post(request) {
    request.secret = secret;
    var body = JSON.stringify(request);
    return fetch("/__ties__/edit", {method: "POST", headers: {"Content-Type": "application/json"}, body: body,
                                    credentials: "same-origin",
                                    keepalive: new TextEncoder().encode(body).length < KEEPALIVE_LIMIT})
      .then(function (response) {
        return answerOf(response).then(function (answer) { return {status: response.status, answer: answer}; });
      }, function () {
        return {status: 0, answer: {ok: false, error: "ties serve did not answer: is it still running?"}};
      });
  }

  function noteArea(section, index, repeated) {
    var area = {heading: section.heading, base: section.text, dirty: false, sending: null, conflict: false,
                failed: false, timer: null, box: document.createElement("div"), text: document.createElement("textarea"),
                said: saying(), load: button("Load the file’s version")};
    var label = document.createElement("label");
    area.box.className = "ties-note ties-note-level-" + Math.min(section.level, 4);
    label.className = "ties-note-heading";
    label.htmlFor = area.text.id = "ties-note-" + index;
    label.textContent = section.heading;
    area.text.spellcheck = true;
    area.text.rows = 3;
    area.text.maxLength = MAX_NOTES_TEXT;
    area.text.value = section.text;
    area.load.hidden = true;
    area.load.title = "Put the notes of the file, as your editor left them, in this area (your text here is replaced)";
    area.box.appendChild(label);
    area.box.appendChild(area.text);
    area.box.appendChild(area.said);
    area.box.appendChild(area.load);
    if (repeated) {
      area.text.readOnly = true;
      say(area.said, "This heading is in the notes more than once: rename one in your editor to write here.", true);
      return area;
    }
    area.text.addEventListener("input", function () {
      notes.typed = true;
      area.dirty = true;
      if (area.conflict) return;
      say(area.said, "Saving…");
      clearTimeout(area.timer);
      area.timer = setTimeout(function () { save(area); }, SAVE_AFTER);
    });
    area.text.addEventListener("blur", function () { if (area.dirty) save(area); });
    area.load.addEventListener("click", function () { loadFile(area); });
    return area;
  }

  // Save the area's text, after any save under way (each carries the digest the last one gave).
  function save(area) {
    clearTimeout(area.timer);
    if (area.conflict || !area.dirty) return notes.queue;
    notes.queue = notes.queue.then(function () {
      if (area.conflict || !area.dirty) return;
      var text = area.text.value;
      area.dirty = false;
      area.sending = text;
      say(area.said, "Saving…");
      return post({action: "save-notes", file: notes.file, heading: area.heading, text: text, digest: notes.digest})
        .then(function (reply) { saved(area, text, reply); });
    });
    return notes.queue;
  }

  function saved(area, text, reply) {
    area.sending = null;
    var answer = reply.answer;
    area.failed = !answer.ok;
    if (answer.ok) {
      notes.digest = answer.digest;
      area.base = answer.text;
      if (!area.dirty) say(area.said, "Saved");
    } else {
      area.dirty = true;
      area.conflict = reply.status === 409;
      area.load.hidden = !area.conflict;
      say(area.said, area.conflict ? answer.error + ". Your text is kept here, not saved: copy it before loading "
                                     + "the file’s version." : answer.error + " (not saved)", true);
    }
    reloadIfIdle();
  }

  // The file's notes read again: this area takes the file's text; every other area too, unless
  // it holds text not yet saved, which is saved when the file's section is still the one it
  // started from, and otherwise is in conflict too.
  function loadFile(area) {
    area.load.disabled = true;
    post({action: "read-notes", file: notes.file}).then(function (reply) {
      area.load.disabled = false;
      if (!reply.answer.ok) { say(area.said, reply.answer.error, true); return; }
      notes.digest = reply.answer.digest;
      var inFile = {};
      reply.answer.sections.forEach(function (section) { inFile[section.heading] = section.text; });
      notes.areas.forEach(function (other) {
        if (other.text.readOnly) return;
        var text = inFile[other.heading];
        if (text === undefined) {
          other.conflict = true;
          other.load.hidden = true;
          say(other.said, "This heading is no longer in the file: copy your text into your editor.", true);
        } else if (other === area || (!other.dirty && !other.conflict)) {
          other.text.value = other.base = text;
          other.dirty = other.conflict = other.failed = false;
          other.load.hidden = true;
          say(other.said, other === area ? "Loaded the file’s version" : "");
        } else if (text === other.base) {
          other.conflict = false;
          other.load.hidden = true;
          save(other);
        } else {
          other.conflict = true;
          other.load.hidden = false;
          say(other.said, "Changed in your editor too: your text is kept here, not saved.", true);
        }
      });
      reloadIfIdle();
    });
  }

  // Leaving the page (or hiding it): what is typed and not saved goes now.
  function saveAll() {
    if (notes) notes.areas.forEach(function (area) { if (area.dirty) save(area); });
  }

  function unsaved() {
    return notes && notes.areas.some(function (area) { return area.dirty || area.sending !== null; });
  }

  // The notes are in use once typed in, or while an area has focus: a rebuild (each save makes
  // one) does not reload the page then, which would lose the place and what is being typed; it
  // says so, with a button to reload.
  function notesInUse() {
    return !!notes && (notes.typed || unsaved() ||
                       notes.areas.some(function (area) { return area.text === document.activeElement; }));
  }

  function offerReload() {
    if (!notes.rebuilt) {
      notes.rebuilt = document.createElement("p");
      notes.rebuilt.className = "ties-rebuilt";
      notes.rebuilt.setAttribute("role", "status");
      var text = document.createElement("span");
      text.textContent = "The site was rebuilt since this page was loaded. ";
      var reload = button("Reload", "Show the page as rebuilt (your notes are saved first)");
      reload.addEventListener("click", function () { saveAll(); notes.queue.then(function () { location.reload(); }); });
      notes.rebuilt.appendChild(text);
      notes.rebuilt.appendChild(reload);
      notes.place.insertBefore(notes.rebuilt, notes.place.children[1] || null);
    }
  }

  function reloadIfIdle() {
    if (notes && notes.reloadWaiting && !notesInUse()) location.reload();
  }

  function showNotes(place, answer) {
    notes.digest = answer.digest;
    var count = {};
    answer.sections.forEach(function (section) { count[section.heading] = (count[section.heading] || 0) + 1; });
    answer.sections.forEach(function (section, index) {
      if (!section.heading) return;
      var area = noteArea(section, index, count[section.heading] > 1);
      notes.areas.push(area);
      place.appendChild(area.box);
    });
    if (!notes.areas.length) {
      var none = document.createElement("p");
      none.textContent = "These notes have no headings yet: add sections (## What I learned, …) in your editor.";
      place.appendChild(none);
    }
  }

  function addNotes(place) {
    notes = {file: place.dataset.notesFile, digest: null, areas: [], queue: Promise.resolve(), typed: false,
             rebuilt: null, reloadWaiting: false, place: place};
    var title = document.createElement("h2");
    title.textContent = "Notes during the interview";
    var where = document.createElement("p");
    where.className = "muted";
    where.textContent = "Saved into " + notes.file + " as you type, each under its heading.";
    place.appendChild(title);
    place.appendChild(where);
    place.hidden = false;
    post({action: "read-notes", file: notes.file}).then(function (reply) {
      if (!reply.answer.ok) {
        var refused = saying();
        say(refused, reply.answer.error, true);
        place.appendChild(refused);
        return;
      }
      showNotes(place, reply.answer);
    });
    addEventListener("pagehide", saveAll);
    document.addEventListener("visibilitychange", function () { if (document.hidden) saveAll(); });
    addEventListener("beforeunload", function (event) {
      if (notes.areas.some(function (area) { return area.dirty && area.failed; })) event.preventDefault();
    });
    place.addEventListener("focusout", function () { setTimeout(reloadIfIdle, 0); });
  }

  var notesPlace = secret && document.querySelector("section.prep-notes-live[data-notes-file]");
  if (notesPlace) addNotes(notesPlace);

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
    if (state.ok && state.version !== version) {
      if (!notesInUse()) { location.reload(); return; }
      notes.reloadWaiting = true;  // reloaded once the notes are left alone, else at the button
      offerReload();
    }
    if (state.ok) { clearErrors(); } else if (state.errors.length) { showErrors(state.errors); }
  };
})();
