// Added by `ties serve` to every page it serves (never written to the site): reloads the page
// when the site was rebuilt, and shows the build's errors over the page until they are fixed.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? Number(script.getAttribute("data-version")) : 0;
  var overlay = null;

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
