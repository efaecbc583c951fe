"""The order question in a real headless Chromium: reordered by pointer (dragging an item) and
kept across a reload, shuffled per ?seed=, and judged item by item. (By keyboard alone it is
answered in test_quiz_browser's full-score run; the page's axe check covers it too.)"""

from __future__ import annotations

import pytest

from test_quiz_browser import open_quiz, order_now, site, start_over, stored  # noqa: F401 - `site` is a fixture

pytestmark = pytest.mark.browser

ITEMS = ["signed in 1974", "amended in 2006 for Avalon", "in 2012 for Brigadoon"]  # the fixture's, in order


def drag(page, item: str, onto: str) -> None:
    """Press on `item`, move the pointer over the top half of `onto`, release."""
    page.locator("#q-ev-order").scroll_into_view_if_needed()
    start = page.locator("#q-ev-order li.order-item", has_text=item).locator(".order-text").bounding_box()
    target = page.locator("#q-ev-order li.order-item", has_text=onto).bounding_box()
    page.mouse.move(start["x"] + 5, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 5, target["y"] + target["height"] / 2, steps=8)
    page.mouse.move(target["x"] + 5, target["y"] + 2, steps=2)
    page.mouse.up()


def test_the_items_start_shuffled_and_never_in_order(page, site):
    open_quiz(page, site)
    shown = order_now(page, "ev-order")
    assert sorted(shown) == sorted(ITEMS) and shown != ITEMS
    for seed in ("a", "b", "class-3", "x7"):
        open_quiz(page, site, f"?seed={seed}")
        assert order_now(page, "ev-order") != ITEMS


def test_dragging_puts_items_in_order_and_the_move_is_announced(page, site):
    open_quiz(page, site)
    for k, item in enumerate(ITEMS):
        now = order_now(page, "ev-order")
        if now.index(item) != k:
            drag(page, item, now[k])
            assert order_now(page, "ev-order")[k] == item
            assert page.inner_text("#q-ev-order-moved").startswith(f"“{item}” is now {k + 1} of 3")
    assert order_now(page, "ev-order") == ITEMS
    with stored(page):
        page.click("#q-ev-order button.check")
    assert page.inner_text("#q-ev-order .verdict") == "Correct"
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert order_now(page, "ev-order") == ITEMS  # the learner's order, restored
    assert page.inner_text("#q-ev-order .verdict") == "Correct"
    assert page.locator("#q-ev-order button.move").first.is_disabled()  # answered: locked
    assert page.console_errors == []


def test_a_wrong_order_is_judged_item_by_item(page, site):
    open_quiz(page, site)
    shown = order_now(page, "ev-order")
    page.click("#q-ev-order button.check")  # as shuffled: not one item in its place? at least one wrong
    assert page.inner_text("#q-ev-order .verdict") == "Incorrect"
    lines = page.eval_on_selector_all("#q-ev-order-feedback ul.answer li", "els => els.map(e => e.textContent)")
    assert lines == [f"{k + 1}. {item}" + (" (yours is right)" if shown[k] == item else f" (yours: {shown[k]})")
                     for k, item in enumerate(ITEMS)]
    start_over(page)  # Settings, Start over, confirmed
    assert order_now(page, "ev-order") == shown  # back to the start, controls enabled again
    assert page.locator("#q-ev-order button.move").first.is_enabled()
