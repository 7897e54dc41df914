"""Sessions cannot be planted, outlive their logout, or be guessed at speed.

Session fixation: a token someone else chose (or had before the login) never
becomes the session the login makes; logging out ends a session on the
server, for every copy of its token, bearer or cookie; failed logins are
limited per name and per address whatever the password, and successful ones
are not counted against anyone.
"""

from __future__ import annotations

from datetime import timedelta

from soulbond.http.deps import COOKIE
from tests.http.conftest import Served


def test_a_session_token_planted_before_login_is_not_the_one_the_login_makes(served: Served) -> None:
    planted = "attacker-chose-this-token-before-the-victim-logged-in"
    served.client.cookies.set(COOKIE, planted)
    assert served.client.get("/me").status_code == 401
    signed_in = served.client.post("/sessions", json={"name": "iruka", "password": "iruka-demo"})
    assert signed_in.status_code == 201
    issued = signed_in.json()["token"]
    assert issued != planted
    assert signed_in.cookies.get(COOKIE) == issued
    served.client.cookies.clear()
    # The planted token still signs no one in, by cookie or as a bearer token.
    served.client.cookies.set(COOKIE, planted)
    assert served.client.get("/me").status_code == 401
    served.client.cookies.clear()
    assert served.call("GET", "/me", {"Authorization": f"Bearer {planted}"}).status_code == 401


def test_logging_in_again_makes_a_new_session_and_never_hands_back_the_one_sent(served: Served) -> None:
    first = served.client.post("/sessions", json={"name": "iruka", "password": "iruka-demo"}).json()["token"]
    # The browser still sends its old cookie when it logs in again.
    second = served.client.post("/sessions", json={"name": "iruka", "password": "iruka-demo"}).json()["token"]
    assert first != second
    served.client.cookies.clear()
    tokens = [
        served.call("POST", "/sessions", json={"name": "kakashi", "password": "kakashi-demo"})
        for _ in range(5)
    ]
    assert len({t.json()["token"] for t in tokens}) == 5


def test_logging_out_ends_the_session_on_the_server_for_every_copy_of_its_token(served: Served) -> None:
    signed_in = served.client.post("/sessions", json={"name": "kakashi", "password": "kakashi-demo"})
    token = signed_in.json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    # A copy of the token elsewhere (a script holding it as a bearer token) works while the session lives.
    served.client.cookies.clear()
    assert served.call("GET", "/me", bearer).json()["account"] == "kakashi"
    served.client.cookies.set(COOKIE, token)
    assert served.client.delete("/sessions/current").status_code == 204
    served.client.cookies.clear()
    # The browser's cookie is gone; the copy is refused too: the session ended on the server.
    assert served.call("GET", "/me", bearer).status_code == 401
    assert served.call("GET", "/me/floor", bearer).status_code == 401
    served.client.cookies.set(COOKIE, token)
    assert served.client.get("/me").status_code == 401
    # Logging out through the bearer token ends the cookie's session the same way.
    other = served.login("iruka")
    other_token = other["Authorization"].split()[1]
    assert served.call("DELETE", "/sessions/current", other).status_code == 204
    served.client.cookies.set(COOKIE, other_token)
    assert served.client.get("/me").status_code == 401


def test_an_expired_session_signs_no_one_in(served: Served) -> None:
    iruka = served.login("iruka")
    assert served.call("GET", "/me", iruka).status_code == 200
    served.clock.advance(timedelta(days=15))
    refused = served.call("GET", "/me", iruka)
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"


def test_successful_logins_are_not_counted_as_failures(served: Served) -> None:
    for _ in range(8):
        served.login("iruka")
    wrong = [
        served.call("POST", "/sessions", json={"name": "iruka", "password": "not it at all"})
        for _ in range(5)
    ]
    assert [w.status_code for w in wrong] == [401] * 5
    limited = served.call("POST", "/sessions", json={"name": "iruka", "password": "not it at all"})
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    # Another name from the same address is still let in: the per-name limit is per name.
    served.login("kakashi")
