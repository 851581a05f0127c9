"""Acting on the queue from a page of `ties serve` (issue 22): a click makes the edit the command
makes, and nothing else can. The real server on a free port with its watcher running, real
files, raw requests; chromium clicking the buttons."""

from __future__ import annotations

import html
import http.client
import json
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.edits import EditRefused, done_action
from site_builder.edits.acting import act
from site_builder.edits.edited import Stale
from site_builder.live.actions import PageActions, is_loopback, page_edits, read_request
from site_builder.live.serve import MAX_EDIT_REQUEST, _files_named, make_server
from site_builder.live.watch import Rebuilder, Watcher
from site_builder.site import Site
from conftest import TODAY
from test_cli_actions import NETWORK, _write, queue_of

ITEM = re.compile(r'<li class="queue-item[^"]*"([^>]*)>(.*?)</li>', re.DOTALL)
SCRIPT = re.compile(r'<script src="/__ties__/live.js"([^>]*)>')


def attributes(text: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in re.findall(r'data-([a-z-]+)="([^"]*)"', text)}


class Page:
    """A page as `ties serve` served it: its live script's data and its queue items."""

    def __init__(self, body: str):
        self.body = body
        self.script = attributes(SCRIPT.search(body).group(1))
        self.items = [(attributes(data), inner) for data, inner in ITEM.findall(body)]

    @property
    def secret(self) -> str:
        return self.script["secret"]

    @property
    def digests(self) -> dict[str, str]:
        return json.loads(self.script["digests"])

    def item(self, kind: str, person: str, text: str | None = None) -> dict[str, str]:
        [found] = [data for data, _ in self.items
                   if (data["kind"], data["person"]) == (kind, person) and text in (None, data["text"])]
        return found

    def shown(self) -> set[tuple]:
        """Each item as the page shows it: its data and its due date (None: none)."""
        return {(tuple(sorted(data.items())), next(iter(re.findall(r'<time datetime="([^"]+)"', inner)), None))
                for data, inner in self.items}


def posted(data: dict[str, str]) -> dict:
    """An item as live.js posts it."""
    return {"kind": data["kind"], "person": data["person"], "file": data["file"],
            "line": int(data["line"]) if "line" in data else None, "text": data["text"]}


def digests_for(page: Page, data: dict[str, str]) -> dict[str, str]:
    """The digests live.js sends with an item (or the Log section): of its file and its person's."""
    return {file: page.digests[file] for file in (data.get("file"), data.get("person-file")) if file in page.digests}


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the network but the site built from it."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and path.relative_to(root).parts[0] != "_site"}


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Served:
    """A network written at `root`, built, watched and served as `ties serve --host HOST` serves it."""

    def __init__(self, root: Path, host: str = "127.0.0.1", allow_edits: bool = False):
        self.root, self.logged = root, []
        self.rebuilder = Rebuilder(Site(root, TODAY), root / "_site", log=self.logged.append, search_pause=3600)
        self.rebuilder.build()
        self.watcher = Watcher(root, self.rebuilder.build, quiet=0.05, on_settled=self.rebuilder.recheck)
        self.watcher.start()
        self.edits = page_edits(self.rebuilder, host, allow_edits)
        self.server = make_server(self.rebuilder, host, 0, edits=self.edits)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.port = self.server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"

    def get(self, path: str = "/queue/") -> Page:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
        assert response.status == 200, path
        return Page(body)

    def post(self, body: bytes | str | dict, headers: dict[str, str] | None = None,
             path: str = "/__ties__/edit") -> tuple[int, dict | bytes]:
        """A raw POST: `headers` as given (by default those of the server's own page)."""
        if isinstance(body, dict):
            body = json.dumps(body)
        data = body.encode() if isinstance(body, str) else body
        if headers is None:
            headers = {"Host": f"127.0.0.1:{self.port}", "Origin": self.origin, "Content-Type": "application/json"}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            connection.putheader(name, value)
        connection.endheaders()
        try:
            connection.send(data)
            response = connection.getresponse()
            answer = response.read()
        except (ConnectionResetError, BrokenPipeError):  # refused without reading a body that large
            return 0, b""
        finally:
            connection.close()
        if response.getheader("Content-Type") == "application/json":
            return response.status, json.loads(answer)
        return response.status, answer

    def ask(self, page: Page, data: dict[str, str], action: str = "done", **more) -> tuple[int, dict]:
        """What live.js posts for a click on the item `data` (or the Log section) of `page`."""
        request = {"secret": page.secret, "action": action, "digests": digests_for(page, data), **more}
        if action != "log":
            request["item"] = posted(data)
        return self.post(request)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.watcher.stop()
        self.rebuilder.close()


