"""Vendored third-party files are the published builds, byte for byte (templates/vendor/README.md)."""

from __future__ import annotations

import hashlib

from citequiz.templating import builtin_templates

VENDOR = builtin_templates() / "vendor"
# ts-fsrs 5.4.2, package/dist/index.umd.js from the npm tarball.
TS_FSRS_SHA256 = "59b7444121d0aae5bb969097ed95df38eff4a4f878e459703c63720f6b6a176b"


def test_ts_fsrs_is_the_published_build_with_its_licence():
    assert hashlib.sha256((VENDOR / "ts-fsrs.umd.js").read_bytes()).hexdigest() == TS_FSRS_SHA256
    licence = (VENDOR / "ts-fsrs.LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Open Spaced Repetition" in licence
    assert "5.4.2" in (VENDOR / "README.md").read_text(encoding="utf-8")
