"""The newcomer's journey over HTTP, as /docs lets anyone take it with `make run` up."""

from __future__ import annotations

from tests.http.conftest import Served


def test_iruka_loses_the_folder_and_kakashi_finds_it_and_writes_to_the_number_on_it(served: Served) -> None:
    iruka = served.login("iruka")
    held = served.call("GET", "/me/possessions", iruka).json()
    assert "folder" in [thing["item"] for thing in held["items"]]

    lost = served.call("POST", "/me/items/folder/loss", iruka, json={"how": "left on the train"})
    assert lost.status_code == 200, lost.text
    assert lost.json() == {"item": "folder"}

    registrar = served.login("registrar")
    moved = served.call("POST", "/registry/clock/advance", registrar, json={"days": 1})
    assert moved.status_code == 200, moved.text

    kakashi = served.login("kakashi")
    floor = served.call("GET", "/me/floor", kakashi).json()
    folder = next(entry for entry in floor["items"] if entry["item"] == "folder")
    number = next(told for told in folder["tells"] if told.startswith("phone"))
    handle = number.split(": ", 1)[1]
    assert handle == "+81 90 5555 0126"

    sent = served.call(
        "POST",
        "/me/messages",
        kakashi,
        json={"to_handle": handle, "text": "I think I have your folder."},
        key="first-message",
    )
    assert sent.status_code == 200, sent.text

    inbox = served.call("GET", "/me/inbox/messages", iruka).json()
    last = inbox["items"][-1]
    assert last["text"] == "I think I have your folder."
    assert last["from_handle"] == "+81 80 3333 0915"


def test_logging_out_ends_the_session_on_the_server(served: Served) -> None:
    iruka = served.login("iruka")
    assert served.call("GET", "/me", iruka).status_code == 200
    assert served.call("DELETE", "/sessions/current", iruka).status_code == 204
    again = served.call("GET", "/me", iruka)
    assert again.status_code == 401
    assert again.headers["content-type"] == "application/problem+json"


def test_a_clock_advance_retried_with_its_idempotency_key_moves_the_clock_once(served: Served) -> None:
    registrar = served.login("registrar")
    before = served.call("GET", "/registry/clock", registrar).json()["now"]
    first = served.call("POST", "/registry/clock/advance", registrar, json={"days": 1}, key="tick")
    again = served.call("POST", "/registry/clock/advance", registrar, json={"days": 1}, key="tick")
    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json()
    assert served.call("GET", "/registry/clock", registrar).json()["now"] == first.json()["now"] != before
    other = served.call("POST", "/registry/clock/advance", registrar, json={"days": 2}, key="tick")
    assert other.status_code == 422
    assert other.json()["type"] == "urn:soulbond:problem:idempotency-key-reused"
