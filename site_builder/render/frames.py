"""The frame of the pages made once for all the pages it fits.

The frame is what the base template (`base.html`) writes around a page's blocks: the head, the
header with its links, the footer. Most pages get the same frame as their neighbours (every
person's page links to the same places, from the same depth), and making it was half the
rendering of a page with no notes. So the frame is rendered once, noting all it read: each
variable of the page's context (and which object it was) and every question asked of the
page's path (`url()` asks where a link leads from it, the navigation whether it is the page a
link leads to). Another page takes that frame only if each variable is the same object and
every question gets the same answer for its path; else its own frame is made and kept.

A frame is only kept after it is checked, when first made, against the page rendered whole;
anything the noting cannot follow (a variable the frame sets for the blocks, a block called
with variables of the frame's, the path used other than by asking it something, the whole
context read) makes the base template render every page whole, as it does without frames
(`KeepNothing`: a test builds both ways and compares the bytes).
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, Iterator

import jinja2
from jinja2.runtime import Context

from . import urls

_BLOCK = "\x00frame-block\x00"  # stands for a block's text while the frame is made
_KEPT = 16  # frames kept for the pages of a folder and depth: one per list page, one for the others
# Pages of one folder and depth a build renders, at least, for a frame to be made for them: making
# one renders the first page's blocks twice more (to note the frame, to check it), which a rebuild
# of a few pages, the index pages' long lists among them, pays for and never gets back.
WORTH_A_FRAME = 4
PAGE_PATH = "page_path"


class _Unsure(Exception):
    """The frame being made used what it read in a way that cannot be followed."""


def link(target: str, page: str | AskedPath) -> str:
    """`urls.relative_url(target, page)`: the link to `target` from the page, asked of its path
    while a frame is made (most links read the same from all the pages of one depth). Every
    link the theme makes goes through here, so that a frame holding it may still be shared."""
    return page.ask(_link_from, target) if isinstance(page, AskedPath) else urls.relative_url(target, page)


def _link_from(page: str, target: str) -> str:
    return urls.relative_url(target, page)


class AskedPath:
    """A page's path as the frame sees it: each question asked of it, and the answer, noted."""

    def __init__(self, path: str):
        self._path = path
        self.asked: list[tuple[Callable, tuple, object]] = []

    def ask(self, question: Callable, *arguments):
        """`question(path, *arguments)`, noted."""
        answer = question(self._path, *arguments)
        self.asked.append((question, arguments, answer))
        return answer

    def __getattr__(self, name: str):  # a method of str: `startswith`, `count`...
        method = getattr(str, name)
        return lambda *arguments: self.ask(method, *arguments)

    def __eq__(self, other):
        return self.ask(str.__eq__, other)

    def __ne__(self, other):
        return self.ask(str.__ne__, other)

    def __len__(self):
        return self.ask(str.__len__)

    def _whole(self, *_):  # written out, hashed, iterated...: not a question a neighbour's path may answer alike
        raise _Unsure("the page's path used whole")

    __str__ = __repr__ = __format__ = __hash__ = __bool__ = __iter__ = __contains__ = __getitem__ = _whole
    __add__ = __radd__ = __mod__ = __lt__ = __le__ = __gt__ = __ge__ = __html__ = _whole

    def answers_alike(self, path: str) -> bool:
        return all(question(path, *arguments) == answer for question, arguments, answer in self.asked)


class _NotingContext(Context):
    """A template context noting each variable read from it (what `context["x"]` and the
    compiled templates' lookups read)."""

    def __init__(self, *arguments, **keywords):
        super().__init__(*arguments, **keywords)
        self.read: dict[str, object] = {}

    def resolve_or_missing(self, key: str):
        value = super().resolve_or_missing(key)
        self.read[key] = value
        return value

    def get_all(self):  # (an include or an import with context takes all: more than can be noted)
        raise _Unsure("the whole context read")


