"""The normaliser and the word-boundary matcher: examples, then properties (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citequiz.normalize import NormText, normalize, occurs


def test_examples():
    assert normalize("  Citizens’ “right”\u00a0to\temigrate — NOW ") == 'citizens\' "right" to emigrate - now'
    assert normalize("ﬁnance Ⅻ") == "finance xii"  # NFKC
    assert normalize("STRASSE Straße") == "strasse strasse"  # case folding, not lower()
    assert occurs("1974", normalize("enacted in 1974, restricts"))
    assert not occurs("1974", "in 19745 and 21974")
    assert occurs("$5.5 billion", normalize("around $5.5 billion in 2024"))
    assert occurs("(mfn)", normalize("most-favored-nation (MFN) status"))
    assert not occurs("mfn", "mfns")
    assert not occurs("", "anything")


def test_span_joins_lines_with_one_space_and_find_lines_reports_ranges():
    text = NormText(["The treaty was", "", "signed in 1974.", "Amended in 2006."])
    assert text.span(1, 3) == "the treaty was signed in 1974."
    assert text.find_lines("1974") == [(3, 3)]
    assert text.find_lines("in 1974. amended") == [(3, 4)]
    assert text.find_lines("1975") == []


words = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=8)
any_text = st.text(max_size=60)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_normalize_leaves_no_runs_of_space_no_curly_quotes_no_dashes(text):
    out = normalize(text)
    assert "  " not in out and out == out.strip()
    assert not set(out) & set("‘’“”–—")


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=6), st.lists(words, max_size=4), st.lists(words, max_size=4))
def test_a_run_of_whole_words_is_always_found(needle_words, before, after):
    needle = normalize(" ".join(needle_words))
    haystack = normalize(" ".join(before + needle_words + after))
    assert occurs(needle, haystack)


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_never_matches_inside_a_longer_word(word, extra):
    needle = normalize(word)
    glued = normalize(word + extra)
    if needle and needle[-1].isalnum() and glued[: len(needle)] == needle and glued[len(needle):len(needle) + 1].isalnum():
        # the only occurrence of needle in `glued` is as a prefix glued to more letters
        if glued.count(needle) == 1:
            assert not occurs(needle, glued)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=6), st.data())
def test_the_text_of_any_span_is_found_again(lines, data):
    text = NormText(lines)
    first = data.draw(st.integers(1, len(lines)))
    last = data.draw(st.integers(first, len(lines)))
    span = text.span(first, last)
    if span and "" not in text.lines[first - 1 : last]:
        hits = text.find_lines(span)
        assert hits, (span, text.lines)
        assert all(1 <= f <= l <= len(lines) for f, l in hits)
