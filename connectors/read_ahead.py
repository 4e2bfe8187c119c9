"""Fetch the next pages of a paged API while the current one is being processed.

A paged read alternates: wait for the server, then turn the page into rows while the server
waits. Asking for the following pages as soon as page n has arrived keeps both sides busy; the
pages still arrive one at a time and in order, so cursors and incremental state see what they
always saw.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_END = object()


def read_ahead(pages: Iterator[T], depth: int = 1) -> Iterator[T]:
    """``pages`` up to ``depth`` pages ahead; an error of a fetch is raised here, in order.

    One worker advances ``pages``, so the iterator is never entered twice at once and pages are
    fetched in their order; ``depth`` bounds how many wait in memory.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
    pending: deque[Future[object]] = deque(pool.submit(next, pages, _END) for _ in range(depth))
    try:
        while True:
            page = pending.popleft().result()
            if page is _END:
                return
            pending.append(pool.submit(next, pages, _END))
            yield page  # type: ignore[misc]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
