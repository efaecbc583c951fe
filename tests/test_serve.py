"""`citequiz serve` as a user runs it: a subprocess on a free loopback port, a bank edited under
it, the rebuilt page fetched over HTTP, then SIGINT. Every wait is bounded."""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from citequiz.init import init_project

WAIT = 30  # seconds; generous for a loaded CI machine, reached only on failure


class Server:
    def __init__(self, project: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "citequiz", "serve", str(project), "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        line = self.expect(r"serving http://127\.0\.0\.1:\d+/")
        port = re.search(r":(\d+)/", line).group(1)
        self.url = f"http://127.0.0.1:{port}"

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in: {self.seen}")

    def get(self, path: str) -> tuple[int, str]:
        with urllib.request.urlopen(self.url + path, timeout=WAIT) as r:
            return r.status, r.read().decode("utf-8")

    def version(self) -> dict:
        return json.loads(self.get("/__citequiz/version")[1])

    def wait_version(self, after: int) -> dict:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state = self.version()
            if state["version"] > after:
                return state
            time.sleep(0.1)
        raise AssertionError(f"no rebuild after version {after}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)
            raise


@pytest.fixture
def project(tmp_path: Path) -> Path:
    init_project(tmp_path / "proj")
    return tmp_path / "proj"


@pytest.fixture
def server(project):
    s = Server(project)
    yield s
    s.stop()


def test_serve_rebuilds_shows_errors_and_stops_on_sigint(project, server):
    status, page = server.get("/")
    assert status == 200 and "<h1>proj</h1>" in page
    assert "/__citequiz/version" in page  # the reload script, injected as served
    assert "__citequiz" not in (project / "build" / "index.html").read_text()  # never into the files
    assert server.get("/coverage.html")[1].count("__citequiz/version") == 1
    v0 = server.version()
    assert v0["ok"] is True

    bank = project / "questions" / "sample.yaml"
    good = bank.read_text()
    bank.write_text(good.replace("title: The Rosetta Stone", "title: The Stone of Rosetta"))
    server.expect(r"^built 7 questions")
    v1 = server.wait_version(v0["version"])
    assert v1["ok"] is True
    assert "The Stone of Rosetta" in server.get("/")[1]

    bank.write_text(good.replace('answer: "1799"', 'answer: "1798"'))
    message = 'questions/sample.yaml:12:13: error[answer-not-a-choice]: answer "1798" is not one of the choices'
    server.expect(re.escape(message))  # in the terminal...
    v2 = server.wait_version(v1["version"])
    assert v2["ok"] is False
    status, page = server.get("/")
    assert status == 200 and "The project has errors" in page
    assert "answer &quot;1798&quot; is not one of the choices" in page  # ...and in the page, escaped
    assert server.proc.poll() is None  # errors do not stop the server

    bank.write_text(good)
    server.wait_version(v2["version"])
    assert "The Rosetta Stone" in server.get("/")[1]

    assert server.stop() == 0
    rest = []
    while not server.lines.empty():
        rest.append(server.lines.get())
    assert "stopping" in server.seen + rest


def test_serve_refuses_a_folder_that_is_not_a_project(tmp_path):
    result = subprocess.run([sys.executable, "-m", "citequiz", "serve", str(tmp_path), "--port", "0"],
                            capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 2
    assert "not a citequiz project" in result.stderr


@pytest.mark.browser
def test_open_page_reloads_after_a_save(project, server, page):
    page.goto(server.url + "/")
    assert page.locator("h1").inner_text() == "proj"
    (project / "citequiz.toml").write_text('title = "Renamed while open"\n')
    page.wait_for_function("document.querySelector('h1').textContent === 'Renamed while open'", timeout=WAIT * 1000)
    assert page.console_errors == []
