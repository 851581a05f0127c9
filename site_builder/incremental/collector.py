"""Pausing Python's cyclic garbage collector while a build runs: a speedup the program running
ties chooses (the `ties` command does, for `build`, `serve` and `watch`), never a side effect
of calling the library, which leaves the collector as it found it.

A build makes millions of objects that live on (in the model and the caches) and almost no
reference cycles; the collector's passes over them cost a third of a rebuild and find nothing.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

_paused = False  # by `collector_paused`, which lets it run while pages render


@contextmanager
def collector_paused():
    """Run the block with the cyclic collector paused; afterwards, what it made is frozen out of
    the collector's way (a reference count still frees each object when it is no longer used).
    A collector already off is left off, and nothing is frozen."""
    global _paused
    if not gc.isenabled():
        yield
        return
    gc.disable()
    _paused = True
    try:
        yield
    finally:
        _paused = False
        gc.freeze()
        gc.enable()


@contextmanager
def cycles_collected():
    """Within `collector_paused`: rendering makes cycles that die young (each template's macros
    and the module holding them refer to each other); with everything made so far frozen out of
    its way, the collector frees them page by page, instead of letting them pile up until the
    build ends. Elsewhere it does nothing."""
    if gc.isenabled() or not _paused:
        yield
        return
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.disable()
