/* weakties: a draft page's checklist, following the text as it is edited, and its buttons.

   What is checked, with its words and numbers, is the theme's templates/drafts/checklist.json,
   which the page carries (data-checks), with what the checks need to know of the network
   (data-facts: the names to spell, who suggested them, where they work). Each check below is
   one rule, by the name the checklist gives it. "Open in your mail app" follows the edited
   text; "Copy" copies it. No request to anyone, and it works from file:// and on the
   encrypted site (where this script is added after the page is shown). */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;
  var NAME_WORD = /[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*/gu;

  // Lower case, without accents: "Résumé" is "resume".
  function plain(text) {
    return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
  }

  function words(text) {
    return text.match(WORD) || [];
  }

  function escaped(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // A phrase as a whole word (or words), in `plain` text.
  function phrase(text) {
    return new RegExp("(?<![\\p{L}\\p{N}])" + plain(text).trim().split(/\s+/).map(escaped).join("\\s+") +
      "(?![\\p{L}\\p{N}])", "u");
  }

  function firstFound(list, text) {
    var wanted = plain(text);
    for (var i = 0; i < list.length; i++) {
      if (phrase(list[i]).test(wanted)) return list[i];
    }
    return null;
  }

  // The sentences of a text, without its greeting ("Hi Kenji,"): a blank line or a full stop,
  // question or exclamation mark followed by a space ends one.
  function sentences(text) {
    var paragraphs = text.split(/\n\s*\n/).map(function (part) { return part.trim(); }).filter(Boolean);
    if (paragraphs.length > 1 && /^[^\n.!?]{0,60}[,:]$/.test(paragraphs[0])) paragraphs.shift();
    var found = [];
    paragraphs.forEach(function (paragraph) {
      paragraph.split(/(?<=[.!?])\s+/).forEach(function (sentence) {
        if (sentence.trim()) found.push(sentence.trim());
      });
    });
    return found;
  }

  // Whether `word`, capitalised, looks like `name` misspelled: the same but for accents or
  // letter case, or one letter changed or two swapped (names of four letters or more), or one
  // letter more or less (five or more). A heuristic: a word one letter from a name is flagged.
  function misspelled(word, name) {
    if (word === name) return false;
    if (word[0] !== word[0].toUpperCase() || word[0] === word[0].toLowerCase()) return false;
    if (plain(word) === plain(name)) return true;
    var a = plain(word), b = plain(name);
    if (a.length === b.length && b.length >= 4) {
      var differ = [];
      for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) differ.push(i);
      return differ.length === 1 || (differ.length === 2 && differ[1] === differ[0] + 1 &&
        a[differ[0]] === b[differ[1]] && a[differ[1]] === b[differ[0]]);
    }
    var shorter = a.length < b.length ? a : b, longer = a.length < b.length ? b : a;
    if (longer.length !== shorter.length + 1 || shorter.length < 5) return false;
    for (var j = 0; j <= shorter.length; j++) {
      if (longer.slice(0, j) + longer.slice(j + 1) === shorter) return true;
    }
    return false;
  }

  function minutesAsked(sentence, lists) {
    var numbers = lists.numbers || {};
    var names = Object.keys(numbers).sort(function (a, b) { return b.length - a.length; }).map(escaped);
    var pattern = new RegExp("(?<![\\p{L}\\p{N}])(\\d+|" + names.join("|") + ")[\\s-]*(?:minutes?|mins?)(?![\\p{L}])",
      "gu");
    var asked = [], match;
    var text = plain(sentence);
    while ((match = pattern.exec(text)) !== null) {
      asked.push(/^\d+$/.test(match[1]) ? parseInt(match[1], 10) : numbers[match[1]]);
    }
    if (firstFound(lists.too_long || [], sentence)) asked.push(Infinity);
    return asked;
  }

  // Each check: (the text, the check as the checklist gives it, its lists, the facts) ->
  // {state: "pass" | "fail" | "skip", detail}.
  var CHECKS = {
    "words": function (text, check) {
      var count = words(text.body).length;
      return { state: count < check.under ? "pass" : "fail", detail: count + (count === 1 ? " word" : " words") };
    },
    "connection-first": function (text, check, lists, facts) {
      if (!facts.introducer) return { state: "skip", detail: "your notes name nobody who suggested them" };
      var opening = sentences(text.body).slice(0, check.sentences).join(" ");
      var named = [facts.introducer, facts.introducer_first_name].some(function (name) {
        return name && opening.indexOf(name) !== -1;
      });
      return named ? { state: "pass", detail: "" }
        : { state: "fail", detail: "name " + facts.introducer + " in the first " + check.sentences + " sentences" };
    },
    "no-words": function (text, check, lists) {
      var found = firstFound(lists[check.list] || [], text.subject + "\n" + text.body);
      return found ? { state: "fail", detail: "found “" + found + "”" } : { state: "pass", detail: "" };
    },
    "broad-interest": function (text, check, lists, facts) {
      var places = (lists[check.company] || []).concat(facts.company ? [facts.company] : []);
      var all = sentences(text.body).concat(text.subject ? [text.subject] : []);
      for (var i = 0; i < all.length; i++) {
        var place = firstFound(places, all[i]);
        var post = place && firstFound(lists[check.near] || [], all[i]);
        if (post) return { state: "fail", detail: "“" + place + "” with “" + post + "”: ask about their field" };
      }
      return { state: "pass", detail: "" };
    },
    "short-ask": function (text, check, lists) {
      var questions = sentences(text.body).filter(function (sentence) { return /\?["”’)]*$/.test(sentence); });
      var asks = [];
      questions.forEach(function (question) { asks = asks.concat(minutesAsked(question, lists)); });
      var tooLong = asks.filter(function (minutes) { return minutes > check.minutes; });
      if (tooLong.length) return { state: "fail", detail: "more than " + check.minutes + " minutes asked" };
      if (!asks.length) return { state: "fail", detail: "ask “Would you have " + check.minutes + " minutes…?”" };
      return { state: "pass", detail: "" };
    },
    "name-spelled": function (text, check, lists, facts) {
      var all = text.subject + "\n" + text.body;
      var found = (all.match(NAME_WORD) || []).map(function (word) { return word.replace(/['’]s$/u, ""); });
      var spelled = [];
      facts.names.forEach(function (name) {
        name.split(/\s+/).filter(function (part) { return part.length > 2; }).forEach(function (part) {
          found.forEach(function (word) {
            var shown = "“" + word + "” (" + part + ")";
            if (misspelled(word, part) && spelled.indexOf(shown) === -1) spelled.push(shown);
          });
        });
      });
      if (spelled.length) return { state: "fail", detail: "check " + spelled.join(", ") };
      var theirs = facts.name.split(/\s+/);
      var named = theirs.some(function (part) { return found.indexOf(part) !== -1; });
      return named ? { state: "pass", detail: "" } : { state: "fail", detail: "write " + facts.first_name };
    },
    "no-placeholder": function (text, check, lists) {
      var all = text.subject + "\n" + text.body;
      var patterns = lists.placeholders || [];
      for (var i = 0; i < patterns.length; i++) {
        var match = new RegExp(patterns[i], "u").exec(all);
        if (match) return { state: "fail", detail: "fill in “" + match[0].slice(0, 30) + "”" };
      }
      return { state: "pass", detail: "" };
    }
  };

  var STATES = { pass: "Passes:", fail: "Check:", skip: "Does not apply:" };

  function evaluate(text, rules, facts) {
    return rules.checks.map(function (check) {
      var rule = CHECKS[check.check];
      return rule ? rule(text, check, rules.lists || {}, facts)
        : { state: "fail", detail: "unknown check “" + check.check + "”" };
    });
  }

  // RFC 6068: the address, subject and body percent-encoded as UTF-8, line breaks as CRLF.
  function mailto(address, subject, body) {
    var fields = [];
    if (subject) fields.push("subject=" + encodeURIComponent(subject));
    if (body) fields.push("body=" + encodeURIComponent(body.replace(/\r?\n/g, "\r\n")));
    return "mailto:" + encodeURIComponent(address).replace(/%40/g, "@") + (fields.length ? "?" + fields.join("&") : "");
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      area.remove();
      if (copied) resolve(); else reject(new Error("no clipboard"));
    });
  }

  function makeDraft(draft) {
    var rules = JSON.parse(draft.getAttribute("data-checks"));
    var facts = JSON.parse(draft.getAttribute("data-facts"));
    var subject = draft.querySelector("[name=subject]");
    var body = draft.querySelector("[name=body]");
    var mail = draft.querySelector("a.mail-app");
    var copy = draft.querySelector("button.copy-draft");
    var said = draft.querySelector(".draft-said");
    var card = document.querySelector(".card-text");
    var items = Array.prototype.slice.call(document.querySelectorAll(".checklist li[data-check]"));
    var summary = document.querySelector(".checklist-summary");

    function update() {
      var text = { subject: subject ? subject.value : "", body: body.value };
      var results = evaluate(text, rules, facts);
      var failing = 0;
      items.forEach(function (item, index) {
        var result = results[index] || { state: "skip", detail: "" };
        item.classList.remove("pass", "fail", "skip");
        item.classList.add(result.state);
        item.setAttribute("data-state", result.state);
        item.querySelector(".state").textContent = STATES[result.state];
        item.querySelector(".detail").textContent = result.detail ? " (" + result.detail + ")" : "";
        failing += result.state === "fail";
      });
      var message = failing ? failing + (failing === 1 ? " check to look at" : " checks to look at")
        : "Every check passes";
      if (summary.textContent !== message) summary.textContent = message;
      if (mail) mail.href = mailto(mail.getAttribute("data-to"), text.subject, text.body);
      if (card) card.textContent = text.body;
    }

    [subject, body].forEach(function (field) { if (field) field.addEventListener("input", update); });
    if (copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        copyText(body.value).then(function () { said.textContent = "Copied."; },
          function () { said.textContent = "Cannot copy here: select the text and copy it."; });
      });
    }
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".draft[data-checks]"), makeDraft);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
