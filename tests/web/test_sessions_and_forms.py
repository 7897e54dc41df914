"""Logging in and out through pages, the form token every POST needs, and errors beside their field."""

from __future__ import annotations

import re

from soulbond.http.deps import COOKIE
from tests.web.conftest import Site, send, token_in


def test_the_landing_page_explains_the_world_and_offers_the_demo_logins(site: Site) -> None:
    page = site.visitor().get("/")
    assert page.status_code == 200
    assert "<title>A world where what you lose finds your soulmate · soulbond</title>" in page.text
    assert "soulmate's bedroom floor" in page.text
    for name in ("iruka", "kakashi", "gai", "kurenai", "registrar"):
        assert f'<input type="hidden" name="name" value="{name}">' in page.text


def test_a_demo_login_button_signs_in_as_that_account(site: Site) -> None:
    browser = site.visitor()
    sent = send(browser, "/login", {"name": "kakashi", "password": "kakashi-demo"})
    assert sent.status_code == 303
    assert browser.cookies.get(COOKIE)
    assert 'kakashi <span class="role">(person)</span>' in browser.get("/").text


def test_a_wrong_password_is_refused_beside_the_password_field_and_signs_no_one_in(site: Site) -> None:
    browser = site.visitor()
    answer = send(browser, "/login", {"name": "iruka", "password": "not her password"})
    assert answer.status_code == 401
    assert browser.cookies.get(COOKIE) is None
    field = re.search(r'<div class="field has-error">(.*?)</div>', answer.text, re.S)
    assert field is not None
    assert 'for="f-password"' in field.group(1)
    assert "that name and password do not match an account" in field.group(1)
    assert 'aria-invalid="true"' in field.group(1)
    # What was typed comes back, except the password.
    assert 'value="iruka"' in answer.text
    assert "not her password" not in answer.text


def test_a_missing_name_is_refused_beside_the_name_field(site: Site) -> None:
    answer = send(site.visitor(), "/login", {"name": "", "password": "whatever it is"})
    assert answer.status_code == 422
    assert (
        '<p class="error" id="e-name"><strong>Error:</strong> Your account name is required</p>'
        in answer.text
    )


def test_after_login_the_browser_goes_on_to_the_page_it_asked_for_but_never_to_another_site(
    site: Site,
) -> None:
    asked = site.visitor().get("/logout", follow_redirects=False)
    assert asked.headers["location"] == "/login?next=/logout"
    browser = site.visitor()
    login = browser.get("/login?next=/logout")
    assert '<input type="hidden" name="next" value="/logout">' in login.text
    sent = send(browser, "/login", {"name": "iruka", "password": "iruka-demo", "next": "/logout"})
    assert sent.headers["location"] == "/logout"
    elsewhere = send(
        site.visitor(), "/login", {"name": "iruka", "password": "iruka-demo", "next": "//evil.example"}
    )
    assert elsewhere.headers["location"] == "/floor"


def test_a_form_without_this_browsers_token_is_refused_with_a_page_and_changes_nothing(site: Site) -> None:
    browser = site.browser_of("iruka")
    other = site.browser_of("kakashi")
    someone_elses = token_in(other.get("/").text)
    for sent in ({}, {"csrf": ""}, {"csrf": someone_elses}, {"csrf": "0" * 64}):
        answer = browser.post("/logout", data=sent, follow_redirects=False)
        assert answer.status_code == 403, sent
        assert "This form was not accepted" in answer.text
        assert "nothing was changed" in answer.text
        # Still signed in: the logout did not happen.
        assert browser.get("/logout", follow_redirects=False).status_code == 200


def test_a_login_form_sent_from_another_site_is_refused(site: Site) -> None:
    answer = site.visitor().post(
        "/login", data={"name": "iruka", "password": "iruka-demo"}, follow_redirects=False
    )
    assert answer.status_code == 403
    assert COOKIE not in answer.headers.get("set-cookie", "")


def test_logging_out_ends_the_session_on_the_server(site: Site) -> None:
    browser = site.browser_of("iruka")
    token = browser.cookies[COOKIE]
    sent = send(browser, "/logout")
    assert sent.status_code == 303
    assert sent.headers["location"] == "/"
    # The old cookie, copied before logging out, signs no one in any more, for pages or the API.
    assert site.visitor().get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "You are logged out." in browser.get("/").text


def test_a_page_that_does_not_exist_is_a_page_for_a_browser_and_a_problem_for_a_program(site: Site) -> None:
    browser = site.visitor()
    page = browser.get("/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "<title>No such page · soulbond</title>" in page.text
    program = browser.get("/no/such/page", headers={"Accept": "application/json"})
    assert program.status_code == 404
    assert program.headers["content-type"] == "application/problem+json"


def test_the_api_is_served_by_the_same_app_and_answers_as_before(site: Site) -> None:
    browser = site.browser_of("iruka")
    # The page's session cookie is the API's session.
    assert browser.get("/me").json() == {"account": "iruka", "role": "person", "person": "iruka"}
    assert browser.get("/static/soulbond.css").status_code == 200


def test_a_malformed_address_of_a_page_is_a_page_that_says_what_was_wrong(site: Site) -> None:
    answer = site.browser_of("gai").get("/casework/cases/not-a-number")
    assert answer.status_code == 422
    assert "<title>Not a valid address · soulbond</title>" in answer.text
    assert "case:" in answer.text
