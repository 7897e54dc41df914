"""The game master's (registrar's) pages: the world at a glance, importing a story, the simulated clock,
the register (newcomers, births, deaths, moves, bonds) and placing a thing lost for good.

Each form calls the same use case as its route in ``soulbond.http.routes_registry``;
a refusal is shown beside the field it concerns, or above the form it came from.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from soulbond.http.one_hop import InPool
from soulbond.service import archive, clock, deliveries, glance, lengths, registry, stories
from soulbond.web.acting import ask, attempt, uow
from soulbond.web.forms import Submitted, read_form
from soulbond.web.render import done, page
from soulbond.web.session import backend_of

# Work over a whole world or story: never on the event loop, where it would hold up everyone.
router = APIRouter(route_class=InPool)

IMPORT = "/world/import"
UPLOADS = {IMPORT: stories.UPLOAD_BYTES + 64 * 1024}
MOST_DAYS = 3650
# As the API's clock step: at most ten years at once, so that fate's draw on the way stays short.
DELIVER_AT_ONCE = 10_000


async def show_world(request: Request, form: Submitted | None = None) -> Response:
    seen = await ask(lambda: glance.world_at_a_glance(uow(request)))
    shipped = await ask(lambda: stories.shipped_stories(backend_of(request).story_book()))
    return page(
        request,
        "registry/world.html",
        "The world at a glance",
        status=form.status if form else 200,
        form=form,
        world=seen,
        shipped=shipped,
        listed=glance.LISTED,
        most_days=MOST_DAYS,
    )


@router.get("/world")
async def world(request: Request) -> Response:
    return await show_world(request)


# -- a whole story in ------------------------------------------------------------------------------


@router.post(IMPORT)
async def import_story(request: Request) -> Response:
    form = await read_form(request)
    book = backend_of(request).story_book()
    upload = form.files.get("story_file")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            raw = await upload.read(stories.UPLOAD_BYTES + 1)
        finally:
            await upload.close()
        text = _text_of(form, raw, "story_file")
        name = upload.filename
        done_ = await attempt(
            form,
            lambda: archive.import_story(archive.ImportStory(text, name), uow(request), book),
            "story_file",
        )
    else:
        shipped = [s.name for s in await ask(lambda: stories.shipped_stories(book))]
        chosen = form.choice("story", "a story", tuple(shipped))
        done_ = await attempt(
            form, lambda: archive.import_world(archive.ImportWorld(chosen), uow(request), book), "story"
        )
    if done_ is None:
        return await show_world(request, form)
    return done(
        request,
        "/world",
        f"Imported {done_.name}: {done_.people} people, {done_.strangers:,} strangers, {done_.items} things; "
        f"the clock is simulated, at {done_.clock}.",
    )


def _text_of(form: Submitted, raw: bytes, field: str) -> str:
    if len(raw) > stories.UPLOAD_BYTES:
        form.errors[field] = (
            f"this file is larger than {stories.UPLOAD_BYTES // 1024:,} KiB, the most a story may be"
        )
        return ""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        form.errors[field] = f"this is not UTF-8 text (byte {exc.start + 1} cannot be read)"
        return ""


# -- the clock -------------------------------------------------------------------------------------


@router.post("/world/clock")
async def advance(request: Request) -> Response:
    form = await read_form(request)
    days = _whole(form, "days", "Days", MOST_DAYS)
    hours = _whole(form, "hours", "Hours", 23)
    if form.ok and days == 0 and hours == 0:
        form.errors["days"] = "move the clock on by at least an hour"
    step = clock.AdvanceClock(timedelta(days=days, hours=hours))
    reading = await attempt(form, lambda: clock.advance_clock(step, uow(request)), "clock")
    if reading is None:
        return await show_world(request, form)
    note = f"The clock reads {reading.now}."
    if reading.fated_losses:
        note += f" Fate took {reading.fated_losses:,} things on the way; their losers were not told."
    if form.ticked("deliver"):
        made = await ask(lambda: deliveries.deliver_due(uow(request), DELIVER_AT_ONCE))
        note += f" {made:,} deliveries and severances were made."
    elif reading.due:
        note += f" {reading.due:,} deliveries or severances are due and wait for the worker."
    return done(request, "/world", note)


# -- the register ----------------------------------------------------------------------------------


@router.post("/world/people")
async def register(request: Request) -> Response:
    form = await read_form(request)
    command = registry.RegisterPerson(
        _id(form, "new_id", "Their id", required=True),
        form.text("given_name", "Given name", required=True, limit=lengths.ID),
        form.text("family_name", "Family name", required=True, limit=lengths.ID),
        _day(form, "born", "Born"),
        form.text("place", "Where they live", required=True),
        form.text("tz", "Time zone", required=True, limit=lengths.TIME_ZONE),
        _clock(form, "wakes", "Wakes at"),
        soulmate=_id(form, "soulmate", "Born into a bond with") or None,
    )
    if await attempt(form, lambda: registry.register_person(command, uow(request)), "register"):
        birth = f", born bonded to {command.soulmate}" if command.soulmate else ""
        return done(request, "/world", f"{command.given_name} {command.family_name} is registered{birth}.")
    return await show_world(request, form)


@router.post("/world/deaths")
async def death(request: Request) -> Response:
    form = await read_form(request)
    person = _id(form, "dead", "Who died", required=True)
    if await attempt(form, lambda: registry.record_death(registry.RecordDeath(person), uow(request)), "dead"):
        return done(request, "/world", f"The death of {person} is recorded.")
    return await show_world(request, form)


@router.post("/world/moves")
async def move(request: Request) -> Response:
    form = await read_form(request)
    command = registry.Move(
        _id(form, "mover", "Who moves", required=True),
        form.text("new_place", "Their new home", required=True),
        form.text("new_tz", "Its time zone", required=True, limit=lengths.TIME_ZONE),
        _clock(form, "new_wakes", "Wakes at"),
    )
    if await attempt(form, lambda: registry.move(command, uow(request)), "move"):
        return done(request, "/world", f"{command.person} lives at {command.place} now.")
    return await show_world(request, form)


@router.post("/world/bonds")
async def bond(request: Request) -> Response:
    form = await read_form(request)
    first = _id(form, "first", "One of them", required=True)
    second = _id(form, "second", "The other", required=True)
    command = registry.DeclareBond(first, second)
    if await attempt(form, lambda: registry.declare_bond(command, uow(request)), "bond"):
        return done(request, "/world", f"{first} and {second} are soulmates.")
    return await show_world(request, form)


@router.post("/world/placements")
async def place(request: Request) -> Response:
    form = await read_form(request)
    command = registry.PlaceItem(
        _id(form, "placed", "Which thing", required=True), form.text("at", "Where it lies", required=True)
    )
    if await attempt(form, lambda: registry.place_item(command, uow(request)), "placed"):
        return done(request, "/world", f"{command.item} lies at {command.place} now.")
    return await show_world(request, form)


# -- fields the register needs beyond the shared ones -----------------------------------------------


def _id(form: Submitted, name: str, label: str, *, required: bool = False) -> str:
    return form.text(name, label, required=required, limit=lengths.ID).strip()


def _whole(form: Submitted, name: str, label: str, most: int) -> int:
    raw = form.values.get(name, "").strip() or "0"
    if not raw.isdigit() or int(raw) > most:
        form.errors[name] = f"{label} must be a whole number from 0 to {most:,}"
        return 0
    return int(raw)


def _day(form: Submitted, name: str, label: str) -> date:
    raw = form.values.get(name, "").strip()
    try:
        day = date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:
        day = None
    if day is None or not date(1800, 1, 1) <= day <= date(2200, 12, 31):
        form.errors[name] = f"{label} must be a date from 1800 to 2200, like 1994-05-26"
        return date(2000, 1, 1)
    return day


def _clock(form: Submitted, name: str, label: str) -> time:
    raw = form.values.get(name, "").strip() or "07:00"
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        form.errors[name] = f"{label} must be a time of day like 07:00"
        return time(7, 0)
    return time(int(match[1]), int(match[2]))
