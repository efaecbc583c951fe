"""`citequiz serve`: build, serve build/ on 127.0.0.1, rebuild on every save, reload the page.

A preview for authors, not a production server: the standard library's threading HTTP server
in a background thread, and the main thread polling the modification times of questions/,
seeds/, templates/ and the config (a handful of small files; polling needs no dependency and
behaves the same on every platform). A rebuild goes through `build`, which rewrites only the
outputs whose bytes changed.

Pages are reloaded by a small script that polls /__citequiz/version. The script is injected
into HTML as it is *served*; the files in build/ are never touched. A bank with errors does not
stop the server: the errors are printed and every page shows them until the next good build.
"""

from __future__ import annotations

import html
import http.server
import json
import mimetypes
import os
import signal
import stat
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .build import build, refuse_output_over_inputs
from .errors import CheckFailed, CitequizError, UsageError
from .load import QUESTIONS_DIR, SEEDS_DIR

HOST = "127.0.0.1"  # loopback only: a preview is never exposed to the network
VERSION_PATH = "/__citequiz/version"
WATCHED_DIRS = (QUESTIONS_DIR, SEEDS_DIR, "templates")
WATCHED_FILES = ("citequiz.toml", "pyproject.toml")

_RELOAD_JS = """<script>/* citequiz serve: reload when the project is rebuilt */
(function () {
  var seen = %d;
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (d) {
      if (d.version !== seen) { location.reload(); return; }
      setTimeout(poll, 400);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 400);
})();
</script>
"""


@dataclass
class Site:
    """What the HTTP threads read and the watcher writes, under one lock."""

    root: Path
    out: Path
    version: int = 0
    errors: list[str] | None = None  # None after a good build
    lock: threading.Lock = field(default_factory=threading.Lock)

    def state(self) -> tuple[int, list[str] | None]:
        with self.lock:
            return self.version, self.errors


def rebuild(site: Site, say: Callable[[str], None]) -> None:
    """Build once; on failure keep the old outputs and remember the errors for the pages."""
    errors: list[str] | None = None
    try:
        project, findings, report = build(site.root, site.out)
        for f in sorted(findings):
            say(_shown(site.root, f))
        say(f"built {len(project.questions())} questions: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged")
    except CheckFailed as exc:
        errors = [_shown(site.root, f) for f in sorted(exc.findings)]
        errors.append(str(exc))
    except CitequizError as exc:
        errors = [str(exc)]
    except Exception:  # a broken template must not stop the preview either
        errors = traceback.format_exc().rstrip().splitlines()
    if errors:
        for line in errors:
            say(line)
        say("not built; fix the errors above and save (waiting for changes)")
    with site.lock:
        site.version += 1
        site.errors = errors


def _shown(root: Path, finding) -> str:
    """A finding with its file as reached from where the user stands, as `check` prints it."""
    return str(finding).replace(str(finding.pos), str(type(finding.pos)(
        os.path.normpath(root / finding.pos.file), finding.pos.line, finding.pos.column)), 1)


