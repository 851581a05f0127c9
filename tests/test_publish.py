"""Publishing modes: what each one shows, what it needs, and that encrypted and redacted sites
give nobody away."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.exports import tables
from site_builder.output import search
from site_builder.output.folder import ON_DISK
from site_builder.publish import encryption, modes
from site_builder.render import webapp
from site_builder.site import Site

REPO = Path(__file__).parent.parent
TODAY = date(2026, 11, 26)
PASSPHRASE = "correct horse battery staple"
SITECHECK = REPO.parent / "shared" / "tools" / "sitecheck.py"
ADA = {
    "people/ada.md": """
        ---
        name: Ada Lovelace
        company: Analytical Engines
        title: Head of Programming
        location: London
        email: ada@example.com
        phone: "+44 20 7946 0000"
        linkedin: https://www.linkedin.com/in/ada-example
        how_we_met: Charles's former collaborator
        tags: [mathematician]
        favourite_engine: difference
        ---
        Loves poetical science.

        - [ ] Send Ada the paper on loops due:2026-12-01
        """,
    "interviews/2026-11-20-ada.md": """
        ---
        person: ada
        date: 2026-11-20
        ---
        ## Summary
        Bernoulli numbers are the way in.
        """,
}


def build(root: Path, out: Path, *extra: str) -> int:
    return main(["build", "--root", str(root), "--today", TODAY.isoformat(), "--out", str(out), *extra])


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def readable(data: bytes) -> str:
    """A file's text as a reader would find it: unescaped, in one case."""
    text = data.decode("utf-8", errors="replace")
    return (text + "\n" + html.unescape(text)).casefold()


@pytest.fixture(scope="module")
def sample():
    """The sample network's model, for the list of what must not leak."""
    return Site(REPO, today=TODAY).check().network


def phrase(body: str) -> str:
    """Four words in a row from the first line of prose in a body."""
    for line in body.splitlines():
        words = re.sub(r"\[\[[^\]]*\]\]|[*_`]", " ", line).split()
        if line.strip() and not line.lstrip().startswith(("#", "-", "|", ">")) and len(words) >= 4:
            return " ".join(words[:4])
    raise AssertionError(f"no prose in {body!r}")


def private_text(network) -> dict[str, str]:
    """What only the owner should read: contact details, places, how they met and a phrase of each note."""
    found = {}
    for person in network.people.values():
        for value in (*person.emails, *person.links, person.linkedin, person.location, person.how_we_met):
            if value:
                found[value] = person.file
        for phone in person.phones:
            found[phone] = found[phone.replace(" ", "")] = person.file
        for task in person.tasks:
            found[task.text] = person.file
        if person.body.strip():
            found[phrase(person.body)] = person.file
    for interview in network.interviews:
        if interview.written_up:  # (not the template's empty sections)
            found[phrase(interview.body)] = interview.file
        for task in interview.tasks:
            found[task.text] = interview.file
    return found


def identities(network) -> dict[str, str]:
    """What names someone: names, slugs, companies and titles."""
    found = {}
    for person in network.people.values():
        for value in (person.name, person.slug, person.company, person.title):
            if value:
                found[value] = person.file
    return found


def leaks(out: Path, secrets: dict[str, str]) -> list[tuple[str, str, str]]:
    found = []
    for path, data in files_of(out).items():
        text = readable(data) + "\n" + path.casefold()
        found.extend((path, secret, source) for secret, source in secrets.items() if secret.casefold() in text)
    return found


@pytest.fixture(scope="module")
def sample_builds(tmp_path_factory):
    """The sample network built in every mode; the encrypted one with the test passphrase."""
    folder = tmp_path_factory.mktemp("modes")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(modes.PASSPHRASE_VARIABLE, PASSPHRASE)
        patch.delenv(modes.SALT_VARIABLE, raising=False)
        patch.setenv("TIES_CACHE_DIR", str(folder / "cache"))
        for mode in modes.MODES:
            assert Site(REPO, today=TODAY, publish=mode).build(folder / mode).built
    return {mode: folder / mode for mode in modes.MODES}


def test_the_modes_are_local_encrypted_redacted_and_public():
    assert modes.MODES == ("local", "encrypted", "redacted", "public")


def test_build_is_local_unless_the_configuration_or_publish_says_otherwise(network, tmp_path):
    root = network({**ADA, "pyproject.toml": '[tool.site_builder]\npublish = "redacted"\n'})
    assert Site(root, today=TODAY).check().config.publish == "redacted"
    assert Site(root, today=TODAY, publish="public").check().config.publish == "public"
    assert Site(network({"pyproject.toml": ""}), today=TODAY).check().config.publish == "local"


