"""Fetch the next page of a paged API while the current one is being processed.

A paged read alternates: wait for the server, then turn the page into rows while the server
waits. Asking for page n+1 as soon as page n has arrived keeps both sides busy; the pages still
arrive one at a time and in order, so cursors and incremental state see what they always saw.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_END = object()


def read_ahead(pages: Iterator[T]) -> Iterator[T]:
    """``pages`` one page ahead, in a worker thread; an error of the fetch is raised here, in order."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as pool:
        pending = pool.submit(next, pages, _END)
        while True:
            page = pending.result()
            if page is _END:
                return
            pending = pool.submit(next, pages, _END)
            yield page  # type: ignore[misc]
