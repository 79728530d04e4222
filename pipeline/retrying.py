"""The one retry policy of every HTTP call, fetch's and upload's: what is retried (a connection
that failed or timed out, a body cut short, HTTP 429 and 5xx), how long to wait (exponential
backoff, or the server's Retry-After, never more than a cap), when to give up (after so many
attempts, or when the next wait would end past a deadline) and who hears each retry.
tenacity runs the loop; what is retried is decided here, once.

A call that must never be repeated (creating a resource) is made with one attempt.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import requests
    import tenacity

# requests and tenacity are imported by the calls that go out: a command that stays offline
# (make publish, --help, a refresh of sources that are files) does not pay for importing them
T = TypeVar("T")
RETRIED_STATUSES = frozenset({429}) | frozenset(range(500, 600))


@dataclass(frozen=True)
class Retries:
    attempts: int = 4
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_wait: float = 120.0  # the longest wait, Retry-After included


class Retryable(Exception):
    """An attempt failed in a way another attempt may not: `problem` says how, in a few words."""

    def __init__(self, problem: str, retry_after: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.retry_after = retry_after


class GaveUp(Exception):
    """No attempt succeeded: str() says the last problem and why no other attempt was made."""

    def __init__(self, problem: str, why: str):
        super().__init__(f"{problem}{why}")
        self.problem = problem


def check_status(response: requests.Response) -> None:
    """Raise Retryable for the answers worth asking again (429, 5xx)."""
    if response.status_code in RETRIED_STATUSES:
        raise Retryable(f"HTTP {response.status_code}", response.headers.get("Retry-After"))


def call(
    attempt: Callable[[], T],
    retries: Retries,
    *,
    what: str,
    deadline: float | None = None,
    notice: Callable[[str], None] | None = None,
) -> T:
    """attempt()'s result, trying again while it raises Retryable or a requests error. No wait
    may end more than `deadline` seconds from now; `notice` hears each retry before its wait."""
    import requests
    import tenacity

    ends = None if deadline is None else time.monotonic() + deadline

    def wait(state: tenacity.RetryCallState) -> float:
        backoff = retries.backoff * 2 ** (state.attempt_number - 1)
        error = state.outcome.exception()
        return min(_retry_after(getattr(error, "retry_after", None), backoff), retries.max_wait)

    def stop(state: tenacity.RetryCallState) -> bool:
        return state.attempt_number >= retries.attempts or (
            ends is not None and time.monotonic() + state.upcoming_sleep > ends
        )

    def before_sleep(state: tenacity.RetryCallState) -> None:
        if notice:
            problem = _problem(state.outcome.exception())
            notice(
                f"{what}: {problem}; retrying in {state.upcoming_sleep:g} s "
                f"(attempt {state.attempt_number + 1} of {retries.attempts})"
            )

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type((Retryable, requests.RequestException)),
        wait=wait,
        stop=stop,
        before_sleep=before_sleep,
    )
    try:
        return retrying(attempt)
    except tenacity.RetryError as error:
        state = error.last_attempt
        problem = _problem(state.exception())
        if retries.attempts == 1:
            raise GaveUp(problem, "") from None
        if state.attempt_number >= retries.attempts:
            raise GaveUp(problem, f" after {retries.attempts} attempts") from None
        raise GaveUp(problem, f", and no time left for another attempt within {deadline:g} s") from None


def _problem(error: BaseException | None) -> str:
    """A failed attempt in a few words."""
    import requests

    if isinstance(error, Retryable):
        return error.problem
    if isinstance(error, requests.Timeout):
        return "timed out"
    if isinstance(error, requests.ConnectionError):
        broken = "IncompleteRead" in str(error) or "Connection broken" in str(error)
        return "truncated body" if broken else "connection failed"
    return type(error).__name__


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait: Retry-After as seconds or an HTTP date, else the backoff."""
    if value:
        if value.strip().isdigit():
            return float(value)
        import email.utils  # here: every command imports this module, few meet an HTTP date (6 ms)

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return default
        return max(when.timestamp() - time.time(), 0.0)
    return default