def test_an_unknown_mode_in_the_configuration_is_an_error(diagnostics):
    found = diagnostics({**ADA, "pyproject.toml": '[tool.site_builder]\npublish = "secret"\n'})
    message = "[tool.site_builder] publish: 'secret' is not a mode; choose one of local, encrypted, redacted, public"
    assert ("pyproject.toml", 2, "error", message) in found


def test_an_unknown_mode_on_the_command_line_is_refused(network, tmp_path, capsys):
    with pytest.raises(SystemExit):
        build(network(ADA), tmp_path / "site", "--publish", "secret")
    assert "invalid choice: 'secret'" in capsys.readouterr().err


def test_serve_and_watch_always_build_locally():
    from site_builder.cli import _parser

    assert _parser().parse_args(["serve"]).publish == "local"
    assert _parser().parse_args(["watch"]).publish == "local"
    assert _parser().parse_args(["build"]).publish is None


@pytest.mark.parametrize("passphrase", [None, "", "   "])
def test_encrypted_without_a_passphrase_says_so_and_writes_nothing(network, tmp_path, monkeypatch, capsys, passphrase):
    if passphrase is None:
        monkeypatch.delenv("TIES_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("TIES_PASSPHRASE", passphrase)
    out = tmp_path / "site"
    assert build(network(ADA), out, "--publish", "encrypted") == 1
    error = capsys.readouterr().err
    assert "ties: publish mode 'encrypted' needs a passphrase: set the environment variable TIES_PASSPHRASE" in error
    assert "Traceback" not in error
    assert not out.exists()


def test_encrypted_refuses_a_short_passphrase(network, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TIES_PASSPHRASE", "hunter2")
    assert build(network(ADA), tmp_path / "site", "--publish", "encrypted") == 1
    assert "TIES_PASSPHRASE is too short" in capsys.readouterr().err


def test_a_salt_that_is_not_long_enough_hex_is_refused(network, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TIES_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("TIES_SALT", "not hex")
    assert build(network(ADA), tmp_path / "site", "--publish", "encrypted") == 1
    assert "TIES_SALT: a salt is at least 32 hexadecimal digits" in capsys.readouterr().err


# Redacted

def test_redacted_pages_show_names_companies_and_titles_but_no_contact_details_or_notes(network, tmp_path):
    out = tmp_path / "site"
    assert build(network(ADA), out, "--publish", "redacted") == 0
    page = readable((out / "people" / "ada" / "index.html").read_bytes())
    assert "ada lovelace" in page and "analytical engines" in page and "head of programming" in page
    for private in ("ada@example.com", "7946", "linkedin.com", "london", "charles", "mathematician",
                    "favourite_engine", "poetical", "paper on loops"):
        assert private not in page
    assert "bernoulli" not in readable((out / "interviews" / "2026-11-20-ada" / "index.html").read_bytes())


def test_redacted_keeps_the_queue_but_not_the_text_of_tasks(network, tmp_path):
    out = tmp_path / "site"
    assert build(network(ADA), out, "--publish", "redacted") == 0
    queue = readable((out / "queue" / "index.html").read_bytes())
    assert "an open task in your notes" in queue
    assert "send ada lovelace a handwritten thank-you note" in queue
    assert "paper on loops" not in queue


@pytest.mark.slow
def test_redacted_has_no_exports_and_no_links_to_them(sample_builds):
    out = sample_builds["redacted"]
    assert [p for p in files_of(out) if p in tables.FILES or p.endswith((".csv", ".vcf", ".ics"))] == []
    assert "contacts.csv" not in (out / "index.html").read_text(encoding="utf-8")


def test_no_contact_detail_or_note_of_the_sample_network_is_in_any_file_of_a_redacted_build(sample, sample_builds):
    secrets = private_text(sample)
    assert len(secrets) > 40
    assert leaks(sample_builds["redacted"], secrets) == []


# Encrypted

def test_no_name_detail_or_note_of_the_sample_network_is_in_any_file_or_path_of_an_encrypted_build(
        sample, sample_builds):
    out = sample_builds["encrypted"]
    secrets = {**private_text(sample), **identities(sample), "Sam's job search": "pyproject.toml"}
    assert leaks(out, secrets) == []


def test_an_encrypted_build_has_only_the_lock_page_keyinfo_static_files_and_opaque_names(sample_builds):
    paths = set(files_of(sample_builds["encrypted"]))
    opaque = {p for p in paths if re.fullmatch(r"e/[0-9a-f]{32}\.bin", p)}
    static = {p for p in paths if p.startswith("assets/")}
    assert paths - opaque - static == {"index.html", "404.html", ".nojekyll", ".ties-site", "keyinfo.json",
                                       "lock/unlock.js", "lock/unlock.css", *webapp.FILES}
    assert "assets/style.css" in static
    assert len(opaque) > 50


def test_keyinfo_holds_the_salt_and_at_least_600000_pbkdf2_iterations(sample_builds):
    info = json.loads((sample_builds["encrypted"] / "keyinfo.json").read_text())
    assert info["kdf"] == {"name": "PBKDF2", "hash": "SHA-256", "iterations": 600_000, "salt": info["kdf"]["salt"]}
    assert len(bytes.fromhex(info["kdf"]["salt"])) == 16
    assert info["cipher"] == "AES-256-GCM" and info["version"] == 1


def open_site(out: Path, passphrase: str) -> dict[str, bytes]:
    """Every encrypted file of a site, decrypted: real path -> bytes."""
    salt = bytes.fromhex(json.loads((out / "keyinfo.json").read_text())["kdf"]["salt"])
    key = encryption.derive_key(passphrase, salt)
    opened = {}
    for path, data in files_of(out).items():
        if path.startswith("e/"):
            real, content = encryption.decrypt_file(key, path, data)
            assert path == encryption.encrypted_path(encryption.opaque_name(key, real))
            opened[real] = content
    return opened


def test_decrypting_gives_back_every_file_but_the_lock_page_and_the_clear_ones():
    key = encryption.derive_key(PASSPHRASE, encryption.new_salt())
    files = {"index.html": b"<h1>Dashboard</h1>", "people/ada/index.html": "<h1>Ada Lovelace</h1>".encode(),
             "contacts.csv": b"name\r\nAda Lovelace\r\n", "404.html": b"Not found, Ada",
             "assets/style.css": b"body {}", ".nojekyll": b""}
    published = encryption.encrypt_site(files, key, clear=["assets/style.css", ".nojekyll"], base_url="/")
    opened = dict(encryption.decrypt_file(key, path, data) for path, data in published.items() if path.startswith("e/"))
    assert opened == {path: files[path] for path in ("index.html", "people/ada/index.html", "contacts.csv")}
    assert published["assets/style.css"] == b"body {}" and published["404.html"] == encryption.lock_page("/")["404.html"]


def test_files_encrypted_as_they_are_made_are_those_encrypt_site_would_publish():
    key = encryption.derive_key(PASSPHRASE, encryption.new_salt())
    files = {"index.html": b"<h1>Dashboard</h1>", "people/ada/index.html": "<h1>Ada Lovelace</h1>".encode(),
             "404.html": b"Not found, Ada", "assets/style.css": b"body {}"}
    written = {}
    write = encryption.encrypting(written.__setitem__, key, clear=["assets/style.css"])
    for path, data in files.items():
        write(path, data)
    published = encryption.encrypt_site(dict.fromkeys(files, ON_DISK), key, ["assets/style.css"], "/")
    assert {path for path, data in published.items() if data is ON_DISK} == written.keys()
    assert "404.html" not in written and published["404.html"] == encryption.lock_page("/")["404.html"]
    assert written["assets/style.css"] == b"body {}"
    opened = dict(encryption.decrypt_file(key, path, data) for path, data in written.items() if path.startswith("e/"))
    assert opened == {path: files[path] for path in ("index.html", "people/ada/index.html")}


@pytest.mark.slow
def test_an_encrypted_build_writes_its_pages_as_they_are_made_but_the_watcher_keeps_them(network, tmp_path,
                                                                                          monkeypatch):
    monkeypatch.setenv(modes.PASSPHRASE_VARIABLE, PASSPHRASE)
    given, encrypt_site = [], encryption.encrypt_site
    monkeypatch.setattr(encryption, "encrypt_site", lambda files, *rest: given.append(dict(files)) or encrypt_site(files, *rest))
    root = network(ADA)
    site = Site(root, today=TODAY, publish=modes.ENCRYPTED)
    assert site.build(tmp_path / "site").built  # `ties build`: not held, but written as made
    assert given[-1]["people/ada/index.html"] is ON_DISK
    assert open_site(tmp_path / "site", PASSPHRASE)["people/ada/index.html"].startswith(b"<!doctype html>")
    watched = Site(root, today=TODAY, publish=modes.ENCRYPTED)
    assert watched.build(tmp_path / "served", in_place=True).built  # each rebuild encrypts every file again
    assert isinstance(given[-1]["people/ada/index.html"], bytes)


def test_the_encrypted_sample_site_opens_into_the_public_one(sample_builds):
    public = files_of(sample_builds["public"])
    opened = open_site(sample_builds["encrypted"], PASSPHRASE)
    clear = {".nojekyll", ".ties-site", "404.html", *webapp.FILES}
    expected = {p for p in public if p not in clear and not p.startswith(("assets/", f"{search.FOLDER}/"))}
    assert sorted(opened) == sorted(expected)
    assert [path for path in tables.FILES if opened[path] != public[path]] == []
    carmen = opened["people/carmen-ruiz/index.html"].decode()
    assert "carmen.ruiz@example.com" in carmen and "Still at Ferncastle and happy to be a reference" in carmen


def test_the_passphrase_is_read_as_typed_on_a_phone_whatever_the_spaces_and_accent_encoding(tmp_path):
    salt = encryption.new_salt()
    assert encryption.derive_key(" Caf\u00e9 au lait, s'il vous pla\u00eet ", salt) == \
        encryption.derive_key("Cafe\u0301 au lait, s'il vous pla\u00eet", salt)


def test_a_wrong_passphrase_opens_nothing(sample_builds):
    with pytest.raises(modes.PublishError, match="does not open with this passphrase"):
        open_site(sample_builds["encrypted"], "correct horse battery stable")


def test_a_file_renamed_to_pass_for_another_does_not_open(sample_builds):
    out = sample_builds["encrypted"]
    key = encryption.derive_key(PASSPHRASE, bytes.fromhex(json.loads((out / "keyinfo.json").read_text())["kdf"]["salt"]))
    dashboard = encryption.encrypted_path(encryption.opaque_name(key, "index.html"))
    people = encryption.encrypted_path(encryption.opaque_name(key, "people/index.html"))
    with pytest.raises(modes.PublishError):
        encryption.decrypt_file(key, people, (out / dashboard).read_bytes())


@pytest.mark.slow
def test_every_file_gets_a_fresh_iv_but_keeps_its_name_when_the_salt_is_kept(network, tmp_path, monkeypatch):
    root = network(ADA)
    monkeypatch.setenv("TIES_PASSPHRASE", PASSPHRASE)
    assert build(root, tmp_path / "first", "--publish", "encrypted") == 0
    first = files_of(tmp_path / "first")
    monkeypatch.setenv("TIES_SALT", json.loads(first["keyinfo.json"])["kdf"]["salt"])
    assert build(root, tmp_path / "second", "--publish", "encrypted") == 0
    second = files_of(tmp_path / "second")
    assert sorted(first) == sorted(second)
    assert [p for p in first if p.startswith("e/") and first[p] == second[p]] == []


@pytest.mark.slow
def test_a_rebuild_keeps_the_salt_of_the_site_it_replaces(network, tmp_path, monkeypatch):
    root, out = network(ADA), tmp_path / "site"
    monkeypatch.setenv("TIES_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("TIES_SALT", raising=False)
    assert build(root, out, "--publish", "encrypted") == 0
    salt = json.loads((out / "keyinfo.json").read_text())["kdf"]["salt"]
    assert build(root, out, "--publish", "encrypted") == 0
    assert json.loads((out / "keyinfo.json").read_text())["kdf"]["salt"] == salt
    assert build(root, tmp_path / "elsewhere", "--publish", "encrypted") == 0
    assert json.loads((tmp_path / "elsewhere" / "keyinfo.json").read_text())["kdf"]["salt"] != salt


def test_the_lock_page_and_404_page_name_nobody_and_load_only_their_own_files(sample_builds):
    out = sample_builds["encrypted"]
    assert (out / "index.html").read_bytes() == encryption.lock_page("/")["index.html"]
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/lock/unlock.css"' in not_found and 'href="/index.html"' in not_found


# Every mode

def test_only_a_local_build_links_to_files_on_this_computer(sample_builds):
    assert "file://" in (sample_builds["local"] / "people" / "carmen-ruiz" / "index.html").read_text()
    for mode in ("public", "redacted"):
        pages = [p for p, data in files_of(sample_builds[mode]).items() if p.endswith(".html") and b"file://" in data]
        assert pages == [], mode
    assert [p for p, data in open_site(sample_builds["encrypted"], PASSPHRASE).items() if b"file://" in data] == []


def test_an_edit_url_is_still_linked_when_published(network, tmp_path):
    root = network({**ADA, "pyproject.toml":
                    '[tool.site_builder]\nedit_url = "https://example.org/edit/{path}"\n'})
    assert build(root, tmp_path / "site", "--publish", "public") == 0
    assert 'href="https://example.org/edit/people/ada.md"' in (tmp_path / "site/people/ada/index.html").read_text()


@pytest.mark.skipif(not SITECHECK.is_file(), reason="shared/tools/sitecheck.py is not beside the repository")
@pytest.mark.parametrize("mode", modes.MODES)
def test_sitecheck_finds_no_problem_in_any_mode(sample_builds, mode):
    run = subprocess.run([sys.executable, str(SITECHECK), str(sample_builds[mode])], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert run.stdout.rstrip().endswith(" 0 problems")
