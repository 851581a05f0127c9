"""What a `Site`'s checks and builds keep in memory for the next one in the same process: the
last check's files and model, the memo, the output cache of the folder the last build wrote,
and what the last build in place showed and left to the build after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..checked import Checked
from ..content.documents import ContentFile
from ..network.assemble import Network
from ..render.pages import SiteContent
from .memo import Memo
from .outputs import OutputCache


@dataclass
class LastCheck:
    """What the last check found: the content files, the network made of them that day, and
    the digest of each file it was made from."""

    files: list[ContentFile]
    network: Network
    today: date
    made_from: dict[str, bytes | None]


@dataclass
class LastUpdate:
    """What the last build in place showed, for a quick rebuild when only notes change."""

    out: Path
    checked: Checked
    content: SiteContent
    files: dict[str, object]  # every file of the site, as `ON_DISK`


@dataclass
class InProcess:
    """What the last check and build in this process made, for the next to start from (and
    what the build under way makes, as it goes)."""

    outputs: OutputCache | None = None  # what each file of the folder the last build wrote was made from
    paths: frozenset[str] = frozenset()  # the files the last build left in its output folder
    check: LastCheck | None = None
    read_again: dict[str, ContentFile] = field(default_factory=dict)  # files whose record was made again since
    replaced: dict[str, tuple] = field(default_factory=dict)  # path -> its record kept before this check read it again
    memo: Memo = field(default_factory=Memo)
    update: LastUpdate | None = None
    left_for_later: bool = False  # the last build in place left exports or digests to the build after
    save_later: bool = False  # this build's pages wait to be reloaded: the build after saves the caches
    unsaved: bool = False  # files read and records made are not saved in the cache folder yet
    check_inputs: str | None = None  # what a check of the files this build looked at reads (`Keeper.inputs`)
    export_pieces: bool = False  # this build joins its exports from kept pieces (`Plan.export_pieces`)
    # Export path -> the pieces of the one made last, for the next to take those made from the same.
    export_texts: dict[str, list] = field(default_factory=dict)
