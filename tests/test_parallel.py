"""Work spread over forked processes: results in order, and never far ahead of their use."""

from __future__ import annotations

import os

import pytest

from site_builder import parallel


def _mark(folder, number: int) -> int:
    (folder / str(number)).touch()
    return number * number


@pytest.mark.slow
@pytest.mark.skipif(parallel.workers() < 2, reason="needs two cores to fork workers")
def test_results_come_in_order_and_only_a_few_chunks_ahead_of_the_caller(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # other tests' idle threads: safe to fork
    items = list(range(2000))
    results = parallel.parallel_results(lambda number: _mark(tmp_path, number), items, processes=2)
    assert next(results) == 0
    chunk = -(-len(items) // (2 * parallel.CHUNKS_PER_PROCESS))
    made = len(list(tmp_path.iterdir()))
    # those given out at first, and the one given out as the first was taken; the rest wait
    assert made <= chunk * (2 + parallel.AHEAD + 1) < len(items) / 2
    assert [0, *results] == [number * number for number in items]
    assert len(list(tmp_path.iterdir())) == len(items)
    assert made > 1  # made by workers while the caller waited for the first


def test_a_small_batch_runs_in_this_process():
    assert parallel.parallel_map(lambda number: number + 1, [1, 2, 3]) == [2, 3, 4]


def test_spread_gives_each_chunk_its_share_of_a_run_of_costly_items():
    items = list(range(2000))
    costly = set(range(100))  # like the index pages, planned before the people's pages
    spread = parallel.spread(items, processes=2)
    assert sorted(spread) == items
    chunks = 2 * parallel.CHUNKS_PER_PROCESS
    step = -(-len(items) // chunks)
    shares = [len(costly.intersection(spread[start:start + step])) for start in range(0, len(items), step)]
    assert max(shares) <= -(-len(costly) // chunks) + 1  # not all of them in the first chunk


@pytest.mark.skipif(parallel.workers() < 2, reason="needs two cores to fork workers")
def test_a_few_costly_items_go_to_workers_when_asked_and_a_batch_inside_a_batch_stays_in_its_worker(monkeypatch):
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # other tests' idle threads: safe to fork

    def inner(_) -> tuple[int, set[int]]:  # a worker's own batch: no children of its own
        return os.getpid(), set(parallel.parallel_map(lambda _: os.getpid(), range(1000), processes=2))

    results = parallel.parallel_map(inner, range(4), processes=2, smallest=2)
    assert all(pid != os.getpid() and made == {pid} for pid, made in results)
    assert parallel.parallel_map(lambda _: os.getpid(), range(4), processes=2) == [os.getpid()] * 4
