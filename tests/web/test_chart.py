"""The picture of the count shrinking: drawn on the server, labelled, escaped, higher for more people."""

from __future__ import annotations

import re

from soulbond.web.chart import Point, shrinking


def test_the_count_is_drawn_as_steps_that_fall_with_it_and_each_is_labelled() -> None:
    drawn = str(shrinking([Point("a drawing", 148), Point("a rock", 26), Point("a folder", 1)], "the count"))
    assert drawn.startswith('<svg class="chart"') and 'role="img"' in drawn
    assert '<title id="chart-title">the count</title>' in drawn
    heights = [float(y) for y in re.findall(r"L[\d.]+,([\d.]+)", drawn)]
    # Each step is a level line; a smaller count sits lower (a larger y).
    assert heights[0] < heights[2] < heights[4]
    for label in (">148<", ">26<", ">1<", ">a drawing<", ">a folder<"):
        assert label in drawn


def test_what_a_finder_calls_a_thing_cannot_break_out_of_the_picture() -> None:
    drawn = str(shrinking([Point("<script>alert(1)</script>", 3)], "<b>"))
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
    assert "<b>" not in drawn


def test_nothing_learnt_draws_nothing() -> None:
    assert str(shrinking([], "the count")) == ""
