"""The one retry policy (pipeline/retrying.py), on attempts that fail as scripted: which failures
are tried again, how long each wait is, and when the policy gives up."""

import email.utils
import time

import pytest
import requests

from pipeline import retrying


def scripted(*outcomes):
    """An attempt that raises or returns each outcome in turn, and counts its calls."""
    calls = []

    def attempt():
        outcome = outcomes[len(calls)]
        calls.append(outcome)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return attempt, calls


@pytest.fixture
def waits(monkeypatch):
    heard = []
    monkeypatch.setattr(retrying.time, "sleep", heard.append)
    return heard


def test_backoff_doubles_until_an_attempt_succeeds(waits):
    attempt, calls = scripted(retrying.Retryable("HTTP 503"), requests.ConnectionError(), "body")
    assert retrying.call(attempt, retrying.Retries(attempts=4, backoff=0.5), what="x") == "body"
    assert waits == [0.5, 1.0] and len(calls) == 3


def test_retry_after_as_an_http_date_is_waited_for_up_to_the_cap(waits):
    later = email.utils.formatdate(time.time() + 1000, usegmt=True)
    attempt, _ = scripted(retrying.Retryable("HTTP 429", later), retrying.Retryable("HTTP 429", "7"), "ok")
    retrying.call(attempt, retrying.Retries(attempts=3, backoff=0.01, max_wait=60), what="x")
    assert waits == [60, 7.0]


def test_an_unreadable_retry_after_falls_back_to_the_backoff(waits):
    attempt, _ = scripted(retrying.Retryable("HTTP 503", "soon"), "ok")
    retrying.call(attempt, retrying.Retries(attempts=2, backoff=0.25), what="x")
    assert waits == [0.25]


def test_one_attempt_is_never_repeated(waits):
    attempt, calls = scripted(requests.Timeout(), "never reached")
    with pytest.raises(retrying.GaveUp) as error:
        retrying.call(attempt, retrying.Retries(attempts=1), what="x")
    assert (str(error.value), len(calls), waits) == ("timed out", 1, [])


def test_gives_up_after_the_attempts_naming_the_last_problem(waits):
    attempt, _ = scripted(requests.ConnectionError(), retrying.Retryable("HTTP 502"))
    with pytest.raises(retrying.GaveUp, match=r"^HTTP 502 after 2 attempts$"):
        retrying.call(attempt, retrying.Retries(attempts=2, backoff=0.01), what="x")


def test_a_wait_that_would_end_past_the_deadline_is_not_begun(waits):
    attempt, calls = scripted(retrying.Retryable("HTTP 503", "30"), "never reached")
    with pytest.raises(retrying.GaveUp, match=r"^HTTP 503, and no time left for another attempt within 10 s$"):
        retrying.call(attempt, retrying.Retries(attempts=4), what="x", deadline=10)
    assert (len(calls), waits) == (1, [])


def test_an_error_the_policy_does_not_retry_goes_through_at_once(waits):
    attempt, calls = scripted(ValueError("HTTP 404"), "never reached")
    with pytest.raises(ValueError, match="HTTP 404"):
        retrying.call(attempt, retrying.Retries(attempts=4), what="x")
    assert (len(calls), waits) == (1, [])


def test_each_retry_is_announced_before_its_wait(waits):
    attempt, _ = scripted(retrying.Retryable("HTTP 503"), requests.Timeout(), "ok")
    heard = []
    retrying.call(attempt, retrying.Retries(attempts=3, backoff=1), what="u", notice=heard.append)
    assert heard == [
        "u: HTTP 503; retrying in 1 s (attempt 2 of 3)",
        "u: timed out; retrying in 2 s (attempt 3 of 3)",
    ]
