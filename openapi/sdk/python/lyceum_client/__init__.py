"""Lyceum's Python SDK: the operations generated from openapi/lyceum.json (``lyceum_client.api``,
``lyceum_client.models``) under a thin hand-written layer:

- ``Lyceum(base_url, token)``: the bearer token on every call (a session token or an API key);
- every POST carries an ``Idempotency-Key`` (a fresh UUID unless you pass one), so a retried POST never
  acts twice;
- 429 (and 503 with ``Retry-After``) are retried, honouring ``Retry-After``, up to ``max_retries`` times;
- ``call(op, ...)`` returns the parsed body or raises ``LyceumError`` with the problem+json body;
- ``paginate(op, ...)`` iterates over every item of a list operation, following ``next_cursor``.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import time
import uuid
from typing import Any, Iterator

import httpx

from ._generated import api, models
from ._generated.client import AuthenticatedClient, Client
from ._generated.types import UNSET

__all__ = ["Lyceum", "LyceumError", "api", "models", "UNSET"]

# Make every operation reachable as `api.<tag>.<operation_id>` (the generator leaves them unimported).
for _module in pkgutil.walk_packages(api.__path__, api.__name__ + "."):
    importlib.import_module(_module.name)


class LyceumError(Exception):
    """A 4xx/5xx answer. ``problem`` is the RFC 9457 body (``code``, ``detail``, ``errors``, ...)."""

    def __init__(self, status: int, problem: dict[str, Any]):
        self.status = status
        self.problem = problem
        self.code = problem.get("code")
        super().__init__(f"{status} {self.code}: {problem.get('detail')}")


class _RetryTransport(httpx.BaseTransport):
    """Retries 429 and 503-with-Retry-After, sleeping what ``Retry-After`` says (capped)."""

    def __init__(self, inner: httpx.BaseTransport, max_retries: int, max_wait: float):
        self._inner = inner
        self._max_retries = max_retries
        self._max_wait = max_wait

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            response = self._inner.handle_request(request)
            retry_after = response.headers.get("Retry-After")
            retryable = response.status_code == 429 or (response.status_code == 503 and retry_after)
            if not retryable or attempt >= self._max_retries:
                return response
            response.read()
            response.close()
            try:
                wait = float(retry_after) if retry_after else 1.0
            except ValueError:
                wait = 1.0
            time.sleep(min(max(wait, 0.0), self._max_wait))
            attempt += 1

    def close(self) -> None:
        self._inner.close()


def _add_idempotency_key(request: httpx.Request) -> None:
    if request.method == "POST" and "Idempotency-Key" not in request.headers:
        request.headers["Idempotency-Key"] = str(uuid.uuid4())


class Lyceum:
    """A connection to a Lyceum server.

    ``token`` is a session token (``lys_...``) or an API key (``lyc_...``); without one, only public
    operations (signup, login, plans, certificate verification) work.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        max_retries: int = 3,
        max_retry_wait: float = 30.0,
        timeout: float = 30.0,
    ):
        transport = _RetryTransport(httpx.HTTPTransport(), max_retries, max_retry_wait)
        httpx_args = {"transport": transport, "event_hooks": {"request": [_add_idempotency_key]}}
        timeout_ = httpx.Timeout(timeout)
        if token:
            self.client: Client | AuthenticatedClient = AuthenticatedClient(
                base_url=base_url, token=token, timeout=timeout_, httpx_args=httpx_args
            )
        else:
            self.client = Client(base_url=base_url, timeout=timeout_, httpx_args=httpx_args)

    def call(self, op: Any, *args: Any, **kwargs: Any) -> Any:
        """Runs a generated operation module (e.g. ``api.courses.course_create``) and returns its parsed
        body; raises ``LyceumError`` on a 4xx/5xx answer."""
        response = op.sync_detailed(*args, client=self.client, **kwargs)
        status = int(response.status_code)
        if status >= 400:
            try:
                problem = json.loads(response.content)
            except ValueError:
                problem = {"detail": response.content.decode(errors="replace")}
            raise LyceumError(status, problem)
        return response.parsed

    def paginate(self, op: Any, *args: Any, limit: int = 200, **kwargs: Any) -> Iterator[Any]:
        """Every item of a list operation, page after page."""
        cursor: Any = UNSET
        while True:
            page = self.call(op, *args, limit=limit, cursor=cursor, **kwargs)
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def close(self) -> None:
        self.client.get_httpx_client().close()

    def __enter__(self) -> "Lyceum":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


