"""A writer, without an account, checks a story: pasted, uploaded or shipped; hostile files refused beside
the field, at once."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

from soulbond.scenario.live import StoryFiles
from soulbond.service import stories
from tests.web.conftest import Site, send

FIXTURES = Path(__file__).parents[1] / "fixtures"
BROKEN = FIXTURES / "broken" / "two-places.yaml"
BOMB = FIXTURES / "hostile" / "alias-bomb.yaml"


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="e-{field}"><strong>Error:</strong> (.*?)</p>', page, re.S)
    assert found, f"no error beside {field}"
    return html.unescape(found.group(1))


def test_a_pasted_broken_story_shows_each_contradiction_with_its_line_and_reason(site: Site) -> None:
    answer = send(site.visitor(), "/write/check", {"story": BROKEN.read_text(), "name": "two-places.yaml"})
    assert answer.status_code == 200
    page = html.unescape(answer.text)
    assert "<title>The same compass twice: the replay · soulbond</title>" in page
    assert "2 contradictions with the laws" in page
    expected = stories.check_story(stories.CheckStory(BROKEN.read_text(), "two-places.yaml"), StoryFiles())
    for c in expected.contradictions:
        assert f'<a href="#line-{c.line}">Line {c.line}</a> ({c.action}): {c.reason}' in page
        assert f'id="line-{c.line}"' in page
    assert "with Lin Wu (kept)" in page  # where the compass ended
    assert re.search(r"<td>Lin Wu</td>\s*<td>Mei Tan</td>\s*<td>1</td>\s*<td>nothing</td>\s*<td>2</td>", page)


def test_the_replay_downloads_as_the_json_replay_json_prints(site: Site) -> None:
    visitor = site.visitor()
    answer = send(
        visitor, "/write/check", {"story": BROKEN.read_text(), "name": "two-places.yaml", "answer": "json"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="two-places.json"'
    expected = stories.check_story(stories.CheckStory(BROKEN.read_text(), "two-places.yaml"), StoryFiles())
    assert json.loads(answer.text) == expected.as_json
    shipped = visitor.get("/write/stories/the-foundation/json")
    assert json.loads(shipped.text)["title"] == "The Foundation"


def test_an_uploaded_alias_bomb_is_refused_beside_the_file_field_at_once(site: Site) -> None:
    started = time.perf_counter()
    answer = send(
        site.visitor(),
        "/write/check",
        {"answer": "page"},
        files={"file": ("bomb.yaml", BOMB.read_bytes(), "text/yaml")},
    )
    # A guard, not a measurement: the bomb once grew past 3 GB and never answered.
    assert time.perf_counter() - started < 10
    assert answer.status_code == 422
    assert error_beside(answer.text, "file").startswith("line 8: aliases repeat more than 100,000 nodes")
    assert 'aria-invalid="true"' in answer.text


def test_an_upload_over_the_limit_is_refused_beside_the_field_and_a_far_larger_one_at_the_door(
    site: Site,
) -> None:
    over = b"# " + b"x" * stories.UPLOAD_BYTES
    answer = send(site.visitor(), "/write/check", files={"file": ("big.yaml", over, "text/yaml")})
    assert answer.status_code == 422
    assert (
        error_beside(answer.text, "file")
        == "this file is larger than 1,024 KiB, the most a story sent here may be"
    )
    far = b"#" * (3 * stories.UPLOAD_BYTES)
    door = send(
        site.visitor(),
        "/write/check",
        files={"file": ("far.yaml", far, "text/yaml")},
        headers={"accept": "text/html"},
    )
    assert door.status_code == 413
    assert "<h1>Too large</h1>" in door.text


def test_a_malformed_paste_comes_back_to_be_mended_with_the_problem_beside_it(site: Site) -> None:
    text = "people:\n  a: {name: Ann Bell, born: 2001-02-30, home: {tz: UTC}}\ntimeline: []\n"
    answer = send(site.visitor(), "/write/check", {"story": text, "name": "mine.yaml"})
    assert answer.status_code == 422
    assert error_beside(answer.text, "story") == "line 2: 2001-02-30 is not a date that exists"
    assert html.escape(text, quote=False) in answer.text
    assert 'value="mine.yaml"' in answer.text


def test_an_empty_form_asks_for_a_story(site: Site) -> None:
    answer = send(site.visitor(), "/write/check", {"story": "  "})
    assert answer.status_code == 422
    assert error_beside(answer.text, "story") == "paste a story here, or choose a file below"


def test_the_shipped_stories_are_listed_and_open_and_nothing_else_does(site: Site) -> None:
    visitor = site.visitor()
    listing = visitor.get("/write")
    assert listing.status_code == 200
    assert '<a href="/write/stories/lost-things">Lost things</a>' in listing.text
    opened = visitor.get("/write/stories/the-foundation")
    assert opened.status_code == 200
    assert "No event contradicts the laws" in opened.text
    unknown = visitor.get("/write/stories/nothing-like-it")
    assert unknown.status_code == 404
    assert (
        "no story called &#39;nothing-like-it&#39; is shipped; shipped: lost-things, the-foundation"
        in unknown.text
    )
    # A path to a file on the server matches no page at all.
    sneaking = visitor.get("/write/stories/..%2F..%2Fetc%2Fpasswd")
    assert sneaking.status_code == 404
    assert "root:" not in sneaking.text
