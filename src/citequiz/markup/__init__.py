"""Rich text in bank fields: Markdown, `$` math, images from `media/`, highlighted code.

The one place where bank text becomes markup (see docs/content.md). `parse` reads it,
`render` writes it in each consumer's idiom (`Flavour`), `media` reads and checks images,
`mathml` turns TeX into checked MathML, `code` highlights code blocks, and `lint` reports
what is wrong in a field as findings for `citequiz check`.
"""

from .media import MEDIA_DIR, MediaError, MediaFile, MediaStore
from .render import (ANKI, GIFT, MOODLE, PAGE, QTI, Flavour, cloze_filled_plain, cloze_html,
                     cloze_plain, needs_html, plain, to_html)

__all__ = [
    "ANKI", "GIFT", "MEDIA_DIR", "MOODLE", "PAGE", "QTI", "Flavour", "MediaError", "MediaFile",
    "MediaStore", "cloze_filled_plain", "cloze_html", "cloze_plain", "needs_html", "plain", "to_html",
]
