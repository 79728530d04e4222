"""fetch against a real HTTP server on 127.0.0.1: every fault ends in one clear line, and
data/raw is byte-identical to before unless a complete, valid new snapshot arrived."""

import contextlib
import dataclasses
import functools
import socket
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import BASE_PLAN, FIXTURES, IRM_FOR_BASE
from pipeline.extract import kinds
from pipeline.sources import Source, fetch, http, location
from scripted_server import Reply


def fetch_all(*args, **kwargs):
    """fetch.fetch_all with the readers the flows hand it."""
    return fetch.fetch_all(*args, readers=kinds.FETCHED, **kwargs)


CSV = (FIXTURES / "irm" / "good" / "irm-current-crlf-rows-lf-in-cells.csv").read_bytes()
FAST = http.Policy(connect_timeout=1, read_timeout=0.5, attempts=3, backoff=0.01, max_wait=2, max_bytes=100_000)


@pytest.fixture
def raw(tmp_path):
    """A data/raw with one IRM snapshot and its manifest, as a previous fetch left them."""
    folder = tmp_path / "data" / "raw"
    (folder / "irm").mkdir(parents=True)
    (folder / "irm" / "export.csv").write_bytes(CSV)
    return folder


def source(raw, url, kind="irm-export", snapshot="irm/export.csv"):
    return Source("irm", kind, url, raw / snapshot, raw)


def state(raw) -> dict:
    return {p.relative_to(raw).as_posix(): p.read_bytes() for p in sorted(raw.rglob("*")) if p.is_file()}


def run(raw, src):
    return fetch_all([src], raw / "manifest.json", FAST)


def first_fetch(raw, scripted, etag='"v1"'):
    scripted.script["/irm.csv"] = [Reply(200, CSV, {"ETag": etag, "Last-Modified": "Mon, 23 Nov 2026 10:00:00 GMT"})]
    assert [r.detail for r in run(raw, source(raw, scripted.url + "/irm.csv"))] == ["unchanged (same sha256)"]


def test_fetch_sends_conditional_requests_and_takes_304_as_unchanged(raw, scripted):
    first_fetch(raw, scripted)
    before = state(raw)
    scripted.script["/irm.csv"] = [Reply(304)]
    assert [(r.changed, r.detail) for r in run(raw, source(raw, scripted.url + "/irm.csv"))] == [
        (False, "unchanged (304 Not Modified)")
    ]
    assert scripted.requests[-1][1]["If-None-Match"] == '"v1"'
    assert scripted.requests[-1][1]["If-Modified-Since"] == "Mon, 23 Nov 2026 10:00:00 GMT"
    assert state(raw) == before


def test_fetch_takes_same_content_with_a_new_etag_as_unchanged(raw, scripted):
    first_fetch(raw, scripted)
    scripted.script["/irm.csv"] = [Reply(200, CSV, {"ETag": '"v2"'})]
    assert [r.changed for r in run(raw, source(raw, scripted.url + "/irm.csv"))] == [False]
    assert (raw / "irm" / "export.csv").read_bytes() == CSV
    assert fetch.read_manifest(raw / "manifest.json")["irm"]["etag"] == '"v2"'  # the next request uses it


def test_fetch_retries_a_server_error_then_takes_the_new_content(raw, scripted):
    new = CSV.replace(b"Open the books", b"Open all the books")
    scripted.script["/irm.csv"] = [Reply(500), Reply(200, new, {"ETag": '"v3"'})]
    results = run(raw, source(raw, scripted.url + "/irm.csv"))
    assert [(r.changed, r.detail) for r in results] == [(True, f"changed ({len(new)} bytes)")]
    assert (raw / "irm" / "export.csv").read_bytes() == new
    entry = fetch.read_manifest(raw / "manifest.json")["irm"]
    assert (entry["url"], entry["bytes"], entry["etag"], len(entry["sha256"])) == (
        scripted.url + "/irm.csv",
        len(new),
        '"v3"',
        64,
    )
    assert entry["retrieved_at"].endswith("+00:00")


def test_fetch_honours_retry_after_on_429(raw, scripted, monkeypatch):
    waits = []
    monkeypatch.setattr(http.time, "sleep", waits.append)
    scripted.script["/irm.csv"] = [Reply(429, headers={"Retry-After": "2"}), Reply(200, CSV)]
    run(raw, source(raw, scripted.url + "/irm.csv"))
    assert waits == [2.0]


FAULTS = {
    "server-error-every-time": ([Reply(503)], "HTTP 503 after 3 attempts"),
    "timeout": ([Reply(200, CSV, delay=1.5)], "timed out after 3 attempts"),
    "truncated-body": ([Reply(200, CSV[:100], announce=len(CSV))], "truncated body"),
    "oversized-body": ([Reply(200, b"x" * 200_000)], "body of 200000 bytes is over the size cap of 100000"),
    "html-error-page-with-200": (
        [Reply(200, b"<!DOCTYPE html><html><body>Maintenance</body></html>")],
        "got an HTML page, not a irm-export CSV",
    ),
    "source-gone-404": ([Reply(404, b"gone")], "HTTP 404, not retried"),
    "not-an-irm-export": ([Reply(200, b"id,name\n1,x\n")], "not a valid irm-export"),
}


