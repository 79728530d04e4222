"""plan.html in a real headless Chromium (Debian's, installed by .ci/run): the page shows the
26 commitments, logs nothing to the console and asks for nothing but itself. Every request the
browser makes, to any host, goes through a recording proxy on 127.0.0.1 that also serves the
page; a screenshot is kept in build/ for people to look at."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading

import pytest

from conftest import REPO
from pipeline import paths

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's)")


class Recording(http.server.SimpleHTTPRequestHandler):
    """Serves the published folder; records every request line (a proxied one names its host)."""

    seen: list[str]

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        if self.path.startswith("http://") and not self.path.startswith(f"http://{self.headers['Host']}/"):
            self.send_error(403)  # any other host: refused, and recorded
            return
        self.path = re.sub(r"^http://[^/]+", "", self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    seen: list[str] = []
    handler = functools.partial(
        type("Handler", (Recording,), {"seen": seen}), directory=str(REPO / paths.PUBLISHED_DIR)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def chromium(address: str, profile, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter",
            f"--user-data-dir={profile}",
            f"--proxy-server=http://{address}",
            "--proxy-bypass-list=<-loopback>",  # loopback through the proxy too: every request is seen
            "--enable-logging=stderr",
            "--v=0",
            *flags,
            f"http://{address}/plan.html",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_page_shows_each_plans_commitments_logs_nothing_and_requests_nothing_but_itself(recorder, tmp_path):
    address, seen = recorder
    shown = chromium(address, tmp_path / "profile", "--dump-dom")
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert len(re.findall(r'<section class="commitment"', shown.stdout)) == 26 + 20
    # each plan under its heading, which says how much of it the package holds
    plans = re.findall(r'<h2 id="plan-(AP_FRA0\d)">([^<]*)</h2>', shown.stdout)
    assert plans == [
        ("AP_FRA01", "2015-2017 (AP_FRA01): 26 commitments"),
        ("AP_FRA02", "2018-2020 (AP_FRA02): 20 of its 21 commitments"),
    ]
    first, second = shown.stdout.split('<h2 id="plan-AP_FRA02">')
    assert re.findall(r"<h4>(\d+)\. ", first) == [str(n) for n in range(1, 27)]
    # the second plan's stated numbers first, then the commitments known by their OGP id, in id order
    labels = re.findall(r"<h4>([^.<]+)\. ", second)
    assert labels[:2] == ["14", "21"] and labels[2:] == sorted(labels[2:]) and labels[2] == "FR0030"
    assert len(re.findall(r"<svg ", shown.stdout)) == 5  # the charts, drawn inline
    assert [line for line in shown.stderr.splitlines() if "CONSOLE" in line] == []
    assert seen and set(seen) <= {"/plan.html", f"http://{address}/plan.html"}
    screenshot = REPO / "build" / "plan-page.png"
    screenshot.parent.mkdir(exist_ok=True)
    taken = chromium(address, tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1000,1400")
    assert taken.returncode == 0 and screenshot.stat().st_size > 10_000, taken.stderr[-2000:]
