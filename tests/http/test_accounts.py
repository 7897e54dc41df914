"""Accounts over HTTP: answers that never tell whether an account exists, limits, sessions, cookies."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.http.conftest import Served


def test_registering_a_taken_name_answers_as_registering_a_free_one_and_changes_nothing(
    served: Served,
) -> None:
    taken = served.call("POST", "/accounts", json={"name": "iruka", "password": "someone else's"})
    free = served.call("POST", "/accounts", json={"name": "hana", "password": "hana's password"})
    assert (taken.status_code, taken.json()) == (free.status_code, free.json()) == (202, taken.json())
    served.login("iruka")
    served.login("hana", "hana's password")


def test_an_unknown_name_and_a_wrong_password_get_the_same_refusal(served: Served) -> None:
    unknown = served.call("POST", "/sessions", json={"name": "nobody", "password": "whatever it is"})
    wrong = served.call("POST", "/sessions", json={"name": "iruka", "password": "whatever it is"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.headers["content-type"] == "application/problem+json"


def test_failed_logins_are_limited_per_name_whether_or_not_it_exists(served: Served) -> None:
    for name in ("iruka", "nobody"):
        answers = [
            served.call("POST", "/sessions", json={"name": name, "password": "a wrong guess"}).status_code
            for _ in range(6)
        ]
        assert answers == [401] * 5 + [429]
    limited = served.call("POST", "/sessions", json={"name": "iruka", "password": "iruka-demo"})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    served.clock.advance(timedelta(minutes=16))
    served.login("iruka")


def test_failed_logins_are_limited_per_address(served: Served) -> None:
    for n in range(50):
        served.call("POST", "/sessions", json={"name": f"guess-{n}", "password": "a wrong guess"})
    limited = served.call("POST", "/sessions", json={"name": "kakashi", "password": "kakashi-demo"})
    assert limited.status_code == 429


def test_the_session_cookie_is_http_only_same_site_lax_and_secure_only_over_tls(served: Served) -> None:
    plain = served.call("POST", "/sessions", json={"name": "iruka", "password": "iruka-demo"})
    cookie = plain.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    with TestClient(served.client.app, base_url="https://testserver") as tls:
        secure = tls.post("/sessions", json={"name": "iruka", "password": "iruka-demo"})
    assert "secure" in secure.headers["set-cookie"].lower()


def test_the_browser_is_signed_in_by_its_cookie_and_logging_out_ends_it(served: Served) -> None:
    served.client.post("/sessions", json={"name": "iruka", "password": "iruka-demo"})
    assert served.client.get("/me").json()["person"] == "iruka"
    assert served.client.delete("/sessions/current").status_code == 204
    assert served.client.get("/me").status_code == 401


def test_an_account_the_registrar_has_not_linked_acts_as_no_one(served: Served) -> None:
    served.call("POST", "/accounts", json={"name": "hana", "password": "hana's password"})
    hana = served.login("hana", "hana's password")
    refused = served.call("GET", "/me/floor", hana)
    assert refused.status_code == 403
    registrar = served.login("registrar")
    linked = served.call(
        "PUT", "/registry/accounts/hana", registrar, json={"role": "person", "person": "lee"}
    )
    assert linked.status_code == 200
    assert served.call("GET", "/me/floor", hana).status_code == 200


def test_the_actor_is_the_account_s_person_whatever_the_request_says(served: Served) -> None:
    kakashi = served.login("kakashi")
    smuggled = served.call("POST", "/me/items/folder/loss?person=iruka", kakashi, json={"how": "x"})
    assert smuggled.status_code == 409
    assert "folder" in [
        t["item"] for t in served.call("GET", "/me/possessions", served.login("iruka")).json()["items"]
    ]