@pytest.mark.parametrize("case", sorted(FAULTS))
def test_fetch_fault_leaves_data_raw_as_it_was(case, raw, scripted):
    first_fetch(raw, scripted)
    before = state(raw)
    replies, message = FAULTS[case]
    scripted.script["/irm.csv"] = list(replies)
    with pytest.raises(http.FetchError) as error:
        run(raw, source(raw, scripted.url + "/irm.csv"))
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert str(error.value).startswith(scripted.url + "/irm.csv: ")
    assert state(raw) == before


def test_fetch_connection_refused_leaves_data_raw_as_it_was(raw):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = state(raw)
    with pytest.raises(
        http.FetchError, match=rf"^http://127.0.0.1:{port}/irm.csv: connection failed after 3 attempts$"
    ):
        run(raw, source(raw, f"http://127.0.0.1:{port}/irm.csv"))
    assert state(raw) == before


def test_fetch_snapshots_a_markdown_repository_page_by_page(tmp_path, serve):
    raw = tmp_path / "data" / "raw"
    results = fetch_all(
        [Source("plan", "action-plan", serve(BASE_PLAN), raw / "plan", raw)], raw / "manifest.json", FAST
    )
    assert [(r.changed, r.detail) for r in results] == [(True, "changed (9 pages)")]
    copied = sorted(p.relative_to(raw / "plan").as_posix() for p in (raw / "plan").rglob("*") if p.is_file())
    assert copied == [
        "LICENSE.md",
        "en/SUMMARY.md",
        "en/accountability/commitment-2.md",
        "en/accountability/spending/commitment-1.md",
        "en/climate/commitment-3.md",
        "fr/SUMMARY.md",
        "fr/climat/engagement-3.md",
        "fr/rendre-des-comptes/depenses/engagement-1.md",
        "fr/rendre-des-comptes/engagement-2.md",
    ]
    assert (raw / "plan" / "fr" / "SUMMARY.md").read_bytes() == (BASE_PLAN / "fr" / "SUMMARY.md").read_bytes()
    again = fetch_all([Source("plan", "action-plan", serve(BASE_PLAN), raw / "plan", raw)], raw / "manifest.json", FAST)
    assert [r.changed for r in again] == [False]


def test_fetch_keeps_the_previous_repository_when_a_page_is_missing(tmp_path, serve, plan_copy):
    raw = tmp_path / "data" / "raw"
    fetch_all([Source("plan", "action-plan", serve(BASE_PLAN), raw / "plan", raw)], raw / "manifest.json", FAST)
    before = state(raw)
    (plan_copy / "en" / "climate" / "commitment-3.md").unlink()
    with pytest.raises(
        http.FetchError,
        match=r"not a valid plan repository: en/SUMMARY.md:\d+: link to a missing file: "
        r"en/climate/commitment-3.md$",
    ):
        fetch_all([Source("plan", "action-plan", serve(plan_copy), raw / "plan", raw)], raw / "manifest.json", FAST)
    assert state(raw) == before


def plan_source(raw, url):
    return Source("plan", "action-plan", url, raw / "plan", raw)


def refused(root):
    raise AssertionError("the extractor read a repository whose pages all came back unchanged")


def test_a_repository_whose_pages_all_come_back_as_kept_is_unchanged_without_reading_it_again(tmp_path, serve):
    raw = tmp_path / "data" / "raw"
    url = serve(BASE_PLAN)
    fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    before = state(raw)
    again = fetch.fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST, readers={"action-plan": refused})
    assert [(r.changed, r.detail) for r in again] == [(False, "unchanged (same 9 pages)")]
    assert state(raw) == before


def test_a_page_changed_upstream_is_read_by_the_extractor_into_a_new_snapshot(tmp_path, serve, plan_copy):
    raw = tmp_path / "data" / "raw"
    url = serve(plan_copy)
    fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    page = plan_copy / "en" / "climate" / "commitment-3.md"
    page.write_bytes(page.read_bytes() + b"\nOne more line upstream.\n")
    again = fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    assert [(r.changed, r.detail) for r in again] == [(True, "changed (9 pages)")]
    assert (raw / "plan" / "en" / "climate" / "commitment-3.md").read_bytes() == page.read_bytes()


