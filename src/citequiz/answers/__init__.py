"""The answer matcher: one deterministic comparison of a typed answer with the accepted ones,
used by the quiz page (its JavaScript port, `templates/answers.js`), `check`, and the exports.

- `fold`     text -> key at four cumulative levels (pure; ported to JS)
- `judge`    a typed answer against one compiled slot (pure; ported to JS)
- `compile`  build time only: a question's slots with keys, acronym and date forms, `near` words
- `variants` literal forms for consumers that compare literally (Anki, Moodle, QTI, CSV)
- `lint`     the `check` rules on accepted and rejected forms
- `syntax`   the `accept` / `reject` keys of a bank, for the loader
docs/answers.md documents every rule with an example.
"""

from .compile import Slot, compile_question, compile_slot, settings, slots, vocabulary
from .fold import canon, compact, keys
from .judge import judge

__all__ = ["Slot", "canon", "compact", "compile_question", "compile_slot", "judge", "keys",
           "settings", "slots", "vocabulary"]
