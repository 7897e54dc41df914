"""Pages out: a template, a real title, the menu for whoever asks, the form token, one-time notes.

After a change the browser is sent on (303) to a page that shows it, with a
note of what happened kept in a short-lived cookie for the next page only,
so reloading that page sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from soulbond.service.accounts import Principal
from soulbond.web.forms import Submitted
from soulbond.web.nav import menu_for
from soulbond.web.session import CSRF_FIELD, csrf_token, keep_form_secret

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True

NOTE_COOKIE = "soulbond_note"
SITE = "soulbond"


def who(request: Request) -> Principal | None:
    found: Principal | None = getattr(request.state, "principal", None)
    return found


def page(
    request: Request,
    template: str,
    title: str,
    *,
    status: int = 200,
    form: Submitted | None = None,
    **context: Any,
) -> HTMLResponse:
    """A whole page; ``form`` (a refused one) puts back what was typed and each error by its field."""
    principal = who(request)
    note = unquote(request.cookies.get(NOTE_COOKIE, ""))[:500]
    values = form.values if form else {}
    errors = form.errors if form else {}
    shown = {
        "title": title,
        "site": SITE,
        "principal": principal,
        "menu": menu_for(principal.role if principal else None),
        "here": request.url.path,
        "csrf": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "note": note,
        "values": values,
        "errors": errors,
        **context,
    }
    response = templates.TemplateResponse(request, template, shown, status_code=status)
    keep_form_secret(request, response)
    if note:
        response.delete_cookie(NOTE_COOKIE)
    return response


def done(request: Request, to: str, note: str) -> Response:
    """After a change: on to the page that shows it (303, so a reload sends nothing), with a note."""
    response = RedirectResponse(to, status_code=303)
    response.set_cookie(
        NOTE_COOKIE,
        quote(note[:500]),
        max_age=60,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def local(target: str | None, fallback: str) -> str:
    """A place on this site to go on to: never another site's address (``//evil`` or ``https://``)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


def when(iso: str, tz: str = "") -> str:
    """A moment as people read it, in ``tz`` when given: 'Sun 29 Nov 2026, 07:00 (Asia/Tokyo)'."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
        if tz:
            return moment.astimezone(ZoneInfo(tz)).strftime("%a %d %b %Y, %H:%M") + f" ({tz})"
    except (ValueError, ZoneInfoNotFoundError):
        return iso
    zone = moment.tzname() or ""
    return moment.strftime("%a %d %b %Y, %H:%M ") + ("UTC" if zone in ("UTC", "+00:00") else zone)


templates.env.filters["when"] = when
