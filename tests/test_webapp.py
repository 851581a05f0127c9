"""Installing the site as an app: the manifest, the service worker and the icons."""

from __future__ import annotations

import json
from datetime import date

from site_builder.render.webapp import short_name
from site_builder.site import Site

TODAY = date(2026, 11, 26)
NETWORK = {"pyproject.toml": '[tool.site_builder]\ntitle = "Sam\'s job search"\n',
           "people/ada.md": "---\nname: Ada Lovelace\n---\n"}


def test_the_manifest_names_the_site_and_points_inside_it(network, tmp_path):
    out = tmp_path / "site"
    assert Site(network(NETWORK), TODAY).build(out).built
    manifest = json.loads((out / "manifest.webmanifest").read_text())
    assert (manifest["name"], manifest["short_name"]) == ("Sam's job search", "Sam's job")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("index.html", "./", "standalone")
    for icon in manifest["icons"]:
        assert not icon["src"].startswith("/") and (out / icon["src"]).is_file()
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_the_service_worker_sits_at_the_root_so_that_it_can_keep_every_page(network, tmp_path):
    out = tmp_path / "site"
    assert Site(network(NETWORK), TODAY).build(out).built
    worker = (out / "sw.js").read_text()
    assert "caches.open" in worker and "__ties__" in worker
    assert "http://" not in worker and "https://" not in worker
    page = (out / "people" / "ada" / "index.html").read_text()
    assert '<link rel="manifest" href="../../manifest.webmanifest">' in page
    assert '<link rel="icon" href="../../assets/icon.svg" type="image/svg+xml">' in page


def test_an_encrypted_site_keeps_the_manifest_and_worker_in_clear_without_naming_anything(network, tmp_path, monkeypatch):
    monkeypatch.setenv("TIES_PASSPHRASE", "correct horse battery staple")
    out = tmp_path / "site"
    assert Site(network(NETWORK), TODAY, publish="encrypted").build(out).built
    assert json.loads((out / "manifest.webmanifest").read_text())["name"] == "weakties"
    assert (out / "sw.js").is_file()
    clear = json.loads((out / "keyinfo.json").read_text())["clear"]
    assert "manifest.webmanifest" in clear and "sw.js" in clear


def test_a_short_name_fits_under_an_icon():
    assert short_name("Jobs") == "Jobs"
    assert short_name("My rather long job search") == "My rather"
    assert short_name("Supercalifragilistic") == "Supercalifra"
