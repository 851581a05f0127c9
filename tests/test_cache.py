"""What ties keeps between runs, in its cache folder: parsed files, records, notes' HTML and the
digests of what each output file was made from. Losing any of it only makes a run slower; reading
it never runs code, and a damaged or foreign file in it is made again, the site as built fresh."""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import random
import shutil
from dataclasses import is_dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.config import Config
from site_builder.content.documents import Document, read_document
from site_builder.diagnostics import Diagnostic
from site_builder.incremental import cache, cache_format
from site_builder.incremental.cache import SUFFIX, NotesCache, PersistentDict, cache_folder, key_digester
from site_builder.network.model import Interview, Person, Reference, Task, WikiLink
from site_builder.output.folder import MARKER
from site_builder.site import Site

TODAY = date(2026, 11, 26)


def test_a_persistent_dict_reads_back_what_was_saved(tmp_path):
    saved = PersistentDict(tmp_path, "things")
    saved["people/ada.md"] = ("stamp", b"digest")
    saved[b"\x01key"] = "html"
    saved.save()
    again = PersistentDict(tmp_path, "things")
    assert again["people/ada.md"] == ("stamp", b"digest") and again.get(b"\x01key") == "html"
    assert sorted(map(str, again)) == sorted(map(str, ["people/ada.md", b"\x01key"]))


def test_saving_after_one_change_writes_one_shard(tmp_path):
    saved = PersistentDict(tmp_path, "things")
    for number in range(1000):
        saved[f"people/{number}.md"] = number
    saved.save()
    before = {path: path.stat().st_mtime_ns for path in (tmp_path / "things").iterdir()}
    again = PersistentDict(tmp_path, "things")
    again["people/7.md"] = "changed"
    again.save()
    after = {path: path.stat().st_mtime_ns for path in (tmp_path / "things").iterdir()}
    assert len(before) == PersistentDict.SHARDS
    assert sum(before[path] != after[path] for path in before) == 1


