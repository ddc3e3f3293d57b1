"""The review page's web server: the standard library's threading HTTP server on 127.0.0.1.

Why the standard library: the page is one file of HTML, CSS and JavaScript with no build step,
and the server has a handful of routes for one user on one machine; a framework would add
dependencies to keep up to date and nothing this needs.

Security: the server listens on 127.0.0.1 only, on a free port; every request must carry the
session's random token (in the URL the command prints, then in an `X-Token` header) and a `Host`
of 127.0.0.1 or localhost (so that a web page elsewhere cannot reach it through DNS rebinding).
Routes are fixed names; chapters and lines are chosen by number, so nothing a request says
becomes a path. Writes are POST requests with a JSON body of bounded size. The server stops on
Ctrl-C and after `idle_s` seconds without a request.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from audiobook.errors import AudiobookError
from audiobook.review.session import BadRequest, Session

_POLICY = "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src 'self'"
"""The page runs its own inline script and nothing from elsewhere."""
_POLICY = "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src 'self'"
"""The page runs its own inline script and nothing from elsewhere."""
MAX_BODY = 1 << 20
"""The largest request body taken (a save of thousands of lines fits many times over)."""
IDLE_S = 1800.0
"""Seconds without a request after which the server stops."""


class ReviewServer(ThreadingHTTPServer):
    """The server of one review session."""

    daemon_threads = True

    def __init__(self, session: Session, port: int = 0, idle_s: float = IDLE_S) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.idle_s = idle_s
        self.last = time.monotonic()
        self.page = resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/?token={self.token}"

    def serve_until_idle(self) -> None:
        """Serve until shut down, or `idle_s` seconds pass with no request."""
        watcher = threading.Thread(target=self._watch, daemon=True)
        watcher.start()
        self.serve_forever(poll_interval=0.2)

    def _watch(self) -> None:
        while True:
            time.sleep(min(1.0, self.idle_s / 4))
            if time.monotonic() - self.last > self.idle_s:
                self.shutdown()
                return


class Handler(BaseHTTPRequestHandler):
    """One request: checked, then routed by its fixed path."""

    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal shows the URL and errors, not every request

    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._send_error(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and POST")

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _handle(self, method: str) -> None:
        self.server.last = time.monotonic()
        self.body = b""
        if method == "POST" and not self._read_body():
            return
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        host = self.headers.get("Host", "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost"):
            return self._send_error(HTTPStatus.FORBIDDEN, "this server answers requests to 127.0.0.1 only")
        token = self.headers.get("X-Token") or query.get("token", "")
        if not hmac.compare_digest(token.encode(), self.server.token.encode()):
            return self._send_error(
                HTTPStatus.FORBIDDEN, "a valid token is needed: open the URL the command printed"
            )
        route = ROUTES.get((method, url.path))
        if route is None:
            other = "POST" if method == "GET" else "GET"
            if (other, url.path) in ROUTES:
                return self._send_error(HTTPStatus.METHOD_NOT_ALLOWED, f"use {other} for {url.path}")
            return self._send_error(HTTPStatus.NOT_FOUND, f"no page {url.path}")
        try:
            route(self, query)
        except BadRequest as exc:
            self._send_error(HTTPStatus.BAD_REQUEST, str(exc))
        except AudiobookError as exc:
            self._send_error(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc))

    # Routes.

    def page(self, query: dict[str, str]) -> None:
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page.encode("utf-8"))

    def lines(self, query: dict[str, str]) -> None:
        self._json(self.server.session.lines())

    def audio(self, query: dict[str, str]) -> None:
        chapter, start = _number(query, "chapter"), _number(query, "start")
        wav = self.server.session.audio(chapter, start, query.get("around") == "1")
        self._send(HTTPStatus.OK, "audio/wav", wav)

    def preview(self, query: dict[str, str]) -> None:
        self._send(HTTPStatus.OK, "audio/wav", self.server.session.preview(query.get("voice", "")))

    def save(self, query: dict[str, str]) -> None:
        self._json(self.server.session.save(self._body()))

    def render(self, query: dict[str, str]) -> None:
        started = self.server.session.render()
        self._json({"started": started, **self.server.session.progress.as_json()})

    def status(self, query: dict[str, str]) -> None:
        self._json(self.server.session.progress.as_json())

    # Helpers.

    def _read_body(self) -> bool:
        """Read a POST's body whatever it is for (the next request on the connection follows
        it); False, with the answer sent, when it has no length or is too large."""
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send_error(HTTPStatus.LENGTH_REQUIRED, "a Content-Length is needed")
            return False
        if not 0 <= length <= MAX_BODY:
            self._send_error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body must be at most {MAX_BODY} bytes"
            )
            return False
        self.body = self.rfile.read(length)
        return True

    def _body(self) -> Any:
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise BadRequest("send the body as application/json")
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("the body is not JSON") from None

    def _json(self, data: Any) -> None:
        self._send(HTTPStatus.OK, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _send_error(self, status: HTTPStatus, message: str) -> None:
        """An error, and the connection closed (a body it did not read must not be taken for the
        next request)."""
        self.close_connection = True
        body = json.dumps({"error": message}).encode("utf-8")
        self._send(status, "application/json", body)

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", _POLICY)
        self.end_headers()
        self.wfile.write(body)


def _number(query: dict[str, str], name: str) -> int:
    value = query.get(name, "")
    if not value.isdigit():
        raise BadRequest(f"{name} must be a number")
    return int(value)


ROUTES = {
    ("GET", "/"): Handler.page,
    ("GET", "/api/lines"): Handler.lines,
    ("GET", "/api/audio"): Handler.audio,
    ("GET", "/api/preview"): Handler.preview,
    ("GET", "/api/status"): Handler.status,
    ("POST", "/api/save"): Handler.save,
    ("POST", "/api/render"): Handler.render,
}
