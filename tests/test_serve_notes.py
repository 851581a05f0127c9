"""Taking notes during the interview (issue 23): a prep sheet of `ties serve` reads the sections of
the interview's notes and saves each into its file, through the guarded write of acting on the
queue (its Origin, JSON, secret and digest rules). The real server and watcher on real files, raw
requests; chromium typing into the note areas."""

from __future__ import annotations

import json
from datetime import date

import pytest

from site_builder.cli import main
from site_builder.content.documents import content_digest
from site_builder.content.new_files import interview_template
from site_builder.live.actions import MAX_NOTES_TEXT, read_request
from site_builder.live.serve import MAX_EDIT_REQUEST
import test_serve_edits
from test_cli_actions import NETWORK, _write
from test_serve_edits import AXE, AXE_RULES, Served, files_of, opened, own_headers, wait_until
from conftest import TODAY

FILE = "interviews/2026-12-02-ada.md"
PREP = "/interviews/2026-12-02-ada/prep/"
TEMPLATE = interview_template("ada", date(2026, 12, 2))
NOTES_NETWORK = {**NETWORK, FILE: TEMPLATE}
NOTES_CHANGED = f"{FILE}: changed in your editor since this page read it"
serve_network = test_serve_edits.serve_network  # the fixture: serve_network(files) -> a served network


@pytest.fixture
def served(serve_network):
    return serve_network(NOTES_NETWORK)


