"""Reading one page ahead: the same pages in the same order, the next one fetched early, errors in place."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from connectors.read_ahead import read_ahead


def test_every_page_arrives_once_and_in_order() -> None:
    assert list(read_ahead(iter(range(50)))) == list(range(50))
    assert list(read_ahead(iter([]))) == []


def test_the_next_page_is_fetched_while_the_current_one_is_processed() -> None:
    second_fetched = threading.Event()

    def pages() -> Iterator[int]:
        yield 1
        second_fetched.set()
        yield 2

    reader = read_ahead(pages())
    assert next(reader) == 1
    # The consumer has not asked for page 2, yet it is on its way.
    assert second_fetched.wait(timeout=5)
    assert list(reader) == [2]


def test_a_failed_fetch_is_raised_after_the_pages_before_it() -> None:
    def pages() -> Iterator[int]:
        yield 1
        yield 2
        raise ConnectionError("page 3: connection reset")

    reader = read_ahead(pages())
    assert [next(reader), next(reader)] == [1, 2]
    with pytest.raises(ConnectionError, match="page 3"):
        next(reader)


def test_a_consumer_that_stops_early_leaves_no_fetch_running() -> None:
    fetched: list[int] = []

    def pages() -> Iterator[int]:
        for page in range(100):
            fetched.append(page)
            yield page

    reader = read_ahead(pages())
    assert next(reader) == 0
    reader.close()
    # At most the page after the one consumed was fetched, and nothing runs on.
    assert fetched in ([0], [0, 1])
    assert not [t for t in threading.enumerate() if t.name.startswith("read-ahead")]


def test_a_deeper_read_ahead_keeps_order_and_fetches_that_many_pages_early() -> None:
    fetched: list[int] = []
    three_fetched = threading.Event()

    def pages() -> Iterator[int]:
        for page in range(20):
            fetched.append(page)
            if len(fetched) == 3:
                three_fetched.set()
            yield page

    reader = read_ahead(pages(), depth=2)
    assert next(reader) == 0
    assert three_fetched.wait(timeout=5)
    assert fetched[:3] == [0, 1, 2]
    assert list(reader) == list(range(1, 20))
