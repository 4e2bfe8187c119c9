"""Fast JSON responses and each service's own error bodies."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from abe_hub.sandbox.emulator.context import HUBSPOT, SALESFORCE, ZENDESK, RequestLogEntry


class JSON(Response):
    """orjson-encoded JSON: the emulator's hot path is serialising pages of records."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def note_records(request: Request, obj: str, count: int) -> None:
    """Tell the request log how many records this answer carries."""
    entry: RequestLogEntry | None = request.scope.get("abe.log_entry")
    if entry is not None:
        entry.object = obj
        entry.records += count


def salesforce_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSON:
    return JSON([{"message": message, "errorCode": code}], status_code=status, headers=headers)


def hubspot_error(status: int, category: str, message: str, **extra: Any) -> JSON:
    body = {
        "status": "error",
        "message": message,
        "correlationId": str(uuid.uuid4()),
        "category": category,
        **extra,
    }
    return JSON(body, status_code=status)


def zendesk_error(status: int, error: str, description: str | None = None) -> JSON:
    body: dict[str, Any] = {"error": error}
    if description:
        body["description"] = description
    return JSON(body, status_code=status)


def unauthorized(system: str) -> JSON:
    """The 401 each real service sends for a bad or missing token."""
    if system == SALESFORCE:
        return salesforce_error(401, "INVALID_SESSION_ID", "Session expired or invalid")
    if system == HUBSPOT:
        return hubspot_error(
            401,
            "INVALID_AUTHENTICATION",
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can "
            "find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
        )
    if system == ZENDESK:
        return zendesk_error(401, "Couldn't authenticate you")
    raise ValueError(f"unknown system {system!r}")
