"""What ties keeps between runs, in its cache folder: parsed files, records, notes' HTML and the
digests of what each output file was made from. Losing any of it only makes a run slower."""

from __future__ import annotations

import os
from datetime import date

from site_builder.cache import NotesCache, PersistentDict, key_digester
from site_builder.model import Person
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


def test_a_record_digests_by_its_front_matter_tasks_and_links_not_its_prose():
    fronts = {"people/ada.md": b"one"}
    digest = key_digester(fronts.get)
    notes = Person("ada", "people/ada.md", "Ada", body="Notes.")
    other_notes = Person("ada", "people/ada.md", "Ada", body="Other notes.")
    assert digest(notes) == digest(other_notes)
    fronts["people/ada.md"] = b"two"
    assert key_digester(fronts.get)(notes) != digest(notes)


def test_check_in_a_new_run_reuses_the_parsed_files(tmp_path, monkeypatch):
    root = tmp_path / "network"
    (root / "people").mkdir(parents=True)
    (root / "people" / "ada.md").write_text("---\nname: Ada\n---\nNotes.\n")
    os.utime(root / "people" / "ada.md", (1_700_000_000, 1_700_000_000))
    assert Site(root, TODAY).check().ok
    import site_builder.documents
    monkeypatch.setattr(site_builder.documents, "decode_document", None)  # parsing again would fail
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
    import site_builder.documents
    monkeypatch.setattr(site_builder.documents, "decode_document", None)  # parsing again would fail
    next_day = Site(root, date(2026, 11, 28)).check()
    assert next_day.network.interviews[0].status == "done"
