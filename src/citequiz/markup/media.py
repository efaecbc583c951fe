"""Stage helper — the project's `media/` folder: the images a bank may show.

An image is named in Markdown by its path from the project root, `media/diagram.png`. It must
be a file inside `media/` (no remote image: every output works offline), of a known kind
(PNG, JPEG, GIF, WebP or SVG, told by its bytes, not its name), under the size limit. An SVG is
XML that can carry script, so one that does (a <script>, an `on...` attribute, a
`javascript:` link, a <foreignObject>, an external reference or a DOCTYPE) is refused.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

MEDIA_DIR = "media"
DEFAULT_LIMIT_KB = 1024
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
_SVG_REFUSED_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}


def _q(text: str) -> str:
    """Quoted for a message, as errors.quoted does."""
    return '"' + text.replace('"', '\\"') + '"'


class MediaError(ValueError):
    def __init__(self, rule: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint


@dataclass(frozen=True)
class MediaFile:
    """One image, read and checked."""

    path: str  # as written in Markdown and relative to the project: "media/cells/mitosis.png"
    data: bytes
    mime: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def flat_name(self) -> str:
        """A name for a flat media folder (Anki's): the path below media/, with its content's
        digest, so an edited image gets a new name and the notes showing it update."""
        inner = PurePosixPath(self.path).relative_to(MEDIA_DIR)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(inner.with_suffix("").parts)).strip("-.") or "image"
        return f"{stem}-{self.digest[:10]}{inner.suffix.lower()}"

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def sniff(data: bytes) -> str | None:
    """The image kind from the file's first bytes."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]:
        return "image/svg+xml"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG cannot be shown safely, or None."""
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        return "it has a DOCTYPE or entity declaration"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"it is not well-formed XML ({exc})"
    for node in root.iter():
        tag = str(node.tag).rsplit("}", 1)[-1]
        if tag in _SVG_REFUSED_ELEMENTS:
            return f"it has a <{tag}> element"
        for name, value in node.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"<{tag}> has an event handler attribute `{local}`"
            if local == "href" and not value.strip().startswith("#"):
                return f"<{tag}> links to {value.strip()[:60]!r} (only #fragment references are allowed)"
            if _EXTERNAL_URL.search(value):
                return f"<{tag}> refers to an external resource in `{local}`"
        if tag == "style" and (_EXTERNAL_URL.search(node.text or "") or "@import" in (node.text or "")):
            return "its CSS loads an external resource"
    return None


class MediaStore:
    """The images of one project, read once each."""

    def __init__(self, root: Path, *, limit_kb: int = DEFAULT_LIMIT_KB):
        self.root = Path(root)
        self.limit_kb = limit_kb
        self._cache: dict[str, MediaFile | MediaError] = {}

    def get(self, src: str) -> MediaFile:
        """The image that Markdown names `src`; raises MediaError (rule, message, hint)."""
        if src not in self._cache:
            try:
                self._cache[src] = self._read(src)
            except MediaError as exc:
                self._cache[src] = exc
        found = self._cache[src]
        if isinstance(found, MediaError):
            raise found
        return found

    def find(self, src: str) -> MediaFile | None:
        try:
            return self.get(src)
        except MediaError:
            return None

    def _read(self, src: str) -> MediaFile:
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", src):
            raise MediaError("image-remote", f"image {_q(src)} is not a file in {MEDIA_DIR}/",
                             f"download it into {MEDIA_DIR}/ and write ![alt]({MEDIA_DIR}/name.png): "
                             "every output works offline")
        rel = PurePosixPath(unquote(src))
        if rel.is_absolute() or ".." in rel.parts or not rel.parts or rel.parts[0] != MEDIA_DIR:
            raise MediaError("image-missing", f"image {_q(src)} is not inside {MEDIA_DIR}/",
                             f"images live in the project's {MEDIA_DIR}/ folder: ![alt]({MEDIA_DIR}/name.png)")
        path = self.root.joinpath(*rel.parts)
        media = (self.root / MEDIA_DIR).resolve()
        try:
            real = path.resolve()
            real.relative_to(media)
        except (OSError, ValueError):
            raise MediaError("image-missing", f"image {_q(src)} is not inside {MEDIA_DIR}/") from None
        if not real.is_file():
            near = sorted(p.relative_to(self.root).as_posix() for p in media.rglob("*") if p.is_file()) \
                if media.is_dir() else []
            hint = f"files in {MEDIA_DIR}/: " + ", ".join(near[:5]) if near else f"put the file in {MEDIA_DIR}/"
            raise MediaError("image-missing", f"image file {_q(src)} does not exist", hint)
        size = real.stat().st_size
        if size > self.limit_kb * 1024:
            raise MediaError("image-too-large",
                             f"image {_q(src)} is {size / 1024:,.0f} KB; the limit is {self.limit_kb:,} KB",
                             "every page carries its images inside it: shrink the image, or raise "
                             "`max_image_kb` in [content]")
        data = real.read_bytes()
        mime = sniff(data)
        if mime is None:
            raise MediaError("image-type", f"{_q(src)} is not a PNG, JPEG, GIF, WebP or SVG image",
                             "the kind is told by the file's contents, not its name")
        if mime == "image/svg+xml":
            problem = svg_problem(data)
            if problem:
                raise MediaError("svg-unsafe", f"SVG {_q(src)} is refused: {problem}",
                                 "SVG images may hold shapes and text only; export it again as plain SVG or PNG")
        return MediaFile(rel.as_posix(), data, mime)
