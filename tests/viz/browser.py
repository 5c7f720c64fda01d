"""Headless Chromium for the browser tests: --dump-dom for static files, and a small DevTools
(CDP) client for pages that need clicks. Tests skip with a clear message when Chromium is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

#: Flags for Chromium on a closed network (no background connections, no first-run work).
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
SKIP_MESSAGE = (
    "Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it), "
    "so the browser tests are skipped"
)


def chromium_path() -> str | None:
    """The Chromium executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The Chromium executable, or skip the test with a clear message."""
    path = chromium_path()
    if path is None:
        pytest.skip(SKIP_MESSAGE)
    return path


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dump_dom(url: str, budget_ms: int = 5000) -> str:
    """The DOM of a page after it loaded and its scripts ran (chromium --dump-dom)."""
    exe = require_chromium()
    with _profile() as profile:
        proc = subprocess.run(
            [
                exe,
                *HEADLESS_FLAGS,
                f"--user-data-dir={profile}",
                f"--virtual-time-budget={budget_ms}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@contextmanager
def _profile() -> Iterator[str]:
    """A fresh Chromium profile folder, removed afterwards (retried: Chromium's helper
    processes may still write to it for a moment after the browser exits)."""
    folder = tempfile.mkdtemp(prefix="chromium-")
    try:
        yield folder
    finally:
        for _ in range(20):
            try:
                shutil.rmtree(folder)
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.25)
        shutil.rmtree(folder, ignore_errors=True)


class Page:
    """One browser tab driven over the DevTools protocol (websocket, JSON messages)."""

    def __init__(self, ws: Any) -> None:
        self.ws, self.next_id = ws, 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=30))
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def js(self, expression: str) -> Any:
        """Evaluate a JavaScript expression in the page and return its (JSON) value."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60.0) -> Any:
        """Poll a JavaScript expression until it is truthy; return its value."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.25)
        raise AssertionError(f"timed out after {timeout:g}s waiting for: {expression}")


@contextmanager
def browser_page() -> Iterator[Page]:
    """A headless Chromium with one blank tab, closed afterwards."""
    from websockets.sync.client import connect

    exe = require_chromium()
    with _profile() as profile:
        proc = subprocess.Popen(
            [
                exe,
                *HEADLESS_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "--window-size=1400,1000",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            port = _devtools_port(proc, Path(profile))
            page = _first_page(port)
            with connect(page["webSocketDebuggerUrl"], max_size=None) as ws:
                yield Page(ws)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _first_page(port: int, timeout: float = 30.0) -> dict[str, Any]:
    """The first tab's DevTools description (retried: the port opens before it answers)."""
    end = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                pages = [t for t in json.loads(r.read()) if t.get("type") == "page"]
            if pages:
                return pages[0]
        except (OSError, ValueError):
            if time.monotonic() > end:
                raise
        if time.monotonic() > end:
            raise AssertionError("chromium has no page to drive")
        time.sleep(0.2)


def _devtools_port(proc: subprocess.Popen, profile: Path, timeout: float = 30.0) -> int:
    """The DevTools port Chromium picked (from its DevToolsActivePort file)."""
    marker = profile / "DevToolsActivePort"
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"chromium exited early: {proc.stderr.read()[-2000:]}")
        if marker.is_file():
            first = marker.read_text().splitlines()[:1]
            if first and re.fullmatch(r"\d+", first[0]):
                return int(first[0])
        time.sleep(0.1)
    raise AssertionError("chromium did not open its DevTools port")
