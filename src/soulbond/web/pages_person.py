"""A person's own pages: their floor and bin, their things, their collection, what they know of their
soulmate, what their things would reveal, and their inbox.

The person is always the one the account acts as (``acting.me``); a form
names the thing it acts on, and the world refuses anything that is not the
person's to act on, with a message its privacy gate let through.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from soulbond.core.errors import SoulbondError
from soulbond.http.one_hop import OneHop, in_pool
from soulbond.service import contact, custody, learning, lengths, photos, possessions, views, wording
from soulbond.service.home import my_home
from soulbond.service.views import ForPerson
from soulbond.web.acting import ask, attempt, me, uow
from soulbond.web.chart import Point, shrinking
from soulbond.web.forms import Submitted, read_form
from soulbond.web.render import done, page
from soulbond.web.session import backend_of

router = APIRouter(route_class=OneHop)
UPLOAD = "/things"
"""The one page that takes a photo, and so a larger body."""


# -- the floor and the bin --------------------------------------------------------------------


async def show_floor(request: Request, form: Submitted | None = None) -> Response:
    person = me(request)
    floor = await ask(lambda: views.floor_view(ForPerson(person), uow(request)))
    held = await ask(lambda: views.possessions_view(ForPerson(person), uow(request)))
    kept = await ask(lambda: learning.collection(ForPerson(person), uow(request)))
    home = await ask(lambda: my_home(ForPerson(person), uow(request)))
    if form:
        form.beside([thing.item for thing in floor.items] + [thing.item for thing in held.bin])
    return page(
        request,
        "floor.html",
        "My floor this morning",
        status=form.status if form else 200,
        form=form,
        floor=floor.items,
        bin=held.bin,
        first_time=not kept.kept,
        tz=home.tz,
    )


@router.get("/floor")
async def floor(request: Request) -> Response:
    return await show_floor(request)


@router.post("/floor/keep")
async def keep(request: Request) -> Response:
    form = await read_form(request)
    item = form.item()
    where = form.text("where", "Where you keep it")
    command = possessions.FinderAct(me(request), item, where)
    if await attempt(form, lambda: possessions.keep(command, uow(request)), f"item:{item}"):
        return done(request, "/floor", "You kept it: it is in your collection now.")
    return await show_floor(request, form)


@router.post("/floor/discard")
async def discard(request: Request) -> Response:
    form = await read_form(request)
    item = form.item()
    command = possessions.FinderAct(me(request), item)
    if await attempt(form, lambda: possessions.discard(command, uow(request)), f"item:{item}"):
        return done(
            request, "/floor", "It is in your bin. You can take it out again until the bin is emptied."
        )
    return await show_floor(request, form)


@router.post("/floor/recover")
async def recover(request: Request) -> Response:
    form = await read_form(request)
    item = form.item()
    command = possessions.FinderAct(me(request), item)
    if await attempt(form, lambda: possessions.recover(command, uow(request)), f"item:{item}"):
        return done(request, "/floor", "You took it back out of the bin; it is on your floor again.")
    return await show_floor(request, form)


@router.post("/floor/return")
async def give_back(request: Request) -> Response:
    form = await read_form(request)
    item = form.item()
    back = form.values.get("back") == "collection"
    command = possessions.FinderAct(me(request), item)
    if await attempt(form, lambda: possessions.return_item(command, uow(request)), f"item:{item}"):
        return done(request, "/collection" if back else "/floor", "You handed it back to whoever lost it.")
    if back:
        return await show_collection(request, form)
    return await show_floor(request, form)


# -- my things ----------------------------------------------------------------------------------

TOLD = (
    ("tells_name", "full name", "Your full name is on it"),
    ("tells_phone", "phone", "Your phone number is on it"),
    ("tells_age", "age", "It shows your age (your handwriting, a date, a photo)"),
    ("tells_handwriting", "handwriting", "It is in your handwriting"),
    ("tells_photo", "photo", "A photo of you is on it"),
)


async def show_things(request: Request, form: Submitted | None = None) -> Response:
    person = me(request)
    held = await ask(lambda: views.possessions_view(ForPerson(person), uow(request)))
    pictured = await ask(lambda: photos.photographed(person, backend_of(request).store.photos()))
    if form:
        form.beside(thing.item for thing in held.held)
    return page(
        request,
        "things.html",
        "My things",
        status=form.status if form else 200,
        form=form,
        held=held.held,
        pictured=pictured,
        photo_limit=photos.PHOTO_BYTES,
        told=TOLD,
        longest=lengths.WRITTEN,
    )


@router.get("/things")
async def things(request: Request) -> Response:
    return await show_things(request)


@router.post("/things")
async def add(request: Request) -> Response:
    form = await read_form(request)
    item = form.text("new_item", "A short name for it", required=True, limit=lengths.ID)
    description = form.text("description", "What it is", required=True)
    looks = form.text("looks", "What a finder would see of it")
    other = form.text("other_tells", "Anything else it tells")
    words = [word for field, word, _ in TOLD if form.ticked(field)]
    words += [line.strip() for line in other.splitlines() if line.strip()]
    if len(words) > 20:
        form.errors["other_tells"] = "at most 20 things it tells"
    person = me(request)
    upload = form.files.get("photo")
    picture = b""
    if upload is not None and upload.filename:
        # One byte more than is kept is enough to know it is too large.
        picture = await upload.read(photos.PHOTO_BYTES + 1)
        try:
            photos.media_type_of(picture)
        except SoulbondError as exc:
            form.errors["photo"] = exc.public_message
    store = backend_of(request).store

    def add_it() -> object:
        tells = wording.tells_from_words(words)
        command = possessions.AddPossession(item, person, description, tells, looks=looks)
        added = possessions.add_possession(command, uow(request))
        if picture:
            photos.add_photo(photos.AddPhoto(person, item, picture), uow(request), store.photos())
        return added

    if await attempt(form, add_it, "new_item"):
        return done(request, "/things", f"Added: {description}.")
    return await show_things(request, form)


@router.get("/things/photo")
async def photo(request: Request, item: str = "") -> Response:
    """A photo of one of the person's things, for the person who added it and no one else."""
    person = me(request)
    found = await ask(
        lambda: photos.photo_of(photos.PhotoOf(person, item), backend_of(request).store.photos())
    )
    return Response(
        found.content,
        media_type=found.media_type,
        headers={
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'",
        },
    )


