"""The registrar sends a story's own text to an empty world over HTTP, and it becomes the live world."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from soulbond.http.app import create_app
from soulbond.http.deps import Backend
from soulbond.service import lengths
from tests.http.conftest import CHEAP, Clock, Served, empty_world

ROOT = Path(__file__).parents[2]
FOUNDATION = (ROOT / "src" / "soulbond" / "scenario" / "library" / "the-foundation.yaml").read_text(
    encoding="utf-8"
)
BROKEN = (ROOT / "tests" / "fixtures" / "broken" / "two-places.yaml").read_text(encoding="utf-8")
BOMB = (ROOT / "tests" / "fixtures" / "hostile" / "alias-bomb.yaml").read_text(encoding="utf-8")


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Served]:
    clock = Clock()
    live = empty_world(tmp_path / "empty.db", clock)
    app = create_app(Backend(live, CHEAP, clock, stories=live.stories))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Served(client, live, clock)
    live.close()


def is_empty(served: Served) -> bool:
    with served.live.uow() as uow:
        return uow.archive.is_empty()


def test_a_story_sent_as_text_becomes_the_live_world_once(empty: Served) -> None:
    registrar = empty.login("registrar")
    body = {"story": FOUNDATION, "name": "drafts/the-foundation.yaml"}
    answer = empty.call("POST", "/registry/world/story", registrar, key="first", json=body)
    assert answer.status_code == 200, answer.text
    imported = answer.json()
    # The name is shown without its folders; nothing is read or written by it.
    assert (imported["name"], imported["people"]) == ("the-foundation.yaml", 4)
    assert not is_empty(empty)
    # Sent again under its key, the answer is the first one and nothing happens twice.
    again = empty.call("POST", "/registry/world/story", registrar, key="first", json=body)
    assert (again.status_code, again.json()) == (200, imported)
    # Without the key it is a second import, which a world that has one refuses.
    refused = empty.call("POST", "/registry/world/story", registrar, json=body)
    assert refused.status_code == 422
    assert "already holds a world" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("story", "said"),
    [
        (BROKEN, "two-places.yaml contradicts the laws (2 contradictions)"),
        (BOMB, "line 8: aliases repeat"),
        ("people: [\n", "two-places.yaml, line 2: this is not valid YAML"),
    ],
    ids=["contradicts the laws", "alias bomb", "not YAML"],
)
def test_a_broken_or_hostile_story_is_refused_with_where_and_stores_nothing(
    empty: Served, story: str, said: str
) -> None:
    answer = empty.call(
        "POST",
        "/registry/world/story",
        empty.login("registrar"),
        json={"story": story, "name": "two-places.yaml"},
    )
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert said in answer.json()["detail"]
    assert is_empty(empty)


def test_a_story_past_its_limit_is_refused_before_it_is_read(empty: Served) -> None:
    registrar = empty.login("registrar")
    too_long = {"story": "#" * (lengths.STORY + 1)}
    answer = empty.call("POST", "/registry/world/story", registrar, json=too_long)
    assert answer.status_code == 422
    assert "story" in answer.text
    assert is_empty(empty)
    # Other routes keep the API's small bodies.
    huge = empty.call(
        "POST", "/registry/world/import", registrar, json={"story": "x" * (lengths.BODY_BYTES + 1)}
    )
    assert huge.status_code == 413


def test_only_the_registrar_may_send_a_story(empty: Served) -> None:
    answer = empty.call("POST", "/registry/world/story", json={"story": FOUNDATION})
    assert answer.status_code == 401
    assert is_empty(empty)