@pytest.fixture
def serve_network(tmp_path):
    """serve_network(files, host=..., allow_edits=...) -> a `Served` network of `files` (default
    the one of test_cli_actions), each in its own folder."""
    started = []

    def start(files: dict[str, str] = NETWORK, host: str = "127.0.0.1", allow_edits: bool = False) -> Served:
        served = Served(_write(tmp_path / f"served-{len(started)}", files), host, allow_edits)
        started.append(served)
        return served
    yield start
    for served in started:
        served.stop()


@pytest.fixture
def served(serve_network):
    return serve_network()


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory):
    """One server for the requests that must change nothing (each test checks that they do not)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIES_CACHE_DIR", str(tmp_path_factory.mktemp("ties-cache")))
        served = Served(_write(tmp_path_factory.mktemp("unchanged"), NETWORK))
        yield served
        served.stop()


def by_the_command(tmp_path: Path, command: str, files: dict[str, str] = NETWORK) -> Path:
    """The network `files` in a folder of its own, after running `command` (`ties ...`) in it."""
    root = _write(tmp_path / f"by-command-{len(list(tmp_path.glob('by-command-*')))}", files)
    assert main([*shlex.split(command)[1:], "--root", str(root), "--today", TODAY.isoformat()]) == 0
    return root


# What nothing but the server's own page can do

def refused_leaving_every_file(served: Served, body, headers=None, status: int = 403) -> dict | bytes:
    before = files_of(served.root)
    code, answer = served.post(body, headers)
    assert code == status, answer
    assert files_of(served.root) == before  # (a write is made before the answer)
    return answer


def good_request(served: Served) -> tuple[Page, dict]:
    page = served.get()
    data = page.item("connect", "ada")
    return page, {"secret": page.secret, "action": "done", "item": posted(data), "digests": digests_for(page, data)}


def own_headers(served: Served, **changed: str | None) -> dict[str, str]:
    headers = {"Host": f"127.0.0.1:{served.port}", "Origin": served.origin, "Content-Type": "application/json"}
    headers.update(changed)
    return {name: value for name, value in headers.items() if value is not None}


@pytest.mark.parametrize(("headers", "said"), [
    ({"Host": "evil.example:{port}"}, b"answers only requests addressed to"),
    ({"Origin": "http://evil.example"}, b"answers only its own pages"),
    ({"Origin": "http://127.0.0.1:1"}, b"answers only its own pages"),
    ({"Origin": "null"}, b"answers only its own pages"),
    ({"Origin": None}, "ties serve takes writes only from its own pages."),
    ({"Content-Type": "text/plain"}, "A write is JSON (Content-Type: application/json)."),
    ({"Content-Type": "application/x-www-form-urlencoded"}, "A write is JSON (Content-Type: application/json)."),
    ({"Content-Type": "multipart/form-data; boundary=x"}, "A write is JSON (Content-Type: application/json)."),
])
def test_a_write_from_anywhere_but_the_servers_own_page_is_refused_and_changes_nothing(unchanged, headers, said):
    _, request = good_request(unchanged)  # with the right secret, even
    changed = {name: value and value.format(port=unchanged.port) for name, value in headers.items()}
    answer = refused_leaving_every_file(unchanged, request, own_headers(unchanged, **changed))
    assert said in answer if isinstance(answer, bytes) else answer == {"ok": False, "error": said}


@pytest.mark.parametrize("secret", [None, "", "a-guess", "AAAA" * 11])
def test_a_write_without_this_starts_secret_is_refused_and_changes_nothing(unchanged, secret):
    _, request = good_request(unchanged)
    request = {key: value for key, value in request.items() if key != "secret"}
    if secret is not None:
        request["secret"] = secret
    answer = refused_leaving_every_file(unchanged, request)
    assert answer == {"ok": False, "error": "This page is from an earlier start of ties serve: reload it."}


def test_a_write_as_a_form_would_send_it_is_refused_and_changes_nothing(unchanged):
    _, request = good_request(unchanged)
    form = "&".join(f"{key}={json.dumps(value)}" for key, value in request.items())
    for content_type, body in (("text/plain", json.dumps(request)), ("application/x-www-form-urlencoded", form)):
        refused_leaving_every_file(unchanged, body, own_headers(unchanged, **{"Content-Type": content_type}))


def test_a_write_larger_than_an_edit_needs_is_refused_unread_and_changes_nothing(unchanged):
    _, request = good_request(unchanged)
    request["note"] = "x" * MAX_EDIT_REQUEST
    before = files_of(unchanged.root)
    code, answer = unchanged.post(request)
    assert code in (0, 403)  # the server may close before the client has sent it all
    if code:
        assert answer == {"ok": False, "error": f"A write is at most {MAX_EDIT_REQUEST} bytes."}
    assert files_of(unchanged.root) == before


@pytest.mark.parametrize("body", ["[1, 2]", "not json", b"\xff\xfe", '"a string"'])
def test_a_write_that_is_not_a_json_object_is_refused(unchanged, body):
    assert refused_leaving_every_file(unchanged, body) == {"ok": False, "error": "A write is a JSON object."}


def test_a_write_with_a_digest_other_than_the_files_is_refused_and_changes_nothing(unchanged):
    _, request = good_request(unchanged)
    request["digests"] = {file: "00" * 16 for file in request["digests"]}
    answer = refused_leaving_every_file(unchanged, request, status=409)
    assert answer == {"ok": False, "error": "people/ada.md: changed since this page was built: reload"}


def test_a_write_without_the_digest_of_the_file_it_writes_is_refused(unchanged):
    page = unchanged.get()
    data = page.item("thank-you", "ada")  # from the interview; it writes the interview
    request = {"secret": page.secret, "action": "done", "item": posted(data),
               "digests": {"people/ada.md": page.digests["people/ada.md"]}}
    answer = refused_leaving_every_file(unchanged, request, status=409)
    assert answer["error"] == "interviews/2026-11-20-ada.md: changed since this page was built: reload"


def test_a_file_changed_since_the_page_was_built_is_refused_and_kept_as_changed(served):
    _, request = good_request(served)
    ada = served.root / "people" / "ada.md"
    ada.write_text(ada.read_text().replace("# met at PyCon", "# met at PyCon 2026"))  # in the user's editor
    answer = refused_leaving_every_file(served, request, status=409)
    assert answer["error"] == "people/ada.md: changed since this page was built: reload"
    assert "PyCon 2026" in ada.read_text()


def test_an_item_no_longer_open_is_refused(served):
    page, request = good_request(served)
    assert served.post(request)[0] == 200
    request["digests"] = digests_for(served.get(), page.item("connect", "ada"))  # digests now, but the item gone
    answer = refused_leaving_every_file(served, request, status=409)
    assert answer == {"ok": False, "error": "this item is no longer open: reload"}


@pytest.mark.parametrize(("change", "said"), [
    ({"action": "delete"}, "'action' is one of done, snooze, log, read-notes, save-notes"),
    ({"item": None}, "'item' is an object: the item as the page showed it"),
    ({"item": {"kind": "connect"}}, "'person' is text"),
    ({"item": {"kind": "connect", "person": "ada", "file": "people/ada.md", "line": "1", "text": "t"}},
     "the item's 'line' is a number, or null"),
    ({"digests": ["people/ada.md"]}, "'digests' is an object: each file the page's items come from, and its digest"),
    ({"digests": {"people/ada.md": "not hex"}}, "the digest of people/ada.md is not hexadecimal"),
    ({"action": "snooze"}, "'until' is text"),
    ({"action": "log", "person": 3}, "'person' is text"),
    ({"action": "log", "person": "ada", "note": ["a"]}, "'note' is text"),
])
def test_a_request_not_of_the_pages_is_answered_400_saying_why(unchanged, change, said):
    _, request = good_request(unchanged)
    answer = refused_leaving_every_file(unchanged, {**request, **change}, status=400)
    assert answer == {"ok": False, "error": f"Not a request ties serve takes: {said}."}


def test_what_cannot_be_done_is_refused_in_words_and_changes_nothing(unchanged):
    page = unchanged.get()
    request = {"secret": page.secret, "digests": page.digests}
    prepare = {**request, "action": "done", "item": posted(page.item("prepare", "ada"))}
    assert refused_leaving_every_file(unchanged, prepare, status=422)["error"].startswith(
        "interviews/2026-12-02-ada.md: preparing is not marked done")
    turing = {**request, "action": "snooze", "until": "1w", "item": posted(page.item("add-contact", "Alan Turing"))}
    assert refused_leaving_every_file(unchanged, turing, status=422)["error"] == (
        "Alan Turing has no file to snooze yet: mark the item done to add them")
    past = {**request, "action": "snooze", "until": "2026-11-01", "item": posted(page.item("reach-out", "bo"))}
    assert refused_leaving_every_file(unchanged, past, status=422)["error"] == (
        "2026-11-01 is before 2026-11-26: snooze until a later day")


# A click makes the edit the command makes

KINDS = [("thank-you", "ada", None), ("connect", "ada", None), ("reach-out", "bo", None), ("nudge", "cy", None),
         ("follow-up", "di", None), ("circle-back", "di", None), ("task", "ada", "Ask Ada about Babbage"),
         ("add-contact", "Alan Turing", None)]


@pytest.mark.parametrize(("kind", "person", "text"), KINDS)
def test_done_from_the_page_makes_the_edit_of_ties_done_and_the_page_is_rebuilt_without_it(
        served, tmp_path, kind, person, text):
    page = served.get()
    data = page.item(kind, person, text)
    code, answer = served.ask(page, data)
    by_command = by_the_command(tmp_path, data["command"])
    assert files_of(served.root) == files_of(by_command)
    assert code == 200 and answer["ok"] and answer["changed"]
    assert queue_of(served.root) == queue_of(by_command)
    shown = next(item for item in page.shown() if dict(item[0]) == data)
    assert wait_until(lambda: shown not in served.get().shown()), "the queue page was not rebuilt without the item"


def test_done_from_the_page_says_what_changed(served):
    page = served.get()
    code, answer = served.ask(page, page.item("connect", "ada"))
    assert (code, answer) == (200, {"ok": True, "changed": ["people/ada.md:4: linkedin_connected: 2026-11-26"],
                                    "note": None})
    assert "From the page: people/ada.md:4: linkedin_connected: 2026-11-26" in served.logged


def test_a_follow_up_done_before_its_day_says_it_stays(serve_network):
    served = serve_network({"people/di.md": "---\nname: Di\nlast_contact: 2026-09-01\nfollow_up: 2026-12-20\n---\n"})
    page = served.get()
    code, answer = served.ask(page, page.item("follow-up", "di"))
    assert code == 200
    assert answer["note"] == "the follow-up stays in the queue: it asks to be in touch on 2026-12-20 or later"


@pytest.mark.parametrize(("until", "command"), [("1w", "ties snooze bo 1w"), ("1m", "ties snooze bo 1m"),
                                                ("2027-01-04", "ties snooze bo 2027-01-04")])
def test_snooze_from_the_page_makes_the_edit_of_ties_snooze(served, tmp_path, until, command):
    page = served.get()
    code, answer = served.ask(page, page.item("reach-out", "bo"), "snooze", until=until)
    assert code == 200, answer
    by_command = by_the_command(tmp_path, command)
    assert files_of(served.root) == files_of(by_command)
    assert queue_of(served.root) == queue_of(by_command)


@pytest.mark.parametrize(("note", "command"), [("Replied: free next week", "ties log cy 'Replied: free next week'"),
                                               ("", "ties log cy"), (None, "ties log cy")])
def test_log_from_the_page_makes_the_edit_of_ties_log(served, tmp_path, note, command):
    page = served.get("/people/cy/")
    section = attributes(re.search(r'<section class="log-interaction"([^>]*)>', page.body).group(1))
    code, answer = served.ask(page, section, "log", person=section["person"], note=note)
    assert code == 200, answer
    assert files_of(served.root) == files_of(by_the_command(tmp_path, command))


def test_log_changing_nothing_says_so(serve_network):
    served = serve_network({"people/di.md": "---\nname: Di\nlast_contact: 2026-11-26\n---\n"})
    page = served.get("/people/di/")
    before = files_of(served.root)
    code, answer = served.ask(page, {"file": "people/di.md"}, "log", person="di")
    assert (code, answer) == (200, {"ok": True, "changed": [], "note": None})
    assert files_of(served.root) == before


def test_log_for_someone_no_longer_in_the_network_asks_to_reload(served):
    page = served.get("/people/cy/")
    (served.root / "people" / "cy.md").unlink()
    code, answer = served.ask(page, {"file": "people/cy.md"}, "log", person="cy")
    assert (code, answer) == (409, {"ok": False, "error": "cy is no longer in your network: reload"})


def test_the_page_is_given_the_digests_of_its_items_files_and_their_peoples(unchanged):
    page = unchanged.get("/people/ada/")
    named = {data["file"] for data, _ in page.items} | {data["person-file"] for data, _ in page.items}
    assert set(page.digests) == named
    assert page.script["today"] == "2026-11-26"


def test_a_new_contact_wants_the_digest_of_the_file_naming_them(unchanged):
    page = unchanged.get()
    data = page.item("add-contact", "Alan Turing")
    request = {"secret": page.secret, "action": "done", "item": posted(data), "digests": {}}
    answer = refused_leaving_every_file(unchanged, request, status=409)
    assert answer["error"] == "interviews/2026-11-20-ada.md: changed since this page was built: reload"


def test_the_files_a_page_names_are_those_of_its_items_and_their_people():
    page = b'<li data-file="interviews/a&amp;b.md" data-person-file="people/ada.md"><section data-file="people/bo.md">'
    assert _files_named(page) == {"interviews/a&b.md", "people/ada.md", "people/bo.md"}


# The one way of acting, for the command and the page

def test_a_file_changed_after_the_check_is_not_replaced(network):
    root = network(NETWORK)
    checked = Site(root, TODAY).check()
    connect = next(item for item in checked.queue if item.kind == "connect")
    shown = {file: digest for file, digest in checked.made_from.items() if digest}
    (root / "people" / "ada.md").write_text(NETWORK["people/ada.md"] + "Added since.\n")
    with pytest.raises(Stale, match="people/ada.md: changed since this page was built: reload"):
        act(root, checked, done_action(checked.network, connect, TODAY), shown=shown, item_file=connect.file)
    assert (root / "people" / "ada.md").read_text().endswith("Added since.\n")


def test_a_file_that_cannot_be_written_is_refused_in_words(network, monkeypatch):
    root = network(NETWORK)
    checked = Site(root, TODAY).check()
    reach_out = next(item for item in checked.queue if item.kind == "reach-out")

    def refused(*arguments):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("site_builder.edits.files.os.replace", refused)
    with pytest.raises(EditRefused) as refusal:
        act(root, checked, done_action(checked.network, reach_out, TODAY))
    assert str(refusal.value) == "cannot write people/bo.md: Permission denied"
    assert (root / "people" / "bo.md").read_text() == NETWORK["people/bo.md"]


# Who may edit

def test_on_a_host_beyond_this_machine_edits_are_off_unless_allowed(serve_network):
    off = serve_network(host="0.0.0.0")
    page = off.get()
    assert "secret" not in page.script and "digests" not in page.script
    assert page.script["edits-off"] == ("ties serve listens beyond this machine (--host 0.0.0.0): start it with "
                                        "--allow-edits to act on the queue from its pages")
    _, request = good_request(serve_network())  # a good request, of another server
    answer = refused_leaving_every_file(off, request)
    assert answer["error"].startswith("Edits are off: ties serve listens beyond this machine")
    on = serve_network(host="0.0.0.0", allow_edits=True)
    page, request = good_request(on)
    assert page.secret and on.post(request)[0] == 200


def test_a_name_added_for_a_proxy_or_a_tunnel_turns_edits_off_unless_allowed(serve_network):
    served = serve_network()
    tunnelled = page_edits(served.rebuilder, "127.0.0.1", added=["my-tunnel.example"])
    assert not tunnelled.on and "--allow-host" in tunnelled.off_because and "--allow-edits" in tunnelled.off_because
    assert page_edits(served.rebuilder, "127.0.0.1", True, added=["my-tunnel.example"]).on
    assert page_edits(served.rebuilder, "127.0.0.1").on


def test_each_start_has_its_own_secret(serve_network):
    first, second = serve_network(), serve_network()
    assert first.get().secret != second.get().secret


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("127.0.0.2", True), ("[::1]", True), ("LOCALHOST.", True),
                                                ("0.0.0.0", False), ("::", False), ("", False),
                                                ("192.168.1.20", False), ("my-laptop.local", False)])
def test_only_a_loopback_host_has_edits_on_by_default(host, loopback):
    assert is_loopback(host) is loopback


def test_a_request_is_read_as_the_page_sends_it():
    asked = read_request({"action": "snooze", "until": "1w", "digests": {"people/ada.md": "ab"},
                          "item": {"kind": "nudge", "person": "ada", "file": "people/ada.md", "line": None, "text": "t"}})
    assert (asked.action, asked.until, asked.item.line, asked.digests) == ("snooze", "1w", None,
                                                                           {"people/ada.md": b"\xab"})
    assert read_request({"action": "log", "person": "ada", "note": "", "digests": {}}).note is None


def test_an_edit_waits_for_a_build_under_way(served):
    page = served.get()
    answers = []
    with served.rebuilder.between_builds():
        asking = threading.Thread(target=lambda: answers.append(served.ask(page, page.item("connect", "ada"))))
        asking.start()
        time.sleep(0.3)
        assert not answers and "linkedin_connected" not in (served.root / "people" / "ada.md").read_text()
    asking.join(10)
    assert answers[0][0] == 200


def test_looking_for_changes_the_watcher_missed_waits_for_an_edit_under_way(served):
    looked = []
    with served.rebuilder.between_builds():
        looking = threading.Thread(target=lambda: looked.append(served.rebuilder.recheck()))
        looking.start()
        time.sleep(0.3)
        assert not looked
    looking.join(10)
    assert looked


def test_an_edit_that_fails_is_answered_in_words(served, monkeypatch):
    def broken(*arguments, **keywords):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(served.rebuilder.site, "check", broken)
    page = served.get()
    code, answer = served.ask(page, page.item("connect", "ada"))
    assert (code, answer["error"]) == (500, "ties failed: RuntimeError: disk on fire (see the terminal)")
    assert isinstance(served.edits.act, PageActions)


@pytest.mark.slow
def test_ties_serve_says_whether_the_pages_may_edit(tmp_path):
    _write(tmp_path, {"people/ada.md": "---\nname: Ada\n---\n"})
    said = {}
    for arguments in ([], ["--host", "0.0.0.0"], ["--host", "0.0.0.0", "--allow-edits"]):
        serving = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--root", str(tmp_path),
                                    "--port", "0", *arguments], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True)
        try:
            while not (line := serving.stdout.readline()).startswith("Edits from the page"):
                assert line, "ties serve stopped before serving"
            said[" ".join(arguments)] = line.strip()
        finally:
            serving.terminate()
            serving.wait(timeout=30)
    assert said == {"": "Edits from the page: on.",
                    "--host 0.0.0.0": ("Edits from the page: off: ties serve listens beyond this machine "
                                       "(--host 0.0.0.0): start it with --allow-edits to act on the queue from "
                                       "its pages."),
                    "--host 0.0.0.0 --allow-edits": "Edits from the page: on."}


# In chromium

def opened(browser, address: str):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(address)
    return page, errors


@pytest.mark.slow
def test_clicking_done_reloads_the_page_without_the_item(served, browser):
    from playwright.sync_api import expect  # (here: Playwright is needed only by the browser tests)
    page, errors = opened(browser, served.origin + "/queue/")
    try:
        item = page.locator('li.queue-item[data-kind="connect"][data-person="ada"]')
        assert page.evaluate("document.documentElement.classList.contains('ties-edits')")
        assert not page.locator("li.queue-item .close").first.is_visible()
        buttons = {data: page.locator(f'li.queue-item[data-{data}] .ties-actions button').all_inner_texts()
                   for data in ('kind="connect"', 'kind="add-contact"', 'kind="prepare"', 'text="Ask Ada about Babbage"')}
        assert buttons == {'kind="connect"': ["Done", "Snooze a week", "a month", "Snooze until"],
                           'kind="add-contact"': ["Done"],  # no file to snooze yet
                           'kind="prepare"': [],  # it goes by itself, on its day
                           'text="Ask Ada about Babbage"': ["Done"]}  # no due date for a snooze to move
        item.get_by_role("button", name="Done").click()
        expect(item).to_have_count(0, timeout=10_000)  # (the page reloads once, or twice: a rebuild may follow)
        page.wait_for_selector('li.queue-item[data-kind="reach-out"]')
        assert "linkedin_connected: 2026-11-26" in (served.root / "people" / "ada.md").read_text()
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_clicking_snooze_a_week_moves_the_item_to_its_new_day(served, browser):
    from playwright.sync_api import expect  # (here: Playwright is needed only by the browser tests)
    page, errors = opened(browser, served.origin + "/queue/")
    try:
        item = page.locator('li.queue-item[data-kind="reach-out"][data-person="bo"]')
        assert item.locator("time").get_attribute("datetime") == "2026-11-26"
        item.get_by_role("button", name="Snooze a week").click()
        expect(item.locator("time")).to_have_attribute("datetime", "2026-12-03", timeout=10_000)
        assert item.locator(".snoozed").count() == 1
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_snoozing_until_a_day_chosen_and_logging_from_a_persons_page(served, browser):
    from playwright.sync_api import expect  # (here: Playwright is needed only by the browser tests)
    page, errors = opened(browser, served.origin + "/people/bo/")
    try:
        item = page.locator('li.queue-item[data-kind="reach-out"]')
        item.get_by_label("Snooze until the day").fill("2026-12-24")
        item.get_by_role("button", name="Snooze until").click()
        expect(item.locator("time")).to_have_attribute("datetime", "2026-12-24", timeout=10_000)
        page.goto(served.origin + "/people/bo/")  # the page as rebuilt, whatever reloads are still to come
        page.get_by_label("What happened (optional)").fill("Coffee at the station")
        page.get_by_role("button", name="Log").click()
        expect(page.locator("dd", has_text="Thu 26 Nov 2026")).not_to_have_count(0, timeout=10_000)
        assert "- 2026-11-26: Coffee at the station" in (served.root / "people" / "bo.md").read_text()
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_a_click_on_a_page_older_than_its_file_is_refused_at_the_item(served, browser):
    page, errors = opened(browser, served.origin + "/queue/")
    try:
        ada = served.root / "people" / "ada.md"
        before = served.rebuilder.state.version
        ada.write_text(ada.read_text().replace("# met at PyCon", "# met at PyCon 2026"))  # the same pages
        assert wait_until(lambda: served.rebuilder.state.made_from["people/ada.md"] != page.evaluate(
            "JSON.parse(document.querySelector('script[data-digests]').dataset.digests)['people/ada.md']"))
        assert served.rebuilder.state.version == before  # so the page is not reloaded
        item = page.locator('li.queue-item[data-kind="connect"][data-person="ada"]')
        item.get_by_role("button", name="Done").click()
        said = item.get_by_role("status")
        said.filter(has_text="reload").wait_for(timeout=10_000)
        assert said.inner_text() == "people/ada.md: changed since this page was built: reload"
        assert item.get_by_role("button", name="Done").is_enabled()
        assert "linkedin_connected" not in ada.read_text()
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_the_built_site_has_no_buttons_and_shows_the_commands(tmp_path, browser):
    root = _write(tmp_path / "network", NETWORK)
    shutil.rmtree(root / "_site", ignore_errors=True)
    assert main(["build", "--root", str(root), "--today", TODAY.isoformat()]) == 0
    for path in ("queue/index.html", "people/ada/index.html"):
        page, errors = opened(browser, (root / "_site" / path).as_uri())
        try:
            assert page.locator("li.queue-item").count() > 0
            assert page.locator(".ties-actions, .ties-log, li.queue-item button:not(.copy)").count() == 0
            assert page.locator("li.queue-item .close code.command").first.is_visible()
            assert not page.evaluate("document.documentElement.classList.contains('ties-edits')")
            assert not errors
        finally:
            page.context.close()


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_buttons_pass_axe_at_both_widths_in_both_schemes(served, browser, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        for path, name in (("/queue/", "queue"), ("/people/ada/", "person")):
            page.goto(served.origin + path)
            page.locator(".ties-actions").first.wait_for()
            if name == "person":  # a refusal shown, in words, as well
                page.get_by_role("button", name="Snooze until").first.click()
                page.get_by_role("status").filter(has_text="Choose the day first.").wait_for()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"served-{name}-{width}-{scheme}.png"), full_page=True)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES)
            serious = [f"{v['impact']} {v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
                       for v in result["violations"] if v["impact"] in ("serious", "critical")]
            assert not serious, (path, serious)
    finally:
        context.close()