def test_many_shards_saved_together_are_encoded_on_every_core_into_the_files_one_process_writes(tmp_path, monkeypatch):
    def filled(folder: Path) -> list[PersistentDict]:
        dicts = [PersistentDict(folder, name) for name in ("stamps", "documents", "empty")]
        for number in range(1000):
            dicts[0][f"people/{number}.md"] = (number, b"digest")
            dicts[1][f"people/{number}.md"] = ("text " * number, date(2026, 1, 1 + number % 28))
        return dicts

    encoded_by, spread = [], cache.parallel_map

    def parallel_map(function, jobs, smallest):
        results = spread(lambda job: (function(job), os.getpid()), jobs, smallest=smallest)
        encoded_by.extend(pid for _, pid in results)
        return [data for data, _ in results]

    monkeypatch.setattr(cache, "parallel_map", parallel_map)
    cache.save_together(filled(tmp_path / "together"))
    assert len(encoded_by) == 2 * PersistentDict.SHARDS and os.getpid() not in encoded_by
    monkeypatch.setattr(cache, "parallel_map", lambda function, jobs, smallest: [function(job) for job in jobs])
    for kept in filled(tmp_path / "alone"):
        kept.save()
    files = {folder: {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
             for folder in (tmp_path / "together", tmp_path / "alone")}
    assert len(files[tmp_path / "alone"]) == 2 * PersistentDict.SHARDS
    assert files[tmp_path / "together"] == files[tmp_path / "alone"]
    again = filled(tmp_path / "elsewhere")
    assert dict(PersistentDict(tmp_path / "together", "documents")) == dict(again[1])


def test_looking_up_a_key_reads_only_its_shard(tmp_path):
    saved = PersistentDict(tmp_path, "things")
    for number in range(1000):
        saved[f"people/{number}.md"] = number
    saved.save()
    again = PersistentDict(tmp_path, "things")
    assert again.get("people/7.md") == 7
    assert sum(shard is not None for shard in again._shards) == 1


def test_a_saved_dict_lets_go_of_its_items_and_reads_them_again_when_asked(tmp_path):
    things = PersistentDict(tmp_path, "things")
    for number in range(100):
        things[f"people/{number}.md"] = number
    things.release()  # not saved yet: nothing may be let go
    assert things.get("people/7.md") == 7 and len(things) == 100
    things.save()
    things.release()
    assert all(shard is None for shard in things._shards)
    assert things.get("people/7.md") == 7 and len(things) == 100
    in_memory = PersistentDict(None, "things")
    in_memory["people/ada.md"] = 1
    in_memory.save()
    in_memory.release()
    assert in_memory["people/ada.md"] == 1


def test_a_damaged_or_foreign_cache_file_reads_as_empty(tmp_path):
    saved = PersistentDict(tmp_path, "things")
    saved["people/ada.md"] = 1
    saved.save()
    for path in (tmp_path / "things").iterdir():
        path.write_bytes(b"not a pickle")
    assert dict(PersistentDict(tmp_path, "things")) == {}


def test_notes_html_is_kept_between_runs_and_pruned_after_a_whole_build(tmp_path):
    notes = NotesCache(tmp_path)
    used, unused = NotesCache.key("Used.", []), NotesCache.key("Unused.", [])
    notes.add(used, "<p>Used.</p>")
    notes.add(unused, "<p>Unused.</p>")
    notes.save()
    again = NotesCache(tmp_path)
    assert again.get(used) == "<p>Used.</p>"
    again.save(prune=True)
    assert used in NotesCache(tmp_path) and unused not in NotesCache(tmp_path)


def test_equal_keys_digest_equally_whichever_objects_they_share():
    digest = key_digester(lambda file: b"front matter")
    ada = Person("ada", "people/ada.md", "Ada")
    name = "Ada Lovelace"
    shared = (ada, [name, name])
    separate = (Person("ada", "people/ada.md", "Ada"), ["Ada Lovelace", "".join(["Ada ", "Lovelace"])])
    assert digest(shared) == digest(separate)
    assert digest((ada, ["Ada Lovelace", "Ada"])) != digest(shared)


def test_digesting_many_keys_at_once_gives_each_ones_own_digest():
    digest = key_digester(lambda file: b"front matter")
    ada, name = Person("ada", "people/ada.md", "Ada"), "Ada Lovelace"
    keys = [(ada, name), (ada, name), (name, ada), (lambda: name,), (ada, [name, name]), ("Ada",), ada]
    assert digest.each(keys) == [digest(key) for key in keys]
    assert digest.each(keys)[3] is None and len(set(digest.each(keys))) == 6


def test_a_record_digests_by_its_front_matter_tasks_and_links_not_its_prose():
    fronts = {"people/ada.md": b"one"}
    digest = key_digester(fronts.get)
    notes = Person("ada", "people/ada.md", "Ada", body="Notes.")
    other_notes = Person("ada", "people/ada.md", "Ada", body="Other notes.")
    assert digest(notes) == digest(other_notes)
    fronts["people/ada.md"] = b"two"
    assert key_digester(fronts.get)(notes) != digest(notes)


def test_digesters_share_stand_ins_only_for_the_same_record_with_the_same_front_matter(monkeypatch):
    fronts = {"people/ada.md": b"one", "people/alan.md": b"one"}
    ada, alan = Person("ada", "people/ada.md", "Ada"), Person("alan", "people/alan.md", "Alan")
    kept = {}
    before = key_digester(fronts.get, kept)((ada, alan))
    pickled = []
    real = cache._pickled
    monkeypatch.setattr(cache, "_pickled", lambda *arguments: pickled.append(1) or real(*arguments))
    assert key_digester(fronts.get, kept)((ada, alan)) == before
    assert len(pickled) == 1  # the key's own: both records stand as the last digester made them
    fronts["people/ada.md"] = b"two"  # (the same record, its file's front matter changed)
    assert key_digester(fronts.get, kept)((ada, alan)) == key_digester(fronts.get)((ada, alan)) != before
    equal = Person("ada", "people/ada.md", "Ada")  # an equal record is another: its stand-in is made
    pickled.clear()
    assert key_digester(fronts.get, kept)((equal,)) == key_digester(fronts.get)((equal,))
    assert len(pickled) == 4
    del ada, equal
    assert len(kept) == 1  # a record gone takes its stand-in with it


def test_a_record_read_back_from_the_cache_digests_as_it_did_when_parsed(tmp_path):
    root = tmp_path / "network"
    (root / "interviews").mkdir(parents=True)
    (root / "interviews" / "2026-11-10-grace.md").write_text(
        "---\nperson: Grace\ndate: 2026-11-10\n---\n- [ ] Send the paper due:2026-11-30\n")
    parsed = Site(root, TODAY).check().network.interviews[0]  # its task shares the file's name with it
    digest = key_digester(lambda file: b"front matter")
    assert digest((parsed, "page")) == digest((round_trip(parsed), "page"))


def test_check_in_a_new_run_reuses_the_parsed_files(tmp_path, monkeypatch):
    root = tmp_path / "network"
    (root / "people").mkdir(parents=True)
    (root / "people" / "ada.md").write_text("---\nname: Ada\n---\nNotes.\n")
    os.utime(root / "people" / "ada.md", (1_700_000_000, 1_700_000_000))
    assert Site(root, TODAY).check().ok
    import site_builder.content.documents
    monkeypatch.setattr(site_builder.content.documents, "decode_document", None)  # parsing again would fail
    checked = Site(root, TODAY).check()
    assert checked.ok and checked.network.people["ada"].name == "Ada"


def test_a_new_run_with_every_record_kept_reads_no_parsed_file(tmp_path):
    root = tmp_path / "network"
    (root / "people").mkdir(parents=True)
    for name in ("ada", "bo", "cy"):
        (root / "people" / f"{name}.md").write_text(f"---\nname: {name.title()}\n---\nNotes.\n")
        os.utime(root / "people" / f"{name}.md", (1_700_000_000, 1_700_000_000))
    assert Site(root, TODAY).check().ok
    again = Site(root, TODAY)
    assert sorted(again.check().network.people) == ["ada", "bo", "cy"]
    assert all(shard is None for shard in again.documents._documents._shards)


def test_on_a_new_day_records_are_read_again_from_the_kept_documents(tmp_path, monkeypatch):
    root = tmp_path / "network"
    (root / "interviews").mkdir(parents=True)
    (root / "people").mkdir()
    (root / "people" / "ada.md").write_text("---\nname: Ada\n---\n")
    (root / "interviews" / "2026-11-27-ada.md").write_text("---\nperson: ada\ndate: 2026-11-27\n---\n")
    for path in root.rglob("*.md"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    assert Site(root, TODAY).check().network.interviews[0].status == "scheduled"
    import site_builder.content.documents
    monkeypatch.setattr(site_builder.content.documents, "decode_document", None)  # parsing again would fail
    next_day = Site(root, date(2026, 11, 28)).check()
    assert next_day.network.interviews[0].status == "done"


# What reads back must be the same value, of the same types all the way down: a tuple read back as
# a list, or a date as a datetime, would be equal to nothing that was kept.
def same(kept, read) -> bool:
    if type(kept) is not type(read):
        return False
    if is_dataclass(kept):
        return same(vars(kept), vars(read))
    if isinstance(kept, dict):
        return len(kept) == len(read) and all(same(k, r) for k, r in zip(kept.items(), read.items()))
    if isinstance(kept, (list, tuple)):
        return len(kept) == len(read) and all(same(k, r) for k, r in zip(kept, read))
    if isinstance(kept, float) and math.isnan(kept):
        return math.isnan(read)
    if isinstance(kept, datetime):
        return kept == read and kept.utcoffset() == read.utcoffset()
    return kept == read


def round_trip(value):
    return cache_format.loads(cache_format.dumps(value, "test"), "test")


ODD_YAML_VALUES = {
    "met": date(2026, 1, 2),
    "at": datetime(2026, 1, 2, 10, 20, 30, 500),
    "in_berlin": datetime(2026, 1, 2, 10, 20, 30, tzinfo=timezone(timedelta(hours=2))),
    "in_utc": datetime(2026, 1, 2, 10, 20, 30, tzinfo=timezone.utc),
    "nested": [{"a": [1, {"b": None}]}, [], {}],
    "keys": {1: "one", 2.5: "two and a half", True: "yes", None: "nothing", date(2026, 1, 1): "a day"},
    "picture": b"\x00\xffbinary",
    "tags": {"a", "b"},
    "pairs": [("a", 1), ("b", 2)],
    "not_a_number": float("nan"),
    "text": "Zoë \u00e9 \U0001f600 \\ \" \n",
    "looks_like_a_tag": {"t": [1, 2]},
}


def test_every_kind_of_record_the_cache_holds_reads_back_as_it_was():
    task = Task("Send the paper", False, date(2026, 12, 1), "people/ada.md", 7)
    link = WikiLink("grace", 8)
    problem = Diagnostic("people/ada.md", 3, "warning", "unknown key 'met'")
    ada = Person("ada", "people/ada.md", "Ada", company="Engines", emails=("ada@example.com",), tie="strong",
                 introduced_by=Reference("grace", 4), added=date(2026, 1, 2), linkedin_connected=date(2025, 5, 6),
                 cadence=30, extra=(("met", "2026-01-02"),), body="Notes.", tasks=(task,), wiki_links=(link,),
                 lines={"name": 2})
    talk = Interview("Grace", "interviews/2026-11-10-grace.md", Reference("grace", 2), date(2026, 11, 10),
                     person="grace", referrals=(Reference("ada", 5), Reference("Linus", None)), may_follow_up=True)
    document = Document("people/ada.md", "person", "ada", meta={"name": "Ada", **ODD_YAML_VALUES},
                        lines={"name": 2}, item_lines={"nested": [3, 4]}, written={"name": "Ada"}, body="Notes.",
                        diagnostics=[problem], tasks=(task,), wiki_links=(link,), front_matter_digest=b"\x01" * 16)
    config = Config(title="Mine", seeking=("compilers",), edit_url="https://example.com/{path}")
    for value in (task, link, problem, ada, talk, document, config, Person("bo", "people/bo.md", "Bo")):
        assert same(value, round_trip(value)), value


def test_an_empty_field_of_the_wrong_type_is_not_kept():
    # (empty tuples and dicts, most of a record's, are written without looking at their items:
    # their type is still checked, or an empty list would read back as a tuple)
    for value in (Person("ada", "people/ada.md", "Ada", emails=[]), Document("people/ada.md", "person", "ada", lines=[]),
                  Person("ada", "people/ada.md", "Ada", lines=()), Document("people/ada.md", "person", "ada", tasks=[])):
        with pytest.raises(cache_format.Unkeepable):
            cache_format.dumps(value, "test")


def test_odd_yaml_values_read_back_as_they_were():
    for name, value in ODD_YAML_VALUES.items():
        assert same(value, round_trip(value)), name
    assert same(ODD_YAML_VALUES, round_trip(ODD_YAML_VALUES))


def test_a_parsed_file_with_odd_yaml_values_is_kept_and_reads_back_as_parsed(tmp_path, monkeypatch):
    root = tmp_path / "network"
    (root / "people").mkdir(parents=True)
    (root / "people" / "odd.md").write_text(
        "---\nname: Odd\nwhen: 2026-01-02 10:20:30+02:00\nnaive: 2026-01-02 10:20:30.5\nday: 2026-01-02\n"
        "keys: {1: one, 2026-01-01: day, true: yes, null: nothing, 1.5: x}\nblob: !!binary aGVsbG8=\n"
        "set: !!set {a, b}\nomap: !!omap [{a: 1}, {b: 2}]\nnested: [{a: [1, {b: c}]}, []]\nnan: .nan\n---\nBody\n")
    os.utime(root / "people" / "odd.md", (1_700_000_000, 1_700_000_000))
    Site(root, TODAY).check()
    parsed = read_document(root, "people/odd.md", "person")
    import site_builder.content.documents
    monkeypatch.setattr(site_builder.content.documents, "decode_document", None)  # parsing again would fail
    again = Site(root, TODAY)
    again.check()
    assert same(parsed, again.documents.document("people/odd.md"))


def cache_file(payload: bytes, made_by: str = "test") -> bytes:
    """A cache file with the right header: a line naming the code that wrote it and a digest of the rest."""
    return b"ties-cache %s %s\n%s" % (made_by.encode(), hashlib.blake2b(payload, digest_size=16).hexdigest().encode(),
                                      payload)


@pytest.mark.parametrize("payload", [
    b'{"Popen": [["touch", "/tmp/x"]]}',  # a class not allowed
    b'{"zz": 1}',  # a tag not known
    b'{"t": [1], "d": []}',  # two tags in one object
    b'{"t": "text"}',  # a tuple that is not a list
    b'{"Reference": ["ada"]}',  # too few fields
    b'{"Reference": ["ada", "two"]}',  # a line that is not a number
    b'{"Person": ["ada", "people/ada.md", "Ada", null, null, null, [1], [], null, [], "weak", null, null, [], [],'
    b' null, null, null, false, null, null, false, [], "", 1, [], [], []]}',  # an email that is not text
    b'{"Task": ["Send", false, "2026-02-30", "people/ada.md", 3]}',  # a day that does not exist
    b'{"d": [[[1], 2]]}',  # a list as a key
])
def test_a_file_naming_anything_but_the_kept_values_is_foreign(payload):
    assert round_trip(Reference("ada", 2)) == Reference("ada", 2)  # (the same file, with fitting fields, is read)
    with pytest.raises(cache_format.Foreign):
        cache_format.loads(cache_file(payload), "test")


def test_a_file_damaged_cut_short_or_written_by_other_code_is_foreign():
    data = cache_format.dumps({"people/ada.md": (b"digest", date(2026, 11, 26))}, "this code")
    assert cache_format.loads(data, "this code") == {"people/ada.md": (b"digest", date(2026, 11, 26))}
    flipped = bytearray(data)
    flipped[-5] ^= 1
    for damaged in (bytes(flipped), data[:-3], data[:20], b"", pickle.dumps({"people/ada.md": 1})):
        with pytest.raises(cache_format.Foreign):
            cache_format.loads(damaged, "this code")
    with pytest.raises(cache_format.Foreign):
        cache_format.loads(data, "other code")


def test_an_item_the_format_cannot_hold_is_not_kept_and_the_others_are(tmp_path):
    saved = PersistentDict(tmp_path, "things")
    for number in range(200):
        saved[f"people/{number}.md"] = number
    saved["people/7.md"] = object()  # (say, a value of a YAML type not foreseen)
    saved.save()
    again = PersistentDict(tmp_path, "things")
    assert len(again) == 199 and "people/7.md" not in again and again["people/8.md"] == 8


NETWORK = {
    "people/ada.md": "---\nname: Ada Lovelace\ncompany: Engines\ntopics: [compilers]\nadded: 2026-01-02\n"
                     "met: 2026-01-02 10:20:30+02:00\nemail: ada@example.com\n---\n"
                     "Knows [[grace]].\n\n- [ ] Send the paper due:2026-12-01\n",
    "people/grace.md": "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-01\n---\nNotes on Grace.\n",
    "people/alan.md": "---\nname: Alan Turing\nintroduced_by: grace\ntags: [maths]\n---\nMentions [[Linus]].\n",
    "interviews/2026-11-10-grace.md": "---\nperson: grace\ndate: 2026-11-10\nreferrals: [alan, Linus]\n---\n"
                                      "## Summary\nGood talk.\n\n- [ ] Send [[alan]] the paper due:2026-11-30\n",
}
EDITED = ("people/grace.md", "---\nname: Grace Hopper\nintroduced_by: ada\ncontacted: 2026-11-02\n---\nNew notes.\n")


def write_network(root: Path, edited: bool = False) -> Path:
    """The network, its files written long ago (so the last build's record is kept); `edited`:
    with one person's notes and contact date changed since."""
    files = {**NETWORK, **(dict([EDITED]) if edited else {})}
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
        when = 1_700_000_000 + (100 if edited and path == EDITED[0] else 0)
        os.utime(root / path, (when, when))
    return root


def build(root: Path, out: Path) -> int:
    return main(["build", "--root", str(root), "--today", "2026-11-26", "--out", str(out)])


def site_files(out: Path) -> dict[str, bytes]:
    """Every file of the site, search index and marker and all."""
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A network built once with the cache in `cache/`, and what fresh builds (each with a cache
    of its own) give for it as it is and once edited: (root, out, cache folder, {edited: site})."""
    root = write_network(tmp_path / "network")
    fresh = {}
    for edited in (False, True):
        monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / f"fresh-cache-{edited}"))
        assert build(write_network(root, edited), tmp_path / f"fresh-{edited}") == 0
        fresh[edited] = site_files(tmp_path / f"fresh-{edited}")
    assert fresh[False] != fresh[True] and MARKER in fresh[False]
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))
    assert build(write_network(root), tmp_path / "out") == 0
    return root, tmp_path / "out", cache_folder(root), fresh


class Trap:
    """A pickle that, read, would run a shell command creating a file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch '{self.marker}'",)


@pytest.mark.slow
def test_a_pickle_put_in_the_cache_is_never_run_and_the_site_is_as_built_fresh(built, tmp_path):
    root, out, folder, fresh = built
    trap, ran = pickle.dumps(Trap(tmp_path / "ran")), tmp_path / "ran"
    kept = [path for path in folder.rglob("*") if path.is_file()]
    assert {path.relative_to(folder).parts[0] for path in kept} >= {
        "records", "documents", "stamps", "notes", "outputs", f"builds{SUFFIX}"}
    for path in kept:
        path.write_bytes(trap)
        path.with_suffix(".pickle").write_bytes(trap)  # where earlier versions kept their pickles
    for shards in ("records", "documents", "stamps", "notes"):
        for number in range(PersistentDict.SHARDS):
            (folder / shards / f"{number:02d}.pickle").write_bytes(trap)
    (folder / "builds.json").write_bytes(trap)
    for edited in (False, True):
        assert build(write_network(root, edited), out) == 0
        assert not ran.exists()
        assert site_files(out) == fresh[edited]


def test_the_pickles_an_earlier_version_kept_are_removed_as_their_places_are_written_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))
    root = write_network(tmp_path / "network")
    folder = cache_folder(root)
    legacy = [folder / "records" / "00.pickle", folder / "notes" / "17.pickle", folder / "builds.json"]
    for path in legacy:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"an earlier version's pickle")
    assert build(root, tmp_path / "out") == 0
    assert [path for path in legacy if path.exists()] == []
    assert not list(folder.rglob("*.pickle"))


