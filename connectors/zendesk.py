"""Zendesk Support as a dlt source, over HTTP with requests.

Tickets and users come from the cursor-based incremental exports, which never repeat a record and
return deleted tickets with status "deleted"; the last cursor is kept in dlt's resource state, so a
night resumes exactly where the previous one ended. Organizations only have the time-based export,
which repeats records sharing the boundary second: merging on id makes that harmless.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import dlt
import requests
from dlt.sources import DltResource

from connectors.retries import mount_retries, transient

PAGE = 1000


@transient
def _get(session: requests.Session, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    response = session.get(url, params=params, timeout=60)
    response.raise_for_status()
    return response.json()


def _cursor_export(session: requests.Session, base_url: str, key: str, size: int) -> Iterator[list[dict[str, Any]]]:
    state = dlt.current.resource_state()
    url = f"{base_url}/api/v2/incremental/{key}/cursor.json"
    params: dict[str, Any] = {"per_page": size}
    if state.get("after_cursor"):
        params["cursor"] = state["after_cursor"]
    else:
        params["start_time"] = 0
    while True:
        page = _get(session, url, params)
        if page[key]:
            yield page[key]
        if page.get("after_cursor"):
            state["after_cursor"] = page["after_cursor"]
        if page["end_of_stream"]:
            return
        params = {"per_page": size, "cursor": page["after_cursor"]}


def _time_export(session: requests.Session, base_url: str, key: str, size: int) -> Iterator[list[dict[str, Any]]]:
    state = dlt.current.resource_state()
    start = state.get("start_time", 0)
    while True:
        try:
            page = _get(session, f"{base_url}/api/v2/incremental/{key}.json", {"start_time": start, "per_page": size})
        except requests.HTTPError as error:
            if _too_recent(error):
                return
            raise
        if page[key]:
            yield page[key]
        state["start_time"] = page["end_time"]
        if page["end_of_stream"]:
            return
        if page["end_time"] == start:
            raise RuntimeError(f"Zendesk {key} export cannot advance: over {size} records updated at {start}")
        start = page["end_time"]


def _too_recent(error: requests.HTTPError) -> bool:
    """Zendesk refuses a start_time within its last minute. The saved start is the newest change
    already loaded, so after a recent change there is nothing older left to read: the records of
    that minute come with the next night, from the same saved start."""
    response = error.response
    return response is not None and response.status_code == 400 and "Too recent start_time" in response.text


def _ratings(session: requests.Session, base_url: str, size: int) -> Iterator[list[dict[str, Any]]]:
    state = dlt.current.resource_state()
    params: dict[str, Any] = {"page[size]": min(size, 100), "start_time": state.get("start_time", 0)}
    newest = params["start_time"]
    url: str | None = f"{base_url}/api/v2/satisfaction_ratings"
    while url:
        page = _get(session, url, params)
        ratings = page["satisfaction_ratings"]
        if ratings:
            yield ratings
        url, params = (page["links"]["next"], None) if page["meta"]["has_more"] else (None, None)
        for rating in ratings:
            newest = max(newest, _epoch_s(rating["created_at"]))
    state["start_time"] = newest


def _epoch_s(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


@dlt.source(name="zendesk", max_table_nesting=1)
def zendesk_source(session: requests.Session, base_url: str, page_size: int = PAGE) -> Iterator[DltResource]:
    mount_retries(session)
    for key in ("tickets", "users"):
        yield dlt.resource(
            _cursor_export(session, base_url, key, page_size), name=key, primary_key="id", write_disposition="merge"
        )
    yield dlt.resource(
        _time_export(session, base_url, "organizations", page_size),
        name="organizations",
        primary_key="id",
        write_disposition="merge",
    )
    yield dlt.resource(
        _ratings(session, base_url, page_size), name="satisfaction_ratings", primary_key="id", write_disposition="merge"
    )
