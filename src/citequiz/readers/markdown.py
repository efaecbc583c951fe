"""The Markdown seed reader (`.md`): cited by the line numbers an editor shows, grounded on the
text without markup, shown rendered in the source reader with an anchor for every line.

Parsing is markdown-it-py's CommonMark with tables and strikethrough; raw HTML is off (it shows
as text) and images show as their alt text, so a seed can neither run script in the reader nor
make the offline page fetch anything. Every block token carries its line map (`Token.map`); an
inline token's soft and hard breaks are its source line breaks, which is how each line's plain
text and each line's anchor are found.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from ..model import Seed, Unit
from .base import Parsed, is_sentence

KIND = "markdown"
EXTENSIONS = (".md", ".markdown")
TABLE_MIN_WORDS = 6
_BREAKS = ("softbreak", "hardbreak")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_alt)
    md.add_render_rule("fence", _code_with_anchors)
    md.add_render_rule("code_block", _code_with_anchors)
    return md


def parse(lines: tuple[str, ...]) -> Parsed:
    tokens = parser().parse("\n".join(lines) + "\n")
    plain = [""] * len(lines)
    units: list[Unit] = []
    for i, token in enumerate(tokens):
        if token.type == "inline" and token.map:
            for n, text in _inline_lines(token):
                if n < len(plain) and text.strip():
                    plain[n] = f"{plain[n]} | {text}" if plain[n] else text
        elif token.type in ("fence", "code_block") and token.map:
            first = token.map[0] + (1 if token.type == "fence" else 0)
            for k, line in enumerate(token.content.splitlines()):
                if first + k < len(plain):
                    plain[first + k] = line
    for i, token in enumerate(tokens):
        if not token.map or token.nesting == -1:
            continue
        first, last = token.map[0] + 1, token.map[1]
        last = _trim(plain, lines, first, last)
        text = " ".join(plain[first - 1 : last])
        if token.type == "paragraph_open":
            units.append(Unit(first, last, "paragraph", is_sentence(text)))
        elif token.type == "heading_open":
            units.append(Unit(first, last, "heading", False))
        elif token.type in ("fence", "code_block"):
            units.append(Unit(first, last, "code", False))
        elif token.type == "table_open":
            words = [w for w in text.split() if w != "|"]  # the cell separators are no words
            units.append(Unit(first, last, "table", len(words) >= TABLE_MIN_WORDS))
    found = tuple(sorted(units, key=lambda u: u.first))  # one parse gives both; the units are kept
    return Parsed(plain_lines=tuple(plain), find_units=lambda _lines: found)


def _trim(plain: list[str], lines: tuple[str, ...], first: int, last: int) -> int:
    """A block's map may end on the blank line after it; a unit ends on its last written line."""
    while last > first and not lines[last - 1].strip():
        last -= 1
    return last


def _inline_lines(token: Token) -> list[tuple[int, str]]:
    """(0-based line, text without markup) for each source line of an inline token."""
    out, n, parts = [], token.map[0], []
    for child in token.children or ():
        if child.type in _BREAKS:
            out.append((n, "".join(parts)))
            n, parts = n + 1, []
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)  # the alt text
    out.append((n, "".join(parts)))
    return out


# --- the source reader ---------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One top-level block as the source reader shows it: its lines and its rendered HTML, in
    which every line first..last has an element with id `L<n>`."""

    first: int
    last: int
    html: Markup


def _anchor(n: int) -> str:
    return f'<span class="la" id="L{n}"></span>'


def blocks(seed: Seed) -> list[Block]:
    md = parser()
    lines = seed.lines
    tokens = md.parse("\n".join(lines) + "\n")
    groups: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(token)
        depth += token.nesting
    out: list[Block] = []
    done = 0  # lines 1..done have their anchor
    for k, group in enumerate(groups):
        first = group[0].map[0] + 1 if group[0].map else done + 1
        nxt = next((g[0].map[0] for g in groups[k + 1 :] if g[0].map), len(lines))
        last = max(first, nxt)  # the blank lines after a block belong to it
        anchored: set[int] = set()
        for token in group:
            if token.type in ("heading_open", "heading_close"):
                # The page's own <h1> is the seed's title: the seed's headings rank below it.
                token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
            if token.type == "inline" and token.map:
                children, n = [], token.map[0] + 1
                if n not in anchored:
                    children.append(_html_token(_anchor(n)))
                    anchored.add(n)
                for child in token.children or ():
                    children.append(child)
                    if child.type in _BREAKS:
                        n += 1
                        if n not in anchored:
                            children.append(_html_token(_anchor(n)))
                            anchored.add(n)
                token.children = children
            elif token.type in ("fence", "code_block") and token.map:
                start = token.map[0] + 1 + (1 if token.type == "fence" else 0)
                token.meta = {"first_line": start}
                anchored.update(range(start, start + len(token.content.splitlines())))
        html = md.renderer.render(group, md.options, {})
        # Lines without text of their own (blank, a fence, a table rule): before the block, or
        # after it once past its last line of text.
        end = max(anchored, default=first)
        rest = [n for n in range(done + 1, last + 1) if n not in anchored]
        lead = "".join(_anchor(n) for n in rest if n <= end)
        tail = "".join(_anchor(n) for n in rest if n > end)
        out.append(Block(first, last, Markup(lead + html + tail)))
        done = last
    return out


def _html_token(html: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = html
    return token


def _image_as_alt(self, tokens, idx, options, env) -> str:
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    return f'<span class="img-alt">[image: {escape(alt)}]</span>'


def _code_with_anchors(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    first = (token.meta or {}).get("first_line")
    lines = token.content.splitlines()
    if first is None:
        body = escape(token.content)
    else:
        body = "\n".join(_anchor(first + k) + escape(line) for k, line in enumerate(lines))
    return f"<pre><code>{body}</code></pre>\n"
