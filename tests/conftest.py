"""Shared fixtures: the fixture projects, and one headless Chromium for the whole session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def pytest_addoption(parser):
    parser.addoption("--regen", action="store_true",
                     help="rewrite the golden files and bad-input expectations that differ, then fail "
                          "(review the change with `git diff tests/`)")


class Golden:
    """Compares outputs with their golden files. With `pytest --regen` it rewrites each that
    differs and fails the test, so a regeneration is never a pass and is always reviewed."""

    def __init__(self, regen: bool):
        self.regen = regen

    def check(self, files: dict[Path, bytes]) -> None:
        differ = [path for path, data in files.items() if not path.is_file() or path.read_bytes() != data]
        if self.regen and differ:
            for path in differ:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(files[path])
            pytest.fail("regenerated " + ", ".join(sorted(os.path.relpath(p, ROOT) for p in differ))
                        + "; review with `git diff tests/`, then run the tests again")
        for path in differ:
            assert path.is_file(), f"no golden file {os.path.relpath(path, ROOT)}; run `pytest --regen`"
            assert files[path] == path.read_bytes(), f"{os.path.relpath(path, ROOT)} differs; see `pytest --regen`"


@pytest.fixture
def golden(request) -> Golden:
    return Golden(request.config.getoption("--regen"))


@pytest.fixture
def every_type(tmp_path: Path) -> Path:
    """A private copy of the fixture project that holds every question type."""
    dest = tmp_path / "every-type"
    shutil.copytree(FIXTURES / "every-type", dest)
    return dest


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test session (Debian's, driven by Playwright).

    Without a Chromium the browser tests skip, except under CI, where they must run."""
    path = _chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but no Chromium was found (apt-get install chromium)")
        pytest.skip("no Chromium found: apt-get install chromium (or set CHROMIUM=/path)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            args=["--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page (own context: own localStorage) that fails the test on console errors."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


def show_all_questions(page) -> None:
    """On a quiz page, switch to the all-on-one-page view (the page's own toggle, remembered) and
    wait until every question is built: for tests that work on many questions at once."""
    page.wait_for_selector("html[data-ready=true]")
    if page.evaluate("window.citequiz && citequiz.view ? citequiz.view() : null") == "study":
        page.click("#view-toggle")
    page.wait_for_selector("html[data-complete=true]")
