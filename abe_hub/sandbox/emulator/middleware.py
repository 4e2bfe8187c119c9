"""The emulators' front door: request log, authentication, quotas and fault injection.

Written as plain ASGI middleware (not Starlette's BaseHTTPMiddleware) so that a dropped
connection can be emulated for real: the client receives a truncated body, not a tidy error.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import random
import threading

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from abe_hub.sandbox.emulator.context import (
    HUBSPOT,
    SALESFORCE,
    EmulatorContext,
    RequestLogEntry,
    system_of,
)
from abe_hub.sandbox.emulator.responses import JSON, hubspot_error, salesforce_error, unauthorized, zendesk_error


class FaultStream:
    """A seeded, thread-safe stream of per-request fault decisions."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def draw(self) -> float:
        with self._lock:
            return self._rng.random()


def _authorized(ctx: EmulatorContext, system: str, headers: Headers) -> bool:
    auth = headers.get("authorization", "")
    if system in (SALESFORCE, HUBSPOT):
        token = ctx.tokens.salesforce if system == SALESFORCE else ctx.tokens.hubspot
        return auth == f"Bearer {token}"
    if auth.startswith("Bearer "):
        return auth == f"Bearer {ctx.tokens.zendesk}"
    if auth.startswith("Basic "):
        expected = f"{ctx.tokens.zendesk_email}/token:{ctx.tokens.zendesk}".encode()
        try:
            return base64.b64decode(auth[6:]) == expected
        except ValueError:
            return False
    return False


def _rate_limited(ctx: EmulatorContext, system: str, policy: str) -> JSON:
    retry_after = str(ctx.faults.retry_after_seconds)
    if system == SALESFORCE:
        return salesforce_error(
            503, "SERVER_UNAVAILABLE", "Too many concurrent requests; try again later.", {"Retry-After": retry_after}
        )
    if system == HUBSPOT:
        response = hubspot_error(
            429,
            "RATE_LIMITS",
            "You have reached your secondly limit." if policy == "SECONDLY" else "You have reached your daily limit.",
            errorType="RATE_LIMIT",
            policyName=policy,
        )
        response.headers.update(
            {
                "Retry-After": retry_after,
                "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
                "X-HubSpot-RateLimit-Max": "190",
                "X-HubSpot-RateLimit-Remaining": "0",
            }
        )
        return response
    response = zendesk_error(429, "TooManyRequests", "Rate limit for incremental exports exceeded")
    response.headers["Retry-After"] = retry_after
    return response


def _server_error(system: str, draw: float) -> JSON:
    status = (500, 502, 503)[int(draw * 1000) % 3]
    if system == SALESFORCE:
        return salesforce_error(status, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please try again.")
    if system == HUBSPOT:
        return hubspot_error(status, "INTERNAL_ERROR", "internal error")
    return zendesk_error(status, "InternalServerError", "Something went wrong")


class EmulatorMiddleware:
    def __init__(self, app: ASGIApp, ctx: EmulatorContext) -> None:
        self.app = app
        self.ctx = ctx
        self._stream = FaultStream(ctx.faults.seed)
        self._stream_seed = ctx.faults.seed

    def _draw(self) -> float:
        if self._stream_seed != self.ctx.faults.seed:
            self._stream = FaultStream(self.ctx.faults.seed)
            self._stream_seed = self.ctx.faults.seed
        return self._stream.draw()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        system = system_of(scope["path"])
        if system is None:
            await self.app(scope, receive, send)
            return
        ctx = self.ctx
        entry = RequestLogEntry(system=system, method=scope["method"], path=scope["path"])
        ctx.log.append(entry)
        scope["abe.log_entry"] = entry

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                if system == SALESFORCE:
                    usage = f"api-usage={ctx.salesforce_requests}/{ctx.limits.salesforce_daily_requests}"
                    message.setdefault("headers", []).append((b"sforce-limit-info", usage.encode()))
            await send(message)

        if not _authorized(ctx, system, Headers(scope=scope)):
            entry.fault = "unauthorized"
            await unauthorized(system)(scope, receive, logged_send)
            return
        if system == SALESFORCE:
            ctx.salesforce_requests += 1
            if ctx.salesforce_requests > ctx.limits.salesforce_daily_requests:
                entry.fault = "quota"
                await salesforce_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")(
                    scope, receive, logged_send
                )
                return
        fault = self._choose_fault()
        entry.fault = fault
        if fault == "slow":
            await asyncio.sleep(ctx.faults.slow_seconds)
        elif fault == "rate_limit":
            await _rate_limited(ctx, system, "SECONDLY")(scope, receive, logged_send)
            return
        elif fault == "quota":
            response = (
                salesforce_error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
                if system == SALESFORCE
                else _rate_limited(ctx, system, "DAILY")
            )
            await response(scope, receive, logged_send)
            return
        elif fault == "server_error":
            await _server_error(system, self._draw())(scope, receive, logged_send)
            return
        elif fault == "drop":
            await _drop_connection(scope, receive, logged_send)
            return
        await self.app(scope, receive, logged_send)

    def _choose_fault(self) -> str | None:
        faults = self.ctx.faults
        if not faults.any:
            return None
        draw = self._draw()
        for name, rate in (
            ("rate_limit", faults.rate_limit),
            ("quota", faults.quota),
            ("server_error", faults.server_error),
            ("slow", faults.slow),
            ("drop", faults.drop),
        ):
            if draw < rate:
                return name
            draw -= rate
        return None


async def _drop_connection(scope: Scope, receive: Receive, send: Send) -> None:
    """Promise a body, send a fraction of it, and hang up: what a reset connection looks like."""
    body = b'{"records": [{"attributes": '
    digest = hashlib.sha1(scope["path"].encode()).hexdigest()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"65536"),
                (b"x-request-id", digest.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": True})
    raise ConnectionAbortedError("sandbox fault: connection dropped mid-response")
