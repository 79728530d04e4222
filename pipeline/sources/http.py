"""One GET, done carefully: timeouts, conditional requests, a size cap, a deadline for the
whole download, a check that the body is as long as announced, and progress for long downloads;
retries follow the project's one policy (pipeline/retrying.py). Failures are one-line FetchErrors.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline import retrying
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    import requests


class FetchError(PipelineError):
    """A source could not be fetched whole; nothing was replaced."""


@dataclass(frozen=True)
class Policy:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    attempts: int = 4
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_wait: float = 120.0  # longest wait, Retry-After included
    max_bytes: int = 100_000_000  # as extract's cap on a source file (MAX_SOURCE_BYTES)
    # the whole download of one source, however slowly the server sends: a server dripping a
    # byte every few seconds never trips a read timeout, and would hold the run and its lock
    deadline: float = 600.0
    run_deadline: float = 3600.0  # all the sources of one fetch together


@dataclass(frozen=True)
class Response:
    status: int  # 200 or 304
    body: bytes
    etag: str | None
    last_modified: str | None


Progress = Callable[[str, int, int | None], None]  # (url, bytes so far, total or None)


def get(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: Policy = Policy(),
    progress: Progress | None = None,
    session: requests.Session | None = None,
    notice: Callable[[str], None] | None = None,
) -> Response:
    """The body of `url` (200), or 304 when the validators still hold. `notice` hears each retry."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    import requests  # by the call that goes out, as retrying does it

    session = session or requests.Session()
    ends = time.monotonic() + policy.deadline

    def attempt() -> Response:
        with session.get(
            url, headers=headers, stream=True, timeout=(policy.connect_timeout, policy.read_timeout)
        ) as response:
            if response.status_code == 304:
                return Response(304, b"", etag, last_modified)
            retrying.check_status(response)
            if response.status_code != 200:
                raise FetchError(f"{url}: HTTP {response.status_code}, not retried")
            body = _read(url, response, policy, progress, ends)
            return Response(200, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))

    retries = retrying.Retries(policy.attempts, policy.backoff, policy.max_wait)
    try:
        return retrying.call(attempt, retries, what=url, deadline=policy.deadline, notice=notice)
    except retrying.GaveUp as error:
        raise FetchError(f"{url}: {error}") from None


def _read(url: str, response, policy: Policy, progress: Progress | None, ends: float) -> bytes:
    """The body, as it comes (each read returns what has arrived, so that the deadline is
    looked at however slowly the server sends), whole, under the cap, by `ends`."""
    announced = response.headers.get("Content-Length")
    total = int(announced) if announced and announced.isdigit() else None
    if total is not None and total > policy.max_bytes:
        raise FetchError(f"{url}: body of {total} bytes is over the size cap of {policy.max_bytes}")
    body = bytearray()
    try:
        while chunk := response.raw.read1(65536, decode_content=True):
            if time.monotonic() > ends:
                # to the hundredth: a deadline cut to what is left of the run's is a hair under it
                waited = round(policy.deadline, 2)
                raise FetchError(f"{url}: still downloading after {waited:g} s (a server sending too slowly?)")
            body += chunk
            if len(body) > policy.max_bytes:
                raise FetchError(f"{url}: body is over the size cap of {policy.max_bytes} bytes")
            if progress:
                progress(url, len(body), total)
    except FetchError:
        raise
    except Exception as error:  # urllib3 reports a short body as ProtocolError / IncompleteRead
        raise retrying.Retryable(
            f"truncated body ({len(body)} of {total} bytes)" if total else f"truncated body: {error}"
        ) from None
    if total is not None and len(body) < total and response.headers.get("Content-Encoding") in (None, "identity"):
        raise retrying.Retryable(f"truncated body ({len(body)} of {total} bytes)")
    return bytes(body)


def every_10_mb(say: Callable[[str], None]) -> Progress:
    """A Progress that says how far each long download is, every 10 MB."""
    shown: dict[str, int] = {}

    def report(url: str, done: int, total: int | None) -> None:
        step = done // 10_000_000
        if step > shown.get(url, 0):
            shown[url] = step
            of = f" of {total / 1e6:.0f} MB" if total else ""
            say(f"  {url}: {done / 1e6:.0f} MB{of}")

    return report