def test_documents_older_than_the_files_stamps_are_never_used(tmp_path, monkeypatch):
    # A run stopped after saving its files' stamps and before saving their parsed documents leaves
    # the documents of the files as they were before: on a new day, when every record is made
    # again from the kept documents, those must not be taken for the files as they are.
    root = write_network(tmp_path / "network")
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))
    folder = cache_folder(root)
    assert build(root, tmp_path / "out") == 0
    shutil.copytree(folder / "documents", tmp_path / "documents-before")
    assert build(write_network(root, edited=True), tmp_path / "out") == 0
    shutil.rmtree(folder / "documents")
    shutil.copytree(tmp_path / "documents-before", folder / "documents")
    next_day = ["--today", "2026-11-27"]
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "out"), *next_day]) == 0
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "fresh-cache"))
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "fresh"), *next_day]) == 0
    assert site_files(tmp_path / "out") == site_files(tmp_path / "fresh")


@pytest.mark.slow
def test_a_damaged_or_cut_short_cache_file_is_made_again_and_the_site_is_as_built_fresh(built, tmp_path):
    root, out, folder, fresh = built
    kept_out, kept_cache = tmp_path / "kept-out", tmp_path / "kept-cache"
    shutil.copytree(out, kept_out)
    shutil.copytree(folder, kept_cache)
    kinds = sorted({path.relative_to(folder).parts[0] for path in folder.rglob("*") if path.is_file()})
    assert len(kinds) == 8  # records, documents, stamps, notes, outputs, exports, the builds' and the checks' record
    trials = random.Random(20)
    for trial in range(64):
        shutil.rmtree(out)
        shutil.rmtree(folder)
        shutil.copytree(kept_out, out)
        shutil.copytree(kept_cache, folder)
        kind = kinds[trial % len(kinds)]
        path = trials.choice(sorted(path for path in folder.rglob("*") if path.is_file()
                                    and path.relative_to(folder).parts[0] == kind))
        data = bytearray(path.read_bytes())
        if trial % 2:
            del data[trials.randrange(len(data)):]
        else:
            for _ in range(trials.randint(1, 3)):
                data[trials.randrange(len(data))] ^= trials.randrange(1, 256)
        path.write_bytes(data)
        # Into the folder the last build wrote (which may be up to date, and keeps what pages are
        # made from) or into a new one (every page made from the kept records and notes); with the
        # network as it was or edited since.
        edited, into = trial // len(kinds) % 2 == 1, out if trial // (2 * len(kinds)) % 2 else tmp_path / f"new-{trial}"
        assert build(write_network(root, edited), into) == 0, (trial, path)
        assert site_files(into) == fresh[edited], (trial, path)
