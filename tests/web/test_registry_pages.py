"""The game master runs the world through pages: the same use cases as the API's registry routes."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

from soulbond.http.deps import Backend
from soulbond.service import glance
from soulbond.web.app import create_app
from tests.http.conftest import CHEAP, Clock, empty_world
from tests.web.conftest import DEMO, Site, send

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

NOTE = "soulbond_note"


def error_beside(page: str, field: str) -> str:
    found = re.search(rf'<p class="error"[^>]*id="e-{field}"[^>]*>(.*?)</p>', page, re.S)
    assert found, f"no error beside {field}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_the_world_at_a_glance_shows_what_the_store_counts(site: Site) -> None:
    page = site.browser_of("registrar").get("/world")
    assert page.status_code == 200
    seen = glance.world_at_a_glance(site.live.uow())
    shown = html.unescape(page.text)
    assert f"<dt>People alive</dt><dd>{seen.counts.alive:,}</dd>" in shown
    assert f"<dt>Strangers in the census</dt><dd>{seen.counts.strangers:,}</dd>" in shown
    assert f"<dt>Bonds active</dt><dd>{seen.counts.bonds['active']:,}</dd>" in shown
    assert f"<dt>Things in transit</dt><dd>{seen.counts.in_transit:,}</dd>" in shown
    for person in seen.people:
        assert f"<td>{person.id}</td><td>{person.name}</td>" in shown


def test_the_game_master_advances_the_clock_and_what_fell_due_is_made(site: Site) -> None:
    before = datetime.fromisoformat(glance.world_at_a_glance(site.live.uow()).now)
    answer = send(site.browser_of("registrar"), "/world/clock", {"days": "2", "hours": "3", "deliver": "yes"})
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/world"
    after = glance.world_at_a_glance(site.live.uow())
    assert datetime.fromisoformat(after.now) == before + timedelta(days=2, hours=3)
    assert after.due_now == 0


def test_the_clock_is_refused_a_step_it_cannot_take_beside_its_field(site: Site) -> None:
    registrar = site.browser_of("registrar")
    answer = send(registrar, "/world/clock", {"days": "99999999"})
    assert answer.status_code == 422
    assert error_beside(answer.text, "days") == "Error: Days must be a whole number from 0 to 3,650"
    nothing = send(registrar, "/world/clock", {"days": "0", "hours": "0"})
    assert error_beside(nothing.text, "days") == "Error: move the clock on by at least an hour"


def test_a_birth_a_move_and_a_death_are_registered_and_show_in_the_register(site: Site) -> None:
    registrar = site.browser_of("registrar")
    born = send(
        registrar,
        "/world/people",
        {"new_id": "sakura", "given_name": "Sakura", "family_name": "Haruno", "born": "2001-03-28",
         "place": "Konoha", "tz": "Asia/Tokyo", "wakes": "06:30"},
    )  # fmt: skip
    assert born.status_code == 303, born.text
    child = send(
        registrar,
        "/world/people",
        {"new_id": "sarada", "given_name": "Sarada", "family_name": "Uchiha", "born": "2012-03-31",
         "place": "Konoha", "tz": "Asia/Tokyo", "soulmate": "sakura"},
    )  # fmt: skip
    assert child.status_code == 303, child.text
    assert (
        send(
            registrar, "/world/moves", {"mover": "sakura", "new_place": "Suna", "new_tz": "Asia/Tokyo"}
        ).status_code
        == 303
    )
    assert send(registrar, "/world/deaths", {"dead": "sarada"}).status_code == 303
    seen = {p.id: p for p in glance.world_at_a_glance(site.live.uow()).people}
    assert seen["sakura"].place == "Suna"
    assert seen["sarada"].died is not None
    page = html.unescape(registrar.get("/world").text)
    assert "<td>sakura</td><td>Sakura Haruno</td><td>2001-03-28</td><td>Suna</td>" in page


def test_mistakes_in_the_register_are_shown_beside_their_fields_and_change_nothing(site: Site) -> None:
    registrar = site.browser_of("registrar")
    before = glance.world_at_a_glance(site.live.uow()).counts
    answer = send(
        registrar,
        "/world/people",
        {"new_id": "ino", "given_name": "Ino", "family_name": "", "born": "2001-02-30", "place": "Konoha",
         "tz": "Asia/Tokyo", "wakes": "25:00"},
    )  # fmt: skip
    assert answer.status_code == 422
    assert error_beside(answer.text, "family_name") == "Error: Family name is required"
    assert (
        error_beside(answer.text, "born") == "Error: Born must be a date from 1800 to 2200, like 1994-05-26"
    )
    assert error_beside(answer.text, "wakes") == "Error: Wakes at must be a time of day like 07:00"
    unknown = send(registrar, "/world/deaths", {"dead": "nobody-at-all"})
    assert unknown.status_code == 404
    assert "nobody-at-all" in error_beside(unknown.text, "dead")
    assert glance.world_at_a_glance(site.live.uow()).counts == before


def test_importing_into_a_world_that_has_one_is_refused_beside_the_story(site: Site) -> None:
    answer = send(site.browser_of("registrar"), "/world/import", {"story": "the-foundation"})
    assert answer.status_code == 422
    assert "already holds a world" in error_beside(answer.text, "story")
    made_up = send(site.browser_of("registrar"), "/world/import", {"story": "/etc/passwd"})
    assert error_beside(made_up.text, "story") == "Error: choose a story: one of lost-things, the-foundation"


def test_a_game_master_imports_an_uploaded_story_into_an_empty_world_and_a_broken_one_is_refused(
    tmp_path: Path,
) -> None:
    live = empty_world(tmp_path / "empty.db", Clock())
    site = Site(create_app(Backend(live, CHEAP, Clock(), stories=live.stories), DEMO), live, Clock())
    try:
        registrar = site.browser_of("registrar")
        broken = (FIXTURES / "broken" / "two-places.yaml").read_bytes()
        refused = send(
            registrar, "/world/import", files={"story_file": ("two-places.yaml", broken, "text/yaml")}
        )
        assert refused.status_code == 422
        assert "two-places.yaml contradicts the laws (2 contradictions)" in error_beside(
            refused.text, "story_file"
        )
        bomb = (FIXTURES / "hostile" / "alias-bomb.yaml").read_bytes()
        refused = send(registrar, "/world/import", files={"story_file": ("bomb.yaml", bomb, "text/yaml")})
        assert "line 8: aliases repeat" in error_beside(refused.text, "story_file")
        assert glance.world_at_a_glance(live.uow()).people == []
        story = (ROOT / "src" / "soulbond" / "scenario" / "library" / "the-foundation.yaml").read_bytes()
        imported = send(registrar, "/world/import", files={"story_file": ("mine.yaml", story, "text/yaml")})
        assert imported.status_code == 303, imported.text
        assert unquote(imported.cookies.get(NOTE, "")).startswith("Imported mine.yaml: 4 people")
        assert len(glance.world_at_a_glance(live.uow()).people) == 4
    finally:
        for client in site.clients:
            client.close()
        live.close()
