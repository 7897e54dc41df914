"""A person's pages in process: the story's morning, and refusals shown beside what caused them."""

from __future__ import annotations

import re

from tests.web.conftest import Site, send

IRUKA_PHONE = "+81 90 5555 0126"
KAKASHI_PHONE = "+81 80 3333 0915"


def advance_a_day(site: Site) -> None:
    registrar = site.visitor()
    token = registrar.post("/sessions", json={"name": "registrar", "password": "registrar-demo"}).json()[
        "token"
    ]
    moved = registrar.post(
        "/registry/clock/advance", json={"days": 1}, headers={"Authorization": f"Bearer {token}"}
    )
    assert moved.status_code == 200, moved.text


def test_the_morning_of_the_folder_through_the_pages(site: Site) -> None:
    iruka = site.browser_of("iruka")
    things = iruka.get("/things")
    assert "<title>My things · soulbond</title>" in things.text
    assert 'name="item" value="folder"' in things.text
    lost = send(iruka, "/things/loss", {"item": "folder", "how": "left on the train"})
    assert lost.status_code == 303, lost.text
    assert 'name="item" value="folder"' not in iruka.get("/things").text

    advance_a_day(site)

    kakashi = site.browser_of("kakashi")
    floor = kakashi.get("/floor").text
    assert f"phone number: {IRUKA_PHONE}" in floor
    # It arrived when he woke, and the page says so in his own time.
    arrived = re.search(r"Arrived \w{3} \d{2} \w{3} \d{4}, (\d{2}:\d{2}) \((.+?)\)", floor)
    assert arrived is not None
    assert arrived.group(2) == "Asia/Tokyo"
    assert "given name: Iruka" in floor
    known = kakashi.get("/soulmate").text
    assert "Only one person in the world fits everything you know." in known
    assert "<svg" in known

    sent = send(kakashi, "/inbox/message", {"to_handle": IRUKA_PHONE, "text": "I think I have your folder."})
    assert sent.status_code == 303, sent.text
    back = send(kakashi, "/floor/return", {"item": "folder"})
    assert back.status_code == 303, back.text
    assert 'value="folder"' not in kakashi.get("/floor").text

    assert 'name="item" value="folder"' in iruka.get("/things").text
    inbox = iruka.get("/inbox").text
    assert "I think I have your folder." in inbox
    assert KAKASHI_PHONE in inbox


def test_a_refusal_shows_beside_the_thing_it_concerns_and_changes_nothing(site: Site) -> None:
    kakashi = site.browser_of("kakashi")
    # Not his to lose: the world refuses it, and the page says so beside the form.
    refused = send(kakashi, "/things/loss", {"item": "folder"})
    assert refused.status_code == 409
    assert "Not done:" in refused.text
    assert "is not with you" in refused.text
    # A message with no text is refused beside the text field, and what was typed stays.
    empty = send(kakashi, "/inbox/message", {"to_handle": IRUKA_PHONE, "text": ""})
    assert empty.status_code == 422
    assert re.search(r'id="e-text"><strong>Error:</strong> Your message is required', empty.text)
    assert f'value="{IRUKA_PHONE}"' in empty.text


def test_adding_a_possession_says_what_it_tells_on_the_risk_page(site: Site) -> None:
    lee = site.browser_of("iruka")
    added = send(
        lee,
        "/things",
        {"new_item": "card", "description": "a business card", "tells_name": "yes", "tells_phone": "yes"},
    )
    assert added.status_code == 303, added.text
    risks = lee.get("/risks").text
    assert "a business card" in risks
    bad = send(lee, "/things", {"new_item": "pebble", "description": "a pebble", "other_tells": "age:old"})
    assert bad.status_code == 422
    assert "give or take how many years" in bad.text


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_possession_added_with_a_photo_shows_it_to_its_owner_only(site: Site) -> None:
    iruka = site.browser_of("iruka")
    added = send(
        iruka,
        "/things",
        {"new_item": "pencil-case", "description": "a pencil case"},
        files={"photo": ("case.png", PNG, "image/png")},
    )
    assert added.status_code == 303, added.text
    assert '<img class="photo" src="/things/photo?item=pencil-case"' in iruka.get("/things").text
    shown = iruka.get("/things/photo?item=pencil-case")
    assert shown.status_code == 200
    assert shown.content == PNG
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["x-content-type-options"] == "nosniff"
    assert site.browser_of("kakashi").get("/things/photo?item=pencil-case").status_code == 404


def test_a_file_that_is_not_an_image_is_refused_beside_the_photo_field_and_nothing_is_added(
    site: Site,
) -> None:
    iruka = site.browser_of("iruka")
    refused = send(
        iruka,
        "/things",
        {"new_item": "pencil-case", "description": "a pencil case"},
        files={"photo": ("case.png", b"<script>alert(1)</script>", "image/png")},
    )
    assert refused.status_code == 422
    assert '<p class="error" id="e-photo"><strong>Error:</strong> that file is not a PNG' in refused.text
    assert "a pencil case" not in iruka.get("/things").text.split('id="add"')[0]


def test_a_photo_larger_than_the_upload_limit_is_refused_before_it_is_read(site: Site) -> None:
    iruka = site.browser_of("iruka")
    huge = PNG + b"\x00" * (3 * 1024 * 1024)
    refused = send(iruka, "/things", {"new_item": "x", "description": "x"}, files={"photo": ("x.png", huge)})
    assert refused.status_code == 413
