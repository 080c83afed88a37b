"""Headless Chromium for the tests that render pages: offline flags, the DOM, the network log."""

import json
import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(tmp_path, page, *extra):
    """Run headless Chromium on a file, offline flags as the machine needs them; return stdout."""
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,1600",
    ]
    done = subprocess.run(
        [*flags, *extra, page.as_uri()], check=True, capture_output=True, text=True, timeout=120
    )
    return done.stdout


def _page_requests(netlog):
    """URLs the page asked for: requests with a document initiator (the browser's own have none)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start
        and event.get("params", {}).get("initiator", "not an origin") != "not an origin"
    ]


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (.ci/run installs it from the distribution's packages)",
)
