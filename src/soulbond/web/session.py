"""Who a page is shown to, and the token that proves a form was sent from one of our pages.

The session is the API's: the ``soulbond_session`` cookie that logging in
sets, checked by the same account use case. A form carries a token derived
by HMAC from a secret the browser holds in an HttpOnly cookie (the session's
token once signed in; before that, a random one the login form sets), so a
page on another site, which cannot read that cookie, cannot make a valid
form. The token needs no key kept on the server, so every server sharing a
database accepts the forms of every other.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from soulbond.core.errors import SoulbondError
from soulbond.http.deps import COOKIE, Backend
from soulbond.service.accounts import Principal, authenticate

FORM_COOKIE = "soulbond_form"
"""A random secret for the forms of someone not signed in yet (the login form)."""
CSRF_FIELD = "csrf"


class FormForged(SoulbondError):
    """A form without the token of this browser's session: sent from elsewhere, or from an old page."""


def backend_of(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


def signed_in(request: Request) -> Principal | None:
    """The account behind the session cookie, or None (no cookie, or the session ended)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    served = backend_of(request)
    try:
        return authenticate(token, served.store.accounts(), served.clock)
    except SoulbondError:
        return None


def _derive(secret: str) -> str:
    return hmac.new(secret.encode(), b"soulbond form", hashlib.sha256).hexdigest()


def form_secret(request: Request) -> str | None:
    """The secret this browser's forms are signed with: its live session's, or its form cookie."""
    if getattr(request.state, "principal", None) is not None:
        return request.cookies.get(COOKIE)
    return request.cookies.get(FORM_COOKIE) or None


def csrf_token(request: Request) -> str:
    """The token to put in this page's forms; gives the browser a form secret if it has none yet."""
    secret = form_secret(request)
    if secret is None:
        secret = getattr(request.state, "new_form_secret", None) or secrets.token_urlsafe(32)
        request.state.new_form_secret = secret
    return _derive(secret)


def keep_form_secret(request: Request, response: Response) -> None:
    """Sends the form secret made while rendering, so the browser can send the form back."""
    made = getattr(request.state, "new_form_secret", None)
    if made is not None:
        response.set_cookie(
            FORM_COOKIE, made, httponly=True, samesite="lax", secure=request.url.scheme == "https"
        )


def check_form(request: Request, sent: str | None) -> None:
    secret = form_secret(request)
    if secret is None or not sent or not hmac.compare_digest(_derive(secret), sent):
        raise FormForged(
            "this form did not come from a page of this site, or the page is older than your session: "
            "nothing was changed. Go back, reload the page and send it again."
        )
