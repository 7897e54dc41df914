"""Request bodies are read only up to a limit: a larger one is refused before any route runs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from soulbond.http.problems import MEDIA_TYPE, PREFIX


class BodyTooLarge(Exception):
    pass


class LimitBody:
    """ASGI middleware: refuses a declared or streamed body over ``max_bytes`` with 413.

    ``larger`` gives the few paths that take uploads (a story file) a limit of their own.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        most = self.larger.get(scope.get("path", ""), self.max_bytes)
        page = b"text/html" in headers.get(b"accept", b"")
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > most):
            await self._refuse(send, most, page)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > most:
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, most, page)

    async def _refuse(self, send: Send, most: int, page: bool) -> None:
        detail = f"the request body is larger than {most:,} bytes"
        if page:
            # A browser sent a form: it gets a page to read, with the way back.
            body = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too large · soulbond</title>'
                f"</head><body><main><h1>Too large</h1><p>Not sent: {escape(detail)}. Go back and choose "
                'a smaller file, or <a href="/">start again</a>.</p></main></body></html>'
            ).encode()
            kind = "text/html; charset=utf-8"
        else:
            body = json.dumps(
                {
                    "type": PREFIX + "body-too-large",
                    "title": "Request too large",
                    "status": 413,
                    "detail": detail,
                }
            ).encode()
            kind = MEDIA_TYPE
        headers = [(b"content-type", kind.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