class _Frame:
    """A frame: its text between the blocks, which blocks, and what it read of the page."""

    def __init__(self, parts: list[str], blocks: list[str], read: dict[str, object], path: AskedPath):
        self.parts, self.blocks, self.read, self.path = parts, blocks, read, path

    def fits(self, context: Context) -> bool:
        # (the same objects: the build's settings, model and the theme's functions are shared by its pages)
        return (all(context.resolve_or_missing(name) is value for name, value in self.read.items())
                and self.path.answers_alike(context.resolve_or_missing(PAGE_PATH)))

    def render(self, context: Context) -> str:
        texts = [self.parts[0]]
        for block, part in zip(self.blocks, self.parts[1:]):
            texts += ("".join(context.blocks[block][0](context)), part)
        return "".join(texts)


def _where(path: str) -> tuple[str, int]:
    """The page's top folder and depth: where its frame is looked for first."""
    return path.partition("/")[0], path.count("/")


class Frames:
    """The frames of the pages extending `base` (a template that extends none), made once for
    the pages they fit: the template's own rendering is replaced by `render` (the function the
    templates extending it call)."""

    def __init__(self, base: jinja2.Template):
        self.whole = base.root_render_func  # the base template rendering a page whole
        # By the page's top folder and depth (where to look first: each is still checked), the last used first.
        self.kept: dict[tuple[str, int], list[_Frame]] = {}
        self.made = 0  # how many frames were made (and checked)
        self.sure = True  # False once a frame could not be followed: then every page is rendered whole
        self.worth: set[tuple[str, int]] = set()  # the folders and depths frames are made for (`forget`)
        base.root_render_func = self.render  # what Jinja's templates extending it call

    def forget(self, paths: Iterable[str]) -> None:
        """Let go of the frames (and of the objects they read): before the pages of another build,
        at `paths`. Frames are made only for the folders and depths of many of them."""
        self.kept.clear()
        self.worth = {where for where, count in Counter(map(_where, paths)).items() if count >= WORTH_A_FRAME}

    def render(self, context: Context) -> Iterator[str]:
        path = context.resolve_or_missing(PAGE_PATH)
        if not self.sure or not isinstance(path, str) or _where(path) not in self.worth:
            yield from self.whole(context)
            return
        kept = self.kept.setdefault(_where(path), [])
        for number, frame in enumerate(kept):
            if frame.fits(context):
                kept.insert(0, kept.pop(number))
                yield frame.render(context)
                return
        yield self._made(context, kept)

    def _made(self, context: Context, kept: list[_Frame]) -> str:
        """The page with a frame made for it, kept (in `kept`) if it gives the page rendered whole."""
        whole = "".join(self.whole(context))
        self.made += 1
        try:
            frame = self._frame(context)
        except Exception:  # `_Unsure`, or an error of the path standing in for the page's
            frame = None
        if frame is None or frame.render(context) != whole:
            self.sure = False
        else:
            kept.insert(0, frame)
            del kept[_KEPT:]
        return whole

    def _frame(self, context: Context) -> _Frame:
        path = AskedPath(context.resolve_or_missing(PAGE_PATH))
        called: list[tuple[str, Context]] = []
        noting = _NotingContext(context.environment, {**context.get_all(), PAGE_PATH: path}, context.name,
                                {name: self._stand_in(name, called) for name in context.blocks})
        text = "".join(self.whole(noting))
        if noting.vars or noting.exported_vars or any(called_in is not noting for _, called_in in called):
            raise _Unsure("the frame sets variables, or calls a block with variables of its own")
        noting.read.pop(PAGE_PATH, None)
        return _Frame(text.split(_BLOCK), [name for name, _ in called], noting.read, path)

    @staticmethod
    def _stand_in(name: str, called: list[tuple[str, Context]]):
        """A block that only notes it was called (and with what) and stands in for its text."""
        def block(context):
            called.append((name, context))
            yield _BLOCK
        return block
