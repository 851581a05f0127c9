"""Spreading a large batch of independent work over the machine's cores.

Forked workers inherit the model and the compiled templates from the parent, so nothing but
the results crosses between processes. Where forking is unsafe or unavailable (threads are
running, or the system cannot fork), or the batch is small, or it is asked for by work already
in a batch (a worker has no children), the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from itertools import islice
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

SMALL = 400  # below this many items (of a few milliseconds at most), starting processes costs more than it saves
CHUNKS_PER_PROCESS = 16  # smaller chunks: results arrive sooner and fewer are held at once
AHEAD = 1  # chunks given out beyond one per process, so that no worker waits for the next

_task: tuple[Callable, Sequence] | None = None

Progress = Callable[[str, int, int], None]  # told (what is being done, how many done, of how many) as work goes


def workers() -> int:
    """How many processes may work at once: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], processes: int | None = None,
                 smallest: int | None = None) -> list[Result]:
    """`[function(item) for item in items]`, computed by forked processes when worth it."""
    return list(parallel_results(function, items, processes, smallest))


def parallel_results(function: Callable[[Item], Result], items: Sequence[Item],
                     processes: int | None = None, smallest: int | None = None) -> Iterator[Result]:
    """`function(item)` for each item, in order, as they come (so each can be used and dropped
    before all are made), computed by forked processes when worth it: for at least `smallest`
    items (`SMALL`; fewer, if each takes a good part of a second)."""
    global _task
    processes = processes or workers()
    smallest = SMALL if smallest is None else max(2, smallest)
    if (processes < 2 or len(items) < smallest or _task is not None or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield from (function(item) for item in items)
        return
    step = -(-len(items) // (processes * CHUNKS_PER_PROCESS))
    chunks = [(start, min(start + step, len(items))) for start in range(0, len(items), step)]
    _task = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            # A few chunks ahead, no more: results the caller has not taken yet wait in memory.
            given_out = iter(chunks)
            waiting = deque(pool.apply_async(_run_chunk, (bounds,))
                            for bounds in islice(given_out, processes + AHEAD))
            while waiting:
                part = waiting.popleft().get()
                waiting.extend(pool.apply_async(_run_chunk, (bounds,)) for bounds in islice(given_out, 1))
                yield from part
    finally:
        _task = None


def spread(items: Sequence[Item], processes: int | None = None) -> list[Item]:
    """`items` in another order, in which each chunk `parallel_results` hands out takes its share
    of every part of the list. Results come in the order of the chunks, so a run of costly items
    in one chunk (the index pages, planned first) keeps one process busy while the others, given
    no more than a chunk ahead, wait."""
    chunks = (processes or workers()) * CHUNKS_PER_PROCESS
    return [items[index] for start in range(chunks) for index in range(start, len(items), chunks)]


def _run_chunk(bounds: tuple[int, int]) -> list:
    function, items = _task
    return [function(items[index]) for index in range(*bounds)]
