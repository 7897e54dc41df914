"""Bad requests get a precise 4xx problem document naming what was wrong, and change nothing."""

from __future__ import annotations

from tests.http.conftest import Served


def _held(served: Served, who: dict[str, str]) -> list[str]:
    return [t["item"] for t in served.call("GET", "/me/possessions", who).json()["items"]]


def test_an_oversized_body_is_refused_before_it_is_read(served: Served) -> None:
    iruka = served.login("iruka")
    answer = served.call("POST", "/me/messages", iruka, content=b"x" * (65 * 1024))
    assert answer.status_code == 413
    assert answer.json()["type"] == "urn:soulbond:problem:body-too-large"


def test_a_text_over_its_limit_is_refused_naming_the_field(served: Served) -> None:
    iruka, kakashi = served.login("iruka"), served.login("kakashi")
    before = served.call("GET", "/me/inbox/messages", kakashi).json()
    too_long = {"to_handle": "+81 80 3333 0915", "text": "x" * 4001}
    answer = served.call("POST", "/me/messages", iruka, json=too_long)
    assert answer.status_code == 422
    assert "body.text" in answer.json()["detail"] and "4000" in answer.json()["detail"]
    assert served.call("GET", "/me/inbox/messages", kakashi).json() == before


def test_characters_no_store_keeps_alike_are_refused(served: Served) -> None:
    iruka = served.login("iruka")
    answer = served.call("POST", "/me/possessions", iruka, json={"item": "pen\u0000", "description": "a pen"})
    assert answer.status_code == 422
    assert "body.item" in answer.json()["detail"]
    assert "pen\x00" not in _held(served, iruka)


def test_malformed_json_and_wrong_types_are_told_apart(served: Served) -> None:
    iruka = served.login("iruka")
    malformed = served.call(
        "POST", "/me/messages", iruka, content=b'{"to_handle": ', headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()["type"] == "urn:soulbond:problem:malformed-json"
    wrong = served.call("POST", "/foundation/staff", served.login("kurenai"), json={"person": 7})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "body.person"


def test_an_unknown_case_is_not_found_and_another_person_s_item_is_not_with_you(served: Served) -> None:
    kakashi = served.login("kakashi")
    unknown = served.call("POST", "/me/cases/99/withdrawal", kakashi)
    assert (unknown.status_code, unknown.json()["type"]) == (404, "urn:soulbond:problem:unknown-case")
    theirs = served.call("POST", "/me/items/folder/loss", kakashi)
    assert theirs.status_code == 409
    assert theirs.json()["detail"] == "'folder' is not with you"


def test_an_idempotency_key_makes_a_retry_happen_once_and_refuses_a_different_request(served: Served) -> None:
    iruka = served.login("iruka")
    first = served.call("POST", "/me/items/folder/loss", iruka, key="k1", json={"how": "on a bench"})
    again = served.call("POST", "/me/items/folder/loss", iruka, key="k1", json={"how": "on a bench"})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    other = served.call("POST", "/me/items/drawing/loss", iruka, key="k1", json={"how": "on a bench"})
    assert other.status_code == 422
    assert other.json()["type"] == "urn:soulbond:problem:idempotency-key-reused"


def test_an_unknown_route_is_a_problem_document_too(served: Served) -> None:
    answer = served.call("GET", "/nowhere")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_nul_in_a_path_is_refused_before_any_store_sees_it(served: Served) -> None:
    registrar = served.login("registrar")
    for path in ("/registry/accounts/a%00b", "/registry/people/a%00b/notoriety"):
        body = {"role": "person", "person": "lee"} if "accounts" in path else None
        answer = served.call("PUT" if "accounts" in path else "POST", path, registrar, json=body)
        assert answer.status_code == 422, answer.text


def test_who_is_asking_is_checked_before_anything_they_sent_is_read(served: Served) -> None:
    """An anonymous caller learns only that they must sign in, not how their request was malformed."""
    malformed = {"content-type": "application/json"}
    anonymous = served.call("POST", "/me/messages", None, content=b'{"to_handle": ', headers=malformed)
    assert anonymous.status_code == 401
    registrar = served.login("registrar")
    wrong_role = served.call("POST", "/me/messages", registrar, content=b'{"to_handle": ', headers=malformed)
    assert wrong_role.status_code == 403
