"""Stage helper — code blocks highlighted at build time with Pygments.

Pages and Anki cards get CSS classes and carry one style sheet for light and one for dark mode
(`css()`); LMS exports get inline styles, as Moodle and Canvas strip style sheets from questions.
A block without a language, or with one Pygments does not know, is shown unhighlighted.
"""

from __future__ import annotations

import html
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CSS_CLASS = "cq-code"
# Styles chosen for contrast (WCAG AA on their own background, checked by axe in the tests).
LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"


@lru_cache(maxsize=64)
def _lexer(lang: str):
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=1024)
def block(code: str, lang: str, *, inline_styles: bool = False) -> str:
    """A `<pre>` for one code block."""
    lexer = _lexer(lang.lower()) if lang else None
    label = f' data-lang="{html.escape(lang)}"' if lang else ""
    if lexer is None:
        body = html.escape(code.rstrip("\n"))
    else:
        formatter = HtmlFormatter(nowrap=True, noclasses=inline_styles, style=LIGHT_STYLE)
        body = highlight(code.rstrip("\n"), lexer, formatter).rstrip("\n")
    if inline_styles:
        return (f'<pre style="background:#f8f8f8;color:#1b1b1b;padding:.5em;white-space:pre-wrap"{label}>'
                f"<code>{body}</code></pre>")
    return f'<pre class="{CSS_CLASS}"{label}><code>{body}</code></pre>'


def _defs(style: str, prefixes: list[str]) -> str:
    return HtmlFormatter(style=style).get_style_defs(prefixes)


@lru_cache(maxsize=4)
def css(*, dark: str = "media") -> str:
    """The highlight CSS, light then dark. `dark="media"`: dark under prefers-color-scheme
    (pages); `dark="anki"`: dark under Anki's `.nightMode` class (cards)."""
    # Wrapped, never scrolled: a scrolling block would need to be focusable (axe's
    # scrollable-region-focusable), and printed code must not be cut at the margin.
    base = (f"pre.{CSS_CLASS} {{ padding: .5em .75em; white-space: pre-wrap; overflow-wrap: anywhere; "
            f"border-radius: .3em; line-height: 1.35; }}\n")
    light = _defs(LIGHT_STYLE, [f".{CSS_CLASS}"])
    if dark == "none":  # print: paper is light
        return f"{base}{light}\n"
    if dark == "anki":
        night = _defs(DARK_STYLE, [f".nightMode .{CSS_CLASS}", f".night_mode .{CSS_CLASS}"])
        return f"{base}{light}\n{night}\n"
    night = _defs(DARK_STYLE, [f".{CSS_CLASS}"])
    return f"{base}{light}\n@media (prefers-color-scheme: dark) {{\n{night}\n}}\n"
