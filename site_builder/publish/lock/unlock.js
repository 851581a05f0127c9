/* weakties: the lock page of an encrypted site (see site_builder/publish.py for the format).

   Asks for the passphrase and derives the keys with WebCrypto as the builder did: PBKDF2-SHA256
   with the salt of keyinfo.json, then HKDF-SHA256 into an AES-GCM key for the files and an HMAC
   key for their names. Each page is fetched from e/<name>.bin, decrypted and shown in place of
   this one. Links inside the site are followed without leaving this page, so nothing asks
   again; the address shows only the opaque name of the page (#<name>), which keeps the back
   button, bookmarks and new tabs working without naming anyone.

   "Remember me on this device" keeps the derived keys in IndexedDB as non-extractable
   CryptoKeys, never the passphrase, until "Forget this device". Otherwise they live only in
   this tab's memory: a reload or a new tab asks again. */
(function () {
  "use strict";

  var VERSION = 1;
  var ADDRESS = /^#([0-9a-f]{32})$/;
  var TYPES = { csv: "text/csv", json: "application/json", vcf: "text/vcard", ics: "text/calendar" };
  var root = new URL("./", window.location.href);
  var slot = root.pathname; // one remembered key per site: project sites share their owner's origin
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var lockScreen = document.body.cloneNode(true);
  var info = null; // keyinfo.json
  var keys = null; // { content, names }: CryptoKeys
  var remembered = false;
  var current = null; // the site path of the page shown

  function bytesOf(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
    return bytes;
  }

  function hexOf(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (byte) {
      return (byte < 16 ? "0" : "") + byte.toString(16);
    }).join("");
  }

  // ---------- Keys ----------

  async function deriveKeys(passphrase) {
    var subtle = window.crypto.subtle;
    var typed = encoder.encode(passphrase.trim().normalize("NFC"));
    var material = await subtle.importKey("raw", typed, "PBKDF2", false, ["deriveBits"]);
    var bits = await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytesOf(info.kdf.salt),
      iterations: info.kdf.iterations }, material, 256);
    var secret = await subtle.importKey("raw", bits, "HKDF", false, ["deriveKey"]);
    function expand(label, algorithm, usages) {
      return subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32),
        info: encoder.encode(label) }, secret, algorithm, false, usages);
    }
    return {
      content: await expand(info.keys.content, { name: "AES-GCM", length: 256 }, ["decrypt"]),
      names: await expand(info.keys.names, { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"])
    };
  }

  async function opensSite(candidate) {
    var check = bytesOf(info.check);
    try {
      await window.crypto.subtle.decrypt({ name: "AES-GCM", iv: check.subarray(0, 12),
        additionalData: encoder.encode("weakties/" + VERSION + " check") }, candidate.content, check.subarray(12));
      return true;
    } catch (error) {
      return false;
    }
  }

  async function nameOf(path) {
    var mac = await window.crypto.subtle.sign("HMAC", keys.names, encoder.encode(path));
    return hexOf(mac).slice(0, 32);
  }

  function withStore(mode, act) {
    return new Promise(function (resolve, reject) {
      var opening = window.indexedDB.open("weakties", 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore("keys"); };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var database = opening.result;
        var transaction = database.transaction("keys", mode);
        var request = act(transaction.objectStore("keys"));
        transaction.oncomplete = function () { database.close(); resolve(request.result); };
        transaction.onabort = function () { database.close(); reject(transaction.error); };
      };
    });
  }

  function recall() {
    return withStore("readonly", function (store) { return store.get(slot); });
  }

  function remember(both) {
    return withStore("readwrite", function (store) {
      return store.put({ salt: info.kdf.salt, content: both.content, names: both.names }, slot);
    });
  }

  function forgetStored() {
    return withStore("readwrite", function (store) { return store.delete(slot); }).catch(function () {});
  }

  // ---------- Files ----------

  // The real path and bytes of e/<name>.bin; null when there is no such file.
  async function fetchFile(name) {
    var response = await fetch(new URL(info.files + name + ".bin", root));
    if (response.status === 404) return null;
    if (!response.ok) throw new TypeError("HTTP " + response.status);
    var blob = new Uint8Array(await response.arrayBuffer());
    if (blob[0] !== VERSION) throw new DOMException("unknown format", "OperationError");
    var plain = new Uint8Array(await window.crypto.subtle.decrypt({ name: "AES-GCM", iv: blob.subarray(1, 13),
      additionalData: encoder.encode("weakties/" + VERSION + " " + name) }, keys.content, blob.subarray(13)));
    var length = plain[0] * 256 + plain[1];
    return { path: decoder.decode(plain.subarray(2, 2 + length)), data: plain.subarray(2 + length) };
  }

  async function show(name, fragment) {
    var file;
    try {
      file = await fetchFile(name);
    } catch (error) {
      if (error.name === "OperationError") {
        showProblem("Cannot decrypt this page", "The site was probably rebuilt with another passphrase. " +
          "Lock it and enter the passphrase again.");
      } else {
        showProblem("Cannot reach the site", "Check your connection and try again.");
      }
      return;
    }
    if (file === null) {
      showProblem("Not found", "This page is not in the site any more: it may belong to someone who was " +
        "renamed or removed.");
    } else if (/\.html$/.test(file.path)) {
      render(file.path, decoder.decode(file.data), fragment);
    } else {
      download(file);
    }
  }

  function showAddressed() {
    var address = ADDRESS.exec(window.location.hash);
    return address ? show(address[1], "") : nameOf("index.html").then(function (name) { return show(name, ""); });
  }

  async function go(path, fragment) {
    var name = await nameOf(path);
    if (/\.html$/.test(path)) window.history.pushState(null, "", "#" + name);
    await show(name, fragment);
  }

  function download(file) {
    var url = URL.createObjectURL(new Blob([file.data],
      { type: TYPES[file.path.split(".").pop()] || "application/octet-stream" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = file.path.split("/").pop();
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // ---------- Pages ----------

  function clearHead() {
    Array.prototype.slice.call(document.head.children).forEach(function (element) {
      if (!element.hasAttribute("data-lock")) element.remove();
    });
  }

  // A decrypted page replaces this one. Its links are read as if it were at its real path:
  // the theme's static files are loaded from there (they are in clear); every other link of
  // the site is followed by `go`, and its address becomes the opaque name of its target.
  function render(path, html, fragment) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var base = new URL(path.split("/").map(encodeURIComponent).join("/"), root);
    var scripts = [];
    var anchors = [];

    function inSite(value) {
      var url;
      var target;
      var fragment;
      try {
        url = new URL(value, base);
        target = decodeURIComponent(url.pathname.slice(root.pathname.length));
        fragment = decodeURIComponent(url.hash.slice(1));
      } catch (error) {
        return null;
      }
      if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
      if (target === "" || target.slice(-1) === "/") target += "index.html";
      return { path: target, fragment: fragment, clear: info.clear.indexOf(target) !== -1 ? url.href : null };
    }

    function each(selector, act) {
      Array.prototype.slice.call(page.querySelectorAll(selector)).forEach(act);
    }

    each("script", function (script) {
      var target = script.hasAttribute("src") ? inSite(script.getAttribute("src")) : null;
      if (target && target.clear) scripts.push(target.clear);
      script.remove();
    });
    each("link[href]", function (link) {
      var target = inSite(link.getAttribute("href"));
      if (target && target.clear) link.setAttribute("href", target.clear);
      else if (target) link.remove();
    });
    each("[src]", function (element) {
      var target = inSite(element.getAttribute("src"));
      if (target && target.clear) element.setAttribute("src", target.clear);
      else if (target) element.removeAttribute("src");
    });
    each("a[href], area[href]", function (anchor) {
      var target = inSite(anchor.getAttribute("href"));
      if (!target) return;
      if (target.clear) {
        anchor.setAttribute("href", target.clear);
        return;
      }
      anchor.setAttribute("data-lock-path", target.path);
      if (target.fragment) anchor.setAttribute("data-lock-fragment", target.fragment);
      anchor.setAttribute("href", "#");
      anchors.push(anchor);
    });

    clearHead();
    document.title = page.title;
    document.documentElement.lang = page.documentElement.lang || "en";
    Array.prototype.slice.call(page.head.children).forEach(function (element) {
      if (element.tagName !== "TITLE" && !element.hasAttribute("charset")) document.head.appendChild(element);
    });
    var body = document.adoptNode(page.body);
    body.appendChild(lockBar());
    document.body.replaceWith(body);
    current = path;
    scripts.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      document.head.appendChild(script);
    });
    reveal(fragment);
    nameLinks(anchors);
  }

  // Gives each link the opaque address of its target, for "open in a new tab" and the status bar.
  function nameLinks(anchors) {
    var names = {};
    anchors.forEach(function (anchor) {
      var path = anchor.getAttribute("data-lock-path");
      names[path] = names[path] || nameOf(path);
      names[path].then(function (name) { anchor.setAttribute("href", "#" + name); });
    });
  }

  function reveal(fragment) {
    var target = fragment && document.getElementById(fragment);
    if (target) target.scrollIntoView();
    else window.scrollTo(0, 0);
  }

  function showProblem(title, text) {
    current = null;
    clearHead();
    document.title = title;
    var main = document.createElement("main");
    main.id = "main";
    main.className = "lock-screen";
    var heading = document.createElement("h1");
    heading.textContent = title;
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    var back = document.createElement("a");
    back.href = "#";
    back.setAttribute("data-lock-path", "index.html");
    back.textContent = "Go to the dashboard";
    var line = document.createElement("p");
    line.appendChild(back);
    main.append(heading, paragraph, line);
    var body = document.createElement("body");
    body.append(main, lockBar());
    document.body.replaceWith(body);
  }

  function lockBar() {
    var bar = document.createElement("aside");
    bar.className = "lock-bar";
    bar.setAttribute("aria-label", "Encryption");
    var note = document.createElement("span");
    note.textContent = remembered ? "Decrypted with the key this device remembers." : "Decrypted in this tab only.";
    var button = document.createElement("button");
    button.type = "button";
    button.id = "lock-button";
    button.textContent = remembered ? "Forget this device" : "Lock";
    button.addEventListener("click", remembered ? forget : lock);
    bar.append(note, button);
    return bar;
  }

  // ---------- Locking ----------

  function say(text, problem) {
    var box = document.getElementById("unlock-message");
    box.textContent = text;
    box.classList.toggle("problem", Boolean(problem));
  }

  function showLock(message, problem, unusable) {
    keys = null;
    current = null;
    clearHead();
    document.title = "Locked";
    document.body.replaceWith(lockScreen.cloneNode(true));
    say(message || "", problem);
    if (unusable) return;
    ["unlock-passphrase", "unlock-remember", "unlock-button"].forEach(function (id) {
      document.getElementById(id).disabled = false;
    });
    document.getElementById("unlock-form").addEventListener("submit", unlock);
    document.getElementById("unlock-passphrase").focus();
  }

  async function unlock(event) {
    event.preventDefault();
    var input = document.getElementById("unlock-passphrase");
    var button = document.getElementById("unlock-button");
    var keep = document.getElementById("unlock-remember").checked;
    if (!input.value.trim()) {
      say("Enter the passphrase.", true);
      input.focus();
      return;
    }
    input.disabled = button.disabled = true;
    say("Unlocking…");
    var candidate = null;
    try {
      candidate = await deriveKeys(input.value);
    } catch (error) {
      candidate = null;
    }
    if (!candidate || !(await opensSite(candidate))) {
      input.disabled = button.disabled = false;
      say(candidate ? "Wrong passphrase: it does not open this site. Check it and try again."
        : "This browser cannot derive the key. Try an up-to-date browser.", true);
      input.focus();
      input.select();
      return;
    }
    input.value = "";
    keys = candidate;
    remembered = false;
    if (keep) {
      try {
        await remember(keys);
        remembered = true;
      } catch (error) {
        remembered = false; // a private window may refuse: the site still opens, for this tab
      }
    }
    await showAddressed();
  }

  function lock() {
    showLock("Locked. Enter the passphrase to read the site again.");
  }

  async function forget() {
    await forgetStored();
    remembered = false;
    showLock("This device no longer remembers the key.");
  }

  async function start() {
    if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
      showLock("This browser can decrypt the site only over https (or from http://localhost).", true, true);
      return;
    }
    try {
      info = await (await fetch(new URL("keyinfo.json", root), { cache: "no-cache" })).json();
    } catch (error) {
      showLock("Cannot read the site's keyinfo.json. Check your connection and reload.", true, true);
      return;
    }
    if (info.version !== VERSION) {
      showLock("This site was built by another version of weakties. Reload the page.", true, true);
      return;
    }
    var stored = null;
    try {
      stored = await recall();
    } catch (error) {
      stored = null;
    }
    if (stored && stored.salt === info.kdf.salt && await opensSite(stored)) {
      keys = stored;
      remembered = true;
      await showAddressed();
      return;
    }
    if (stored) await forgetStored();
    showLock(stored ? "The site's passphrase changed since this device remembered it: enter the new one." : "",
      Boolean(stored));
  }

  document.addEventListener("click", function (event) {
    var anchor = event.target.closest ? event.target.closest("a[data-lock-path]") : null;
    if (!anchor || !keys || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var path = anchor.getAttribute("data-lock-path");
    var fragment = anchor.getAttribute("data-lock-fragment") || "";
    if (path === current && fragment) reveal(fragment);
    else go(path, fragment);
  });

  window.addEventListener("popstate", function () {
    if (keys) showAddressed();
  });

  start();
})();
