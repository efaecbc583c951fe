"""Control characters: refused in what citequiz reads, shown visibly in what it prints.

XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF, a terminal obeys ESC and CR, Anki splits
fields on \\x1f: no text from a bank, a seed or the config may carry one into an output. `check`
refuses them where they are read (`find_control`); messages show any that reach them
(`visible`), so a finding can never rewrite the terminal line it is printed on.
"""

from __future__ import annotations

import re

# Tab and the line breaks a reader splits on (LF, CR) are text; every other C0 control, DEL,
# the C1 controls, lone surrogates and the two non-characters XML forbids are not.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_HINT = "remove it: quiz text holds printable characters, tabs and line breaks only"
_RAW_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")  # json escapes C0 itself
_SHOWN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def find_control(text: str) -> re.Match | None:
    return CONTROL.search(text)


def describe(char: str) -> str:
    """`U+001B`, as a message names a character."""
    return f"U+{ord(char):04X}"


def visible(text: str) -> str:
    """`text` for a terminal: every control character (LF and CR too) as `\\x1b`, `\\n`, `\\u2028`."""
    if not _SHOWN.search(text):
        return text
    return _SHOWN.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def visible_lines(text: str) -> str:
    """A block of lines for a terminal: each line `visible`, the line breaks between them kept."""
    return "\n".join(visible(line) for line in text.split("\n"))


def visible_json(text: str) -> str:
    """JSON text with every control character that `json.dumps(ensure_ascii=False)` leaves raw
    (DEL, C1, U+2028...) written as a `\\uXXXX` escape: the same JSON value, safe to print."""
    return _RAW_IN_JSON.sub(lambda m: "".join(f"\\u{u:04x}" for u in _utf16(m.group())), text)


def _utf16(char: str) -> list[int]:
    data = char.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]