def snapshot(root: Path) -> tuple:
    """A cheap fingerprint of every watched file: (path, mtime, size), sorted."""
    entries = []
    for name in WATCHED_FILES:
        try:
            st = (root / name).stat()
            entries.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            pass
    for name in WATCHED_DIRS:
        base = root / name
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file() and not path.name.startswith("."):
                entries.append((path.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(sorted(entries))


def error_page(errors: list[str], version: int) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>citequiz: errors</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
        "li{margin:.3rem 0}code{white-space:pre-wrap}</style></head><body><main>"
        "<h1>The project has errors</h1><p>Nothing was rebuilt. Fix these and save; this page reloads "
        f"by itself.</p><ul id=\"citequiz-errors\">\n{items}\n</ul></main>"
        + (_RELOAD_JS % (version, VERSION_PATH)) + "</body></html>\n"
    ).encode("utf-8")


def inject(page: bytes, version: int) -> bytes:
    script = (_RELOAD_JS % (version, VERSION_PATH)).encode("utf-8")
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


# The Host names a loopback preview answers to: a page on another site that points its own name
# at 127.0.0.1 (DNS rebinding) must not be able to read the build.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def loopback_host(host: str | None) -> bool:
    if not host:
        return False
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in LOOPBACK_NAMES


def resolve_request(out: Path, path: str) -> tuple[Path | None, str | None]:
    """The regular file under `out` that a URL path names, or (None, None); (None, "/dir/")
    when it names a folder without its trailing slash. No link is followed, `..` and NUL are
    refused, and a folder is served only as its index.html: never a directory listing."""
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None, None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None, None
    target = out
    for part in parts:
        target = target / part
        if target.is_symlink():
            return None, None
    try:
        mode = target.lstat().st_mode
    except (OSError, ValueError):
        return None, None
    if stat.S_ISDIR(mode):
        if not path.endswith("/"):
            return None, path + "/"
        target = target / "index.html"
        try:
            mode = target.lstat().st_mode
        except OSError:
            return None, None
    return (target, None) if stat.S_ISREG(mode) else (None, None)


def make_handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "citequiz-serve"

        def log_message(self, format, *args):  # noqa: A002 - the per-request log is noise here
            pass

        def handle(self):
            try:
                super().handle()
            except ConnectionError:  # the browser closed the connection (BrokenPipe, reset)
                self.close_connection = True

        def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _text(self, status: int, message: str) -> None:
            self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            if not loopback_host(self.headers.get("Host")):
                return self._text(403, "citequiz serve answers only requests for 127.0.0.1 or localhost")
            version, errors = site.state()
            path = unquote(urlsplit(self.path).path)
            if path == VERSION_PATH:
                body = json.dumps({"version": version, "ok": errors is None}).encode()
                return self._send(200, "application/json", body)
            wants_page = path.endswith("/") or path.endswith(".html")
            if errors is not None and wants_page:
                return self._send(200, "text/html; charset=utf-8", error_page(errors, version))
            target, redirect = resolve_request(site.out, path)
            if redirect:
                return self._send(301, "text/plain; charset=utf-8", b"", {"Location": quote(redirect)})
            if target is None:
                return self._text(404, "not found")
            try:
                body = target.read_bytes()
            except OSError:
                return self._text(404, "not found")
            if target.suffix == ".html":
                return self._send(200, "text/html; charset=utf-8", inject(body, version))
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
                ctype += "; charset=utf-8"
            return self._send(200, ctype, body)

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A closed connection is the browser's right, not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(root: Path, *, port: int = 8000, out: Path | None = None, poll: float = 0.5,
          say: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C); returns normally after a clean shutdown."""
    root = Path(root)
    if not (root / QUESTIONS_DIR).is_dir():
        raise UsageError(f"{root}: not a citequiz project (no `{QUESTIONS_DIR}/` folder)")
    site = Site(root=root, out=Path(out) if out is not None else root / "build")
    refuse_output_over_inputs(root, site.out)
    try:
        site.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{site.out}: cannot make the output folder: {exc.strerror}") from None
    try:
        server = _Server((HOST, port), make_handler(site))
    except OSError as exc:
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
    last = snapshot(root)
    rebuild(site, say)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    say(f"serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    restore = _stop_on_signals()
    try:
        while True:
            time.sleep(poll)
            now = snapshot(root)
            if now != last:
                time.sleep(0.1)  # an editor may save in several writes: wait until it settles
                while (settled := snapshot(root)) != now:
                    now = settled
                    time.sleep(0.1)
                last = now
                say("change detected; rebuilding")
                rebuild(site, say)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        restore()


def _stop_on_signals() -> Callable[[], None]:
    """Ctrl-C (SIGINT) and SIGTERM both stop cleanly, even when started in the background (where
    a shell may have set SIGINT to be ignored). Returns a function restoring the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(signum, frame):
        raise KeyboardInterrupt

    old = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    return lambda: [signal.signal(sig, handler) for sig, handler in old.items()] and None
