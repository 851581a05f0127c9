/* weakties: the prep sheet's timer. You asked for fifteen minutes (or the interview's
   `duration`): start it when the call starts, pause it if you must, and it tells you quietly
   when two minutes are left (time for "Who else should I speak to?") and when the time is up.
   The signal is the timer's colour and a polite message for screen readers; a soft chime too,
   only if you tick the box (the sound is made after your click, never on its own). No request
   to any host; it works from file:// and in the encrypted site, where a page's scripts run
   again each time it is shown. */
(function () {
  "use strict";

  var WARN_AT = 2 * 60 * 1000; // ms left when the quiet warning comes
  var TICK = 250;

  function clockText(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // A short, soft tone, made with WebAudio (the context is created on the click on Start).
  function chime(audio, times) {
    if (!audio) return;
    try {
      for (var i = 0; i < times; i++) {
        var start = audio.currentTime + i * 0.35;
        var tone = audio.createOscillator();
        var volume = audio.createGain();
        tone.type = "sine";
        tone.frequency.value = 660;
        volume.gain.setValueAtTime(0.0001, start);
        volume.gain.exponentialRampToValueAtTime(0.05, start + 0.02);
        volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
        tone.connect(volume).connect(audio.destination);
        tone.start(start);
        tone.stop(start + 0.32);
      }
    } catch (error) {
      // No sound then: the colour and the message still tell.
    }
  }

  function makeTimer(root) {
    if (root.hasAttribute("data-timer-ready")) return;
    root.setAttribute("data-timer-ready", "");
    var total = (parseInt(root.getAttribute("data-minutes"), 10) || 15) * 60 * 1000;
    var clock = root.querySelector("[data-timer-clock]");
    var startButton = root.querySelector("[data-timer-start]");
    var pauseButton = root.querySelector("[data-timer-pause]");
    var resetButton = root.querySelector("[data-timer-reset]");
    var chimeBox = root.querySelector("[data-timer-chime]");
    var said = root.querySelector("[data-timer-said]");
    var title = document.title;
    var left = total;
    var since = null; // Date.now() when it was last started or resumed; null while stopped
    var ticking = null;
    var alarms = []; // timeouts at the warning and the end: a background tab's interval may lag
    var warned = false;
    var audio = null;

    function remaining() {
      return since === null ? left : left - (Date.now() - since);
    }

    function say(text) {
      said.textContent = text;
    }

    function show() {
      var ms = remaining();
      clock.textContent = clockText(ms);
      root.classList.toggle("timer-warning", ms <= WARN_AT && ms > 0);
      root.classList.toggle("timer-ended", ms <= 0);
      root.classList.toggle("timer-running", since !== null);
      if (left !== total || since !== null) document.title = clockText(ms) + " · " + title;
    }

    function tick() {
      if (!document.body.contains(root)) { // (the encrypted site showed another page)
        stop();
        return;
      }
      var ms = remaining();
      if (!warned && ms <= WARN_AT && ms > 0) {
        warned = true;
        say("Two minutes left: ask who else you should speak to, and whether you may follow up.");
        if (chimeBox.checked) chime(audio, 1);
      }
      if (ms <= 0) {
        left = 0;
        since = null;
        stop();
        pauseButton.disabled = true;
        startButton.disabled = true;
        say("Time is up: thank them for their time.");
        if (chimeBox.checked) chime(audio, 2);
      }
      show();
    }

    function stop() {
      if (ticking !== null) clearInterval(ticking);
      ticking = null;
      alarms.forEach(clearTimeout);
      alarms = [];
    }

    startButton.addEventListener("click", function () {
      if (since !== null || left <= 0) return;
      if (!audio && chimeBox.checked) {
        var Context = window.AudioContext || window.webkitAudioContext;
        try { audio = Context ? new Context() : null; } catch (error) { audio = null; }
      }
      var resuming = left !== total;
      since = Date.now();
      ticking = setInterval(tick, TICK);
      alarms = [left - WARN_AT, left].filter(function (ms) { return ms > 0; }).map(function (ms) {
        return setTimeout(tick, ms);
      });
      startButton.disabled = true;
      pauseButton.disabled = false;
      resetButton.disabled = false;
      say(resuming ? "Timer resumed." : "Timer started: " + clockText(total) + ".");
      show();
    });

    pauseButton.addEventListener("click", function () {
      if (since === null) return;
      left = remaining();
      since = null;
      stop();
      startButton.textContent = "Resume";
      startButton.disabled = false;
      pauseButton.disabled = true;
      say("Paused with " + clockText(left) + " left.");
      show();
    });

    resetButton.addEventListener("click", function () {
      stop();
      left = total;
      since = null;
      warned = false;
      startButton.textContent = "Start";
      startButton.disabled = false;
      pauseButton.disabled = true;
      resetButton.disabled = true;
      say("");
      show();
      document.title = title;
    });

    chimeBox.addEventListener("change", function () {
      if (chimeBox.checked && !audio) {
        var Context = window.AudioContext || window.webkitAudioContext;
        try { audio = Context ? new Context() : null; } catch (error) { audio = null; }
      }
    });

    document.addEventListener("visibilitychange", function () {
      if (since !== null) tick();
    });
    root.hidden = false;
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-timer]"), makeTimer);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