def test_a_snapshot_edited_by_hand_is_not_taken_for_what_upstream_serves(tmp_path, serve):
    """The manifest records the snapshot a fetch accepted: an edited one is read again, whole."""
    raw = tmp_path / "data" / "raw"
    url = serve(BASE_PLAN)
    fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    (raw / "plan" / "fr" / "SUMMARY.md").write_bytes(b"edited by hand")
    (raw / "plan" / "stray.md").write_bytes(b"not a page of the plan")
    again = fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    assert [r.changed for r in again] == [True]
    assert (raw / "plan" / "fr" / "SUMMARY.md").read_bytes() == (BASE_PLAN / "fr" / "SUMMARY.md").read_bytes()
    assert not (raw / "plan" / "stray.md").exists()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(handler: type[SimpleHTTPRequestHandler]):
    """The base plan served on 127.0.0.1 by `handler`, a static file server with a twist; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(BASE_PLAN)))
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_pages_of_a_snapshot_are_fetched_side_by_side(tmp_path, serve):
    """Over the network a page costs a round trip: the refresh asks for several at once."""
    raw = tmp_path / "data" / "raw"
    fetch_all([plan_source(raw, serve(BASE_PLAN))], raw / "manifest.json", FAST)
    in_flight, most = [0], [0]
    guard = threading.Lock()

    class Slow(Quiet):
        def do_GET(self):
            with guard:
                in_flight[0] += 1
                most[0] = max(most[0], in_flight[0])
            time.sleep(0.05)  # a round trip's wait, long enough for the other requests to arrive
            try:
                super().do_GET()
            finally:
                with guard:
                    in_flight[0] -= 1

    with serving(Slow) as url:
        again = fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    assert [r.changed for r in again] == [False]
    assert most[0] > 1


def test_a_page_that_fails_is_reported_once_tried_and_the_snapshot_kept(tmp_path, serve):
    """A page the server fails to send (500, every attempt) stops the fetch with one line naming
    it: its attempts are made once, by the pages fetched side by side, not again by the reader."""
    raw = tmp_path / "data" / "raw"
    fetch_all([plan_source(raw, serve(BASE_PLAN))], raw / "manifest.json", FAST)
    before = state(raw)
    failing = "/en/climate/commitment-3.md"
    asked = []

    class Failing(Quiet):
        def do_GET(self):
            if self.path == failing:
                asked.append(self.path)
                self.send_error(500)
                return
            super().do_GET()

    with serving(Failing) as url:
        with pytest.raises(http.FetchError, match=r"en/climate/commitment-3.md: source not readable: .*HTTP 500"):
            fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    assert len(asked) == FAST.attempts
    assert state(raw) == before


def test_a_server_that_fails_is_not_asked_for_every_page(tmp_path, serve, monkeypatch):
    """After the first page that fails, no other is asked for side by side: the reader's first
    read fails too, and the refresh says so without trying the rest."""
    raw = tmp_path / "data" / "raw"
    fetch_all([plan_source(raw, serve(BASE_PLAN))], raw / "manifest.json", FAST)
    monkeypatch.setattr(location, "PREFETCH_WORKERS", 1)  # one at a time: the count is exact
    asked = []

    class Down(Quiet):
        def do_GET(self):
            asked.append(self.path)
            self.send_error(503)

    with serving(Down) as url:
        with pytest.raises(http.FetchError, match=r"not a valid plan repository: .*HTTP 503"):
            fetch_all([plan_source(raw, url)], raw / "manifest.json", FAST)
    # the first page of the snapshot, then at most the reader's first page (the same one, here:
    # its error kept); each page of the 9, as many times as the policy allows, would be 27
    assert len(asked) <= 2 * FAST.attempts


def test_a_server_sending_too_slowly_is_stopped_at_the_deadline_with_nothing_replaced(raw, scripted):
    """One byte every 0.2 s never trips the 0.5 s read timeout; the deadline of the download does."""
    scripted.script["/irm.csv"] = [Reply(200, IRM_FOR_BASE.read_bytes(), drip=0.2)]
    before = state(raw)
    with pytest.raises(http.FetchError) as error:
        fetch_all(
            [source(raw, f"{scripted.url}/irm.csv")], raw / "manifest.json", dataclasses.replace(FAST, deadline=1.5)
        )
    assert str(error.value) == f"{scripted.url}/irm.csv: still downloading after 1.5 s (a server sending too slowly?)"
    assert state(raw) == before


def test_a_retry_announces_itself_before_it_waits(raw, scripted):
    scripted.script["/irm.csv"] = [Reply(503, b"busy"), Reply(200, CSV)]
    heard = []
    fetch_all([source(raw, f"{scripted.url}/irm.csv")], raw / "manifest.json", FAST, notice=heard.append)
    assert heard == [f"{scripted.url}/irm.csv: HTTP 503; retrying in 0.01 s (attempt 2 of 3)"]


def test_the_runs_deadline_stops_the_sources_left_with_nothing_replaced(raw, scripted):
    scripted.script["/irm.csv"] = [Reply(200, IRM_FOR_BASE.read_bytes(), drip=0.2)]
    before = state(raw)
    with pytest.raises(http.FetchError) as error:
        fetch_all(
            [source(raw, f"{scripted.url}/irm.csv")], raw / "manifest.json", dataclasses.replace(FAST, run_deadline=1.5)
        )
    assert str(error.value) == f"{scripted.url}/irm.csv: still downloading after 1.5 s (a server sending too slowly?)"
    assert state(raw) == before


def test_an_ogp_layer_given_a_url_is_refused_before_any_request(raw, scripted):
    before = state(raw)
    with pytest.raises(http.FetchError, match=r"a source of kind ogp-layer is read from a local folder, not fetched$"):
        fetch_all([source(raw, f"{scripted.url}/layer.csv", kind="ogp-layer", snapshot="layer")], raw / "manifest.json")
    assert scripted.requests == [] and state(raw) == before
