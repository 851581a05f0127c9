"""Installing the site as an app: a web app manifest and a service worker at the site's root.

The service worker (`sw.js`, beside this module) keeps a copy of every page opened, so the site
reads offline. It sits at the root because a service worker controls only its own folder and
below; the theme's `site.js` registers it, with a relative URL, only where browsers allow one:
over https and on localhost. The icons are the theme's (`static/icon*.png`, `static/icon.svg`).
"""

from __future__ import annotations

import json
from importlib import resources

MANIFEST = "manifest.webmanifest"
SERVICE_WORKER = "sw.js"
FILES = (MANIFEST, SERVICE_WORKER)
ICONS = (("assets/icon-192.png", "192x192", "image/png"), ("assets/icon-512.png", "512x512", "image/png"),
         ("assets/icon.svg", "any", "image/svg+xml"))
SHORT_NAME = 12  # characters a home screen shows under an icon
NEUTRAL_NAME = "weakties"  # for an encrypted site, whose manifest is in clear


def manifest(name: str) -> bytes:
    """The manifest, with paths relative to it (the site's root), so it works under any base path."""
    data = {
        "name": name,
        "short_name": short_name(name),
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#f7f6f3",
        "theme_color": "#1a5aa0",
        "icons": [{"src": src, "sizes": sizes, "type": kind, "purpose": "any"} for src, sizes, kind in ICONS],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def short_name(name: str) -> str:
    """`name`, or as many of its first words as fit under an icon."""
    if len(name) <= SHORT_NAME:
        return name
    words = []
    for word in name.split():
        if len(" ".join([*words, word])) > SHORT_NAME:
            break
        words.append(word)
    return " ".join(words) or name[:SHORT_NAME]


def service_worker() -> bytes:
    return resources.files("site_builder.render").joinpath(SERVICE_WORKER).read_bytes()