@pytest.fixture(scope="module")
def unchanged(tmp_path_factory):
    """One server for the requests that must change nothing (each test checks that they do not)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIES_CACHE_DIR", str(tmp_path_factory.mktemp("ties-cache")))
        served = Served(_write(tmp_path_factory.mktemp("unchanged"), NOTES_NETWORK))
        yield served
        served.stop()


def notes_request(served, action: str = "read-notes", file: str = FILE, **more) -> dict:
    return {"secret": served.get().secret, "action": action, "file": file, **more}


def saving(served, heading: str, text: str, digest: str | None = None) -> dict:
    digest = digest or content_digest((served.root / FILE).read_bytes()).hex()
    return notes_request(served, "save-notes", heading=heading, text=text, digest=digest)


def refused_leaving_every_file(served, body, headers=None, status: int = 403):
    before = files_of(served.root)
    code, answer = served.post(body, headers)
    assert code == status, answer
    assert files_of(served.root) == before
    return answer


def file_text(served) -> str:
    return (served.root / FILE).read_bytes().decode()


# Reading the notes

def test_the_prep_sheet_marks_where_the_notes_go_naming_the_interviews_file(unchanged):
    page = unchanged.get(PREP)
    assert f'<section class="prep-notes-live" data-notes-file="{FILE}" hidden></section>' in page.body


def test_read_notes_answers_each_section_and_the_files_digest_writing_nothing(unchanged):
    before = files_of(unchanged.root)
    code, answer = unchanged.post(notes_request(unchanged))
    assert code == 200, answer
    assert answer["ok"] and answer["digest"] == content_digest(before[FILE]).hex()
    assert [(s["heading"], s["level"], s["text"]) for s in answer["sections"]][:3] == [
        ("Their work", 2, ""), ("Type of work", 3, ""), ("A typical day", 3, "")]
    assert [s["heading"] for s in answer["sections"]][-3:] == ["Summary", "What I learned", "Questions for next time"]
    assert files_of(unchanged.root) == before


def test_read_notes_gives_the_text_under_each_heading(unchanged):
    code, answer = unchanged.post(notes_request(unchanged, file="interviews/2026-11-20-ada.md"))
    assert (code, answer["sections"]) == (200, [{"heading": "Summary", "level": 2, "text": "A good talk."}])


@pytest.mark.parametrize("file", ["people/ada.md", "interviews/2026-01-01-nobody.md", "../outside.md",
                                  "interviews/../people/ada.md", "_site/index.html"])
def test_only_an_interview_of_the_network_is_read(unchanged, file):
    answer = refused_leaving_every_file(unchanged, notes_request(unchanged, file=file), status=422)
    assert answer == {"ok": False, "error": f"{file}: not an interview of your network"}


@pytest.mark.parametrize("file", ["people/ada.md", "../outside.md"])
def test_only_an_interview_of_the_network_is_written(unchanged, file):
    digest = content_digest((unchanged.root / "people" / "ada.md").read_bytes()).hex()
    request = notes_request(unchanged, "save-notes", file=file, heading="Summary", text="x", digest=digest)
    answer = refused_leaving_every_file(unchanged, request, status=422)
    assert answer == {"ok": False, "error": f"{file}: not an interview of your network"}


@pytest.mark.parametrize("action", ["read-notes", "save-notes"])
@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": None},
                                     {"Content-Type": "text/plain"}, {"Host": "evil.example:{port}"}])
def test_notes_are_read_and_written_only_for_the_servers_own_page(unchanged, action, headers):
    request = saving(unchanged, "Summary", "Stolen.") if action == "save-notes" else notes_request(unchanged)
    changed = {name: value and value.format(port=unchanged.port) for name, value in headers.items()}
    answer = refused_leaving_every_file(unchanged, request, own_headers(unchanged, **changed))
    assert b"sections" not in answer if isinstance(answer, bytes) else "sections" not in answer


@pytest.mark.parametrize("action", ["read-notes", "save-notes"])
@pytest.mark.parametrize("secret", [None, "", "a-guess"])
def test_notes_are_read_and_written_only_with_this_starts_secret(unchanged, action, secret):
    request = saving(unchanged, "Summary", "Stolen.") if action == "save-notes" else notes_request(unchanged)
    request.pop("secret")
    if secret is not None:
        request["secret"] = secret
    answer = refused_leaving_every_file(unchanged, request)
    assert answer == {"ok": False, "error": "This page is from an earlier start of ties serve: reload it."}


# Saving one section

def test_a_save_writes_the_text_under_its_heading_and_every_other_byte_stays(served):
    before = files_of(served.root)
    code, answer = served.post(saving(served, "What I learned", "Ship small,\nask early."))
    expected = TEMPLATE.replace("## What I learned\n\n", "## What I learned\n\nShip small,\nask early.\n\n")
    assert file_text(served) == expected
    assert files_of(served.root) == {**before, FILE: expected.encode()}
    assert (code, answer) == (200, {"ok": True, "digest": content_digest(expected.encode()).hex(),
                                    "text": "Ship small,\nask early.", "saved": True})
    assert f"From the page: {FILE}: the notes under 'What I learned' saved" in served.logged


def test_the_next_save_carries_the_digest_the_last_one_answered(served):
    first = served.post(saving(served, "What I learned", "Ship small."))[1]
    code, answer = served.post(saving(served, "Questions for next time", "- Which team?", first["digest"]))
    assert code == 200, answer
    assert file_text(served) == TEMPLATE.replace("## What I learned\n\n", "## What I learned\n\nShip small.\n\n") + (
        "\n- Which team?\n")
    stale = saving(served, "Summary", "Good.", first["digest"])  # the digest before the last save
    assert refused_leaving_every_file(served, stale, status=409) == {"ok": False, "error": NOTES_CHANGED}


def test_a_file_changed_in_an_editor_since_it_was_read_is_refused_and_kept_as_changed(served):
    digest = served.post(notes_request(served))[1]["digest"]
    path = served.root / FILE
    by_editor = TEMPLATE.replace("## Summary\n\n", "## Summary\n\nWritten in my editor.\n\n")
    path.write_text(by_editor)
    answer = refused_leaving_every_file(served, saving(served, "What I learned", "From the page.", digest), status=409)
    assert answer == {"ok": False, "error": NOTES_CHANGED}
    assert path.read_text() == by_editor


def test_the_same_text_again_writes_nothing(served):
    served.post(saving(served, "Summary", "Good."))
    before, stamp = files_of(served.root), (served.root / FILE).stat().st_mtime_ns
    code, answer = served.post(saving(served, "Summary", "\nGood.\n\n"))
    assert (code, answer["saved"], answer["text"]) == (200, False, "Good.")
    assert files_of(served.root) == before and (served.root / FILE).stat().st_mtime_ns == stamp


def test_a_crlf_interview_is_saved_with_crlf(serve_network):
    served = serve_network({**NETWORK, FILE: TEMPLATE.replace("\n", "\r\n")})
    assert served.post(saving(served, "Summary", "One.\nTwo."))[0] == 200
    assert (served.root / FILE).read_bytes() == TEMPLATE.replace("## Summary\n\n", "## Summary\n\nOne.\nTwo.\n\n").replace(
        "\n", "\r\n").encode()


@pytest.mark.parametrize(("heading", "text", "said"), [
    ("What I Learned", "x", f"{FILE}: the notes have no heading 'What I Learned'"),
    ("What I learned", "## My own heading", (f"{FILE}:37: the text under 'What I learned' would change the notes' "
                                            "sections (a line starting with # is a heading, ``` or ~~~ opens a code "
                                            "block until the same closes it): add headings in your editor")),
])
def test_a_save_that_cannot_be_made_is_refused_in_words(unchanged, heading, text, said):
    assert refused_leaving_every_file(unchanged, saving(unchanged, heading, text), status=422) == {
        "ok": False, "error": said}


def test_a_heading_twice_in_the_notes_is_refused(serve_network):
    served = serve_network({**NETWORK, FILE: "---\nperson: ada\ndate: 2026-12-02\n---\n## Notes\n\n## Notes\n"})
    answer = refused_leaving_every_file(served, saving(served, "Notes", "x"), status=422)
    assert answer["error"] == (f"{FILE}:5: the heading 'Notes' is in the notes 2 times (lines 5, 7): "
                               "rename one of them to write under it")


def test_a_save_to_a_file_with_an_error_is_refused(served):
    request = saving(served, "Summary", "Good.")
    broken = TEMPLATE.replace("duration: 15", "duration: fifteen").encode()
    (served.root / FILE).write_bytes(broken)  # in the editor, read again by the page
    request["digest"] = content_digest(broken).hex()
    answer = refused_leaving_every_file(served, request, status=422)
    assert answer["error"].startswith(f"{FILE}:") and "has an error: fix it first" in answer["error"]


@pytest.mark.parametrize(("change", "said"), [
    ({"text": None}, "'text' is text"),
    ({"text": 3}, "'text' is text"),
    ({"heading": ""}, "'heading' is text"),
    ({"digest": "not hex"}, "the digest of the file is not hexadecimal"),
    ({"digest": None}, "the digest of the file is not hexadecimal"),
    ({"file": None}, "'file' is text"),
    ({"text": "x" * (MAX_NOTES_TEXT + 1)}, (f"'text' is at most {MAX_NOTES_TEXT} characters: keep longer notes "
                                            "in your editor")),
])
def test_a_notes_request_not_of_the_pages_is_answered_400_saying_why(unchanged, change, said):
    request = {**saving(unchanged, "Summary", "Good."), **change}
    answer = refused_leaving_every_file(unchanged, request, status=400)
    assert answer == {"ok": False, "error": f"Not a request ties serve takes: {said}."}


def test_a_section_as_long_as_a_save_takes_fits_in_a_write(served):
    text = "é水🙂" * (MAX_NOTES_TEXT // 4)  # as many UTF-16 units as a text area takes, up to four bytes each
    assert len(text.encode("utf-16-le")) // 2 == MAX_NOTES_TEXT
    body = json.dumps(saving(served, "Summary", text), ensure_ascii=False)  # as the page's JSON.stringify writes it
    assert len(body.encode()) <= MAX_EDIT_REQUEST
    code, answer = served.post(body)
    assert code == 200, answer
    assert f"## Summary\n\n{text}\n\n" in file_text(served)


def test_a_save_request_is_read_as_the_page_sends_it():
    asked = read_request({"action": "save-notes", "file": FILE, "heading": "Summary", "text": "", "digest": "ab"})
    assert (asked.action, asked.file, asked.heading, asked.text, asked.digest) == (
        "save-notes", FILE, "Summary", "", b"\xab")
    assert read_request({"action": "read-notes", "file": FILE}).heading is None


def test_the_built_site_keeps_the_marker_hidden_and_empty(tmp_path):
    root = _write(tmp_path / "network", NOTES_NETWORK)
    assert main(["build", "--root", str(root), "--today", TODAY.isoformat()]) == 0
    page = (root / "_site" / PREP.strip("/") / "index.html").read_text()
    assert f'<section class="prep-notes-live" data-notes-file="{FILE}" hidden></section>' in page
    assert "live.js" not in page


# In chromium

def note(page, heading: str):
    return page.get_by_role("textbox", name=heading, exact=True)


def said_at(page, heading: str):
    return page.locator(".ties-note", has=note(page, heading)).get_by_role("status")


def prep_sheet(browser, served):
    page, errors = opened(browser, served.origin + PREP)
    note(page, "What I learned").wait_for()
    page.evaluate("window.notReloaded = true")
    return page, errors


@pytest.mark.slow
def test_typing_into_a_note_saves_it_into_its_section_and_the_page_does_not_reload(served, browser):
    page, errors = prep_sheet(browser, served)
    try:
        assert page.locator(".ties-note textarea").count() == 14
        area = note(page, "What I learned")
        assert area.get_attribute("spellcheck") == "true"
        version = served.rebuilder.state.version
        area.press_sequentially("Ship small.\nAsk early.", delay=20)
        said_at(page, "What I learned").filter(has_text="Saved").wait_for(timeout=10_000)
        assert file_text(served) == TEMPLATE.replace("## What I learned\n\n",
                                                     "## What I learned\n\nShip small.\nAsk early.\n\n")
        assert wait_until(lambda: served.rebuilder.state.version > version)  # the save made a rebuild
        page.get_by_role("button", name="Reload").wait_for(timeout=10_000)  # offered, not done
        area.press_sequentially(" More.", delay=20)
        said_at(page, "What I learned").filter(has_text="Saved").wait_for(timeout=10_000)
        assert "Ask early. More.\n" in file_text(served)
        assert page.evaluate("window.notReloaded") and area.input_value() == "Ship small.\nAsk early. More."
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_a_file_changed_in_the_editor_is_a_conflict_shown_at_the_area_never_overwritten(served, browser):
    page, errors = prep_sheet(browser, served)
    try:
        area, said, path = note(page, "What I learned"), said_at(page, "What I learned"), served.root / FILE
        area.press_sequentially("Typed on the page.", delay=20)
        said.filter(has_text="Saved").wait_for(timeout=10_000)
        by_editor = file_text(served).replace("## Summary\n\n", "## Summary\n\nWritten in my editor.\n\n")
        path.write_text(by_editor)
        area.press_sequentially(" And more.", delay=20)
        said.filter(has_text="changed in your editor").wait_for(timeout=10_000)
        assert said.inner_text().startswith(NOTES_CHANGED + ". Your text is kept here, not saved")
        assert path.read_text() == by_editor and area.input_value() == "Typed on the page. And more."
        area.press_sequentially(" Still more.", delay=20)
        page.wait_for_timeout(1500)
        assert path.read_text() == by_editor  # still not saved over it
        for heading in ("Summary", "Questions for next time"):  # typed into after the file changed: refused too
            note(page, heading).press_sequentially(f"- {heading} on the page", delay=5)
            said_at(page, heading).filter(has_text="changed in your editor").wait_for(timeout=10_000)
        page.locator(".ties-note", has=area).get_by_role("button", name="Load the file’s version").click()
        said.filter(has_text="Loaded the file’s version").wait_for(timeout=10_000)
        assert area.input_value() == "Typed on the page."
        # The section the editor did not change is saved; the one it changed stays in conflict.
        said_at(page, "Questions for next time").filter(has_text="Saved").wait_for(timeout=10_000)
        assert said_at(page, "Summary").inner_text() == "Changed in your editor too: your text is kept here, not saved."
        assert note(page, "Summary").input_value() == "- Summary on the page"
        by_editor += "\n- Questions for next time on the page\n"
        assert path.read_text() == by_editor
        area.press_sequentially(" Now saved.", delay=20)
        said.filter(has_text="Saved").wait_for(timeout=10_000)
        assert path.read_text() == by_editor.replace("Typed on the page.", "Typed on the page. Now saved.")
        page.locator(".ties-note", has=note(page, "Summary")).get_by_role("button", name="Load the file’s version").click()
        said_at(page, "Summary").filter(has_text="Loaded the file’s version").wait_for(timeout=10_000)
        assert note(page, "Summary").input_value() == "Written in my editor."
        assert page.evaluate("window.notReloaded")
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_leaving_the_page_saves_what_was_typed(served, browser):
    page, errors = prep_sheet(browser, served)
    try:
        note(page, "Summary").press_sequentially("Left at once.", delay=5)
        page.goto(served.origin + "/queue/")  # before the pause after typing has passed
        assert wait_until(lambda: "## Summary\n\nLeft at once.\n\n" in file_text(served))
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_closing_the_tab_saves_what_was_typed(served, browser):
    page, errors = prep_sheet(browser, served)
    try:
        note(page, "Summary").press_sequentially("Closed at once.", delay=5)
        page.close(run_before_unload=True)
        assert wait_until(lambda: "## Summary\n\nClosed at once.\n\n" in file_text(served))
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_a_page_whose_notes_were_not_typed_in_reloads_with_the_files_notes(served, browser):
    from playwright.sync_api import expect
    page, errors = prep_sheet(browser, served)
    try:
        (served.root / FILE).write_text(TEMPLATE.replace("## Summary\n\n", "## Summary\n\nFrom the editor.\n\n"))
        expect(note(page, "Summary")).to_have_value("From the editor.", timeout=10_000)
        assert page.evaluate("window.notReloaded === undefined")  # reloaded, and read the file again
        assert not errors
    finally:
        page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize(("width", "scheme"), [(360, "dark"), (1280, "light")])
def test_the_note_areas_pass_axe(served, browser, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(served.origin + PREP)
        note(page, "What I learned").press_sequentially("Saved first.", delay=5)
        said_at(page, "What I learned").filter(has_text="Saved").wait_for(timeout=10_000)
        (served.root / FILE).write_text(file_text(served).replace("## Summary\n\n", "## Summary\n\nEdited.\n\n"))
        note(page, "What I learned").press_sequentially("x", delay=5)
        page.get_by_role("button", name="Load the file’s version").wait_for(timeout=10_000)  # a conflict shown
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES)
        serious = [f"{v['impact']} {v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious
    finally:
        context.close()