@router.post("/things/loss")
async def lose(request: Request) -> Response:
    form = await read_form(request)
    item = form.item()
    how = form.text("how", "How you lost it")
    command = possessions.ReportLoss(me(request), item, how)
    if await attempt(form, lambda: possessions.report_loss(command, uow(request)), f"item:{item}"):
        return done(request, "/things", "Reported lost. Nobody will tell you where it went.")
    return await show_things(request, form)


@router.post("/things/gift")
async def give(request: Request) -> Response:
    form = await read_form(request)
    item = form.item()
    to = form.text("to", "Who to give it to", required=True, limit=lengths.ID)
    command = possessions.Give(item, me(request), to)
    if await attempt(form, lambda: possessions.give(command, uow(request)), f"item:{item}"):
        return done(request, "/things", "Given: it is theirs now.")
    return await show_things(request, form)


# -- my collection ------------------------------------------------------------------------------


async def show_collection(request: Request, form: Submitted | None = None) -> Response:
    person = me(request)
    kept = await ask(lambda: learning.collection(ForPerson(person), uow(request)))
    home = await ask(lambda: my_home(ForPerson(person), uow(request)))
    if form:
        form.beside(thing.item for thing in kept.kept)
    return page(
        request,
        "collection.html",
        "My collection",
        status=form.status if form else 200,
        form=form,
        kept=kept.kept,
        home=home,
        tz=home.tz,
    )


@router.get("/collection")
async def collection(request: Request) -> Response:
    return await show_collection(request)


@router.post("/collection/proof")
async def prove(request: Request) -> Response:
    form = await read_form(request)
    item = form.item()
    handle = form.text(f"proof_to:{item}", "The number to tell", required=True, limit=lengths.ID)
    command = custody.ProveCustodyTo(me(request), item, handle)
    if await attempt(form, lambda: custody.prove_custody_to(command, uow(request)), f"item:{item}"):
        return done(request, "/collection", f"The registry told {handle} that you have it.")
    return await show_collection(request, form)


# -- what I know of my soulmate, and what they could learn of me --------------------------------


@router.get("/soulmate")
@in_pool  # counts the census for every clue
async def soulmate(request: Request) -> Response:
    person = me(request)
    known = await ask(lambda: learning.knowledge_over_time(ForPerson(person), uow(request)))
    home = await ask(lambda: my_home(ForPerson(person), uow(request)))
    chart = shrinking(
        [
            Point(arrival.seen_as, arrival.candidates)
            for arrival in known.arrivals
            if arrival.candidates is not None
        ],
        "How many people still fit what you know, after each thing that arrived",
    )
    return page(request, "soulmate.html", "What I know of my soulmate", known=known, chart=chart, tz=home.tz)


@router.get("/risks")
@in_pool  # counts the census for every thing kept
async def risks(request: Request) -> Response:
    person = me(request)
    audit = await ask(lambda: views.exposure_audit(views.ForPerson(person), uow(request)))
    held = await ask(lambda: views.possessions_view(ForPerson(person), uow(request)))
    names = {thing.item: thing.description for thing in held.held}
    # Riskiest first: what would leave the fewest people fitting; what would not travel last.
    ordered = sorted(
        audit.possessions,
        key=lambda risk: (
            risk.candidates_if_lost is None,
            risk.candidates_if_lost if risk.candidates_if_lost is not None else 0,
            risk.item,
        ),
    )
    return page(request, "risks.html", "What my soulmate could learn of me", risks=ordered, names=names)


# -- the inbox ----------------------------------------------------------------------------------


async def show_inbox(request: Request, form: Submitted | None = None) -> Response:
    person = me(request)
    inbox = await ask(lambda: views.inbox_view(ForPerson(person), uow(request)))
    home = await ask(lambda: my_home(ForPerson(person), uow(request)))
    return page(
        request,
        "inbox.html",
        "My inbox",
        status=form.status if form else 200,
        form=form,
        inbox=inbox,
        longest=lengths.WRITTEN,
        tz=home.tz,
    )


@router.get("/inbox")
async def inbox(request: Request) -> Response:
    return await show_inbox(request)


@router.post("/inbox/message")
async def send(request: Request) -> Response:
    form = await read_form(request)
    to = form.text("to_handle", "The number to write to", required=True, limit=lengths.ID)
    text = form.text("text", "Your message", required=True)
    command = contact.SendMessage(me(request), to, text)
    if await attempt(form, lambda: contact.send_message(command, uow(request)), "to_handle"):
        return done(request, "/inbox", f"Sent to {to}.")
    return await show_inbox(request, form)


@router.post("/inbox/block")
async def block(request: Request) -> Response:
    form = await read_form(request)
    handle = form.text("block_handle", "The number to block", required=True, limit=lengths.ID)
    command = contact.BlockHandle(me(request), handle)
    if await attempt(form, lambda: contact.block(command, uow(request)), "block_handle"):
        return done(
            request, "/inbox", f"Blocked {handle}: nothing they send reaches you, and they are not told."
        )
    return await show_inbox(request, form)


@router.post("/inbox/unblock")
async def unblock(request: Request) -> Response:
    form = await read_form(request)
    handle = form.text("unblock_handle", "The number to unblock", required=True, limit=lengths.ID)
    command = contact.BlockHandle(me(request), handle)
    if await attempt(form, lambda: contact.unblock(command, uow(request)), "unblock_handle"):
        return done(request, "/inbox", f"Unblocked {handle}.")
    return await show_inbox(request, form)


@router.post("/inbox/ask")
async def ask_registry(request: Request) -> Response:
    form = await read_form(request)
    handle = form.text("ask_handle", "The number you are in contact with", required=True, limit=lengths.ID)
    command = contact.AskRegistry(me(request), handle)
    answer = await attempt(form, lambda: contact.ask_registry(command, uow(request)), "ask_handle")
    if answer is not None:
        return done(request, "/inbox", f"The registry: {answer.text}")
    return await show_inbox(request, form)
