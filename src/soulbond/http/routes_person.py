"""A person's own world: floor, things, knowledge, inbox, and what they do with their things.

The person is always the one the account acts as (``Me``); no request names
who is acting.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from soulbond.http.deps import Guarded, Key, Me, Uow
from soulbond.http.one_hop import in_pool
from soulbond.http.schemas import (
    Gift,
    Handle,
    HandleBody,
    Id,
    Keeping,
    KnownPage,
    Limit,
    Loss,
    Message,
    NewPossession,
    Offset,
    Page,
    page,
)
from soulbond.service import contact, possessions, views, wording
from soulbond.service import custody as custody_proofs
from soulbond.service.results import (
    Answer,
    Custody,
    Done,
    Emptied,
    FloorItem,
    FoundationNotice,
    InboxMessage,
    LossReported,
    MessageSent,
    RegistryReply,
    Returned,
    Risk,
    Thing,
)

router = APIRouter(route_class=Guarded, prefix="/me", tags=["a person"])
ItemPath = Annotated[Id, Path(description="An item, by id.")]
Limited = Annotated[Limit, Query()]
Skipped = Annotated[Offset, Query()]


# A request's path is tried against each route in turn, a few microseconds each: the two calls every
# player makes most (looking at the floor, losing something) come first.
@router.get("/floor", summary="What lies on your bedroom floor (paginated)")
def floor(me: Me, uow: Uow, limit: Limited = 50, offset: Skipped = 0) -> Page[FloorItem]:
    return page(views.floor_view(views.ForPerson(me), uow).items, limit, offset)


@router.post("/items/{item}/loss", summary="Report that you lost something")
def lose(item: ItemPath, me: Me, uow: Uow, body: Loss | None = None, key: Key = None) -> LossReported:
    return possessions.report_loss(possessions.ReportLoss(me, item, (body or Loss()).how, key), uow)


@router.get("/possessions", summary="What you keep, or what is in your bin (paginated)")
@in_pool  # reads every thing kept and all it tells: grows with a life's history
def held(
    me: Me, uow: Uow, where: Literal["held", "bin"] = "held", limit: Limited = 50, offset: Skipped = 0
) -> Page[Thing]:
    found = views.possessions_view(views.ForPerson(me), uow)
    return page(found.held if where == "held" else found.bin, limit, offset)


@router.post("/possessions", summary="Add something you own, with what is on it")
def add(body: NewPossession, me: Me, uow: Uow, key: Key = None) -> Done:
    tells = wording.tells_from_words(body.tells)
    command = possessions.AddPossession(body.item, me, body.description, tells, key, looks=body.looks)
    return possessions.add_possession(command, uow)


@router.get("/knowledge", summary="What the things you found told you, and how many people still fit")
@in_pool  # counts the census for every clue
def knowledge(me: Me, uow: Uow, limit: Limited = 50, offset: Skipped = 0) -> KnownPage:
    known = views.knowledge_view(views.ForPerson(me), uow)
    return KnownPage(
        candidates=known.candidates, identified=known.identified, facts=page(known.facts, limit, offset)
    )


@router.get("/audit", summary="What each thing you keep would tell your soulmate if you lost it")
@in_pool  # counts the census for every thing kept
def audit(me: Me, uow: Uow, limit: Limited = 50, offset: Skipped = 0) -> Page[Risk]:
    return page(views.exposure_audit(views.ForPerson(me), uow).possessions, limit, offset)


@router.get("/inbox/messages", summary="Messages to you, by the sender's number (paginated)")
def messages(me: Me, uow: Uow, limit: Limited = 50, offset: Skipped = 0) -> Page[InboxMessage]:
    return page(views.inbox_view(views.ForPerson(me), uow).messages, limit, offset)


@router.get("/inbox/registry", summary="The registry's answers to your questions (paginated)")
def registry_replies(me: Me, uow: Uow, limit: Limited = 50, offset: Skipped = 0) -> Page[RegistryReply]:
    return page(views.inbox_view(views.ForPerson(me), uow).registry, limit, offset)


@router.get("/inbox/notices", summary="The Foundation's notices about your bond (paginated)")
def notices(me: Me, uow: Uow, limit: Limited = 50, offset: Skipped = 0) -> Page[FoundationNotice]:
    return page(views.inbox_view(views.ForPerson(me), uow).notices, limit, offset)


@router.post("/items/{item}/gift", summary="Give something of yours to someone")
def give(item: ItemPath, body: Gift, me: Me, uow: Uow, key: Key = None) -> Done:
    return possessions.give(possessions.Give(item, me, body.to, key), uow)


@router.post("/items/{item}/keep", summary="Keep something that arrived on your floor")
def keep(item: ItemPath, me: Me, uow: Uow, body: Keeping | None = None, key: Key = None) -> Done:
    return possessions.keep(possessions.FinderAct(me, item, (body or Keeping()).where, key), uow)


@router.post("/items/{item}/discard", summary="Put something from your floor in the bin")
def discard(item: ItemPath, me: Me, uow: Uow, key: Key = None) -> Done:
    return possessions.discard(possessions.FinderAct(me, item, idempotency_key=key), uow)


@router.post("/items/{item}/recovery", summary="Take something back out of your bin")
def recover(item: ItemPath, me: Me, uow: Uow, key: Key = None) -> Done:
    return possessions.recover(possessions.FinderAct(me, item, idempotency_key=key), uow)


@router.post("/items/{item}/pick-up", summary="Pick up something lost for good where you are")
def pick_up(item: ItemPath, me: Me, uow: Uow, key: Key = None) -> Done:
    return possessions.pick_up(possessions.FinderAct(me, item, idempotency_key=key), uow)


@router.post("/items/{item}/return", summary="Hand something back to whoever lost it")
def give_back(item: ItemPath, me: Me, uow: Uow, key: Key = None) -> Returned:
    return possessions.return_item(possessions.FinderAct(me, item, idempotency_key=key), uow)


@router.get("/items/{item}/custody", summary="Can you prove something arrived on your floor and is yours?")
def custody(item: ItemPath, me: Me, uow: Uow) -> Custody:
    return views.prove_custody(views.ProveCustody(me, item), uow)


@router.post(
    "/items/{item}/custody-proofs", summary="Have the registry confirm to a number that you have something"
)
def prove_custody_to(item: ItemPath, body: HandleBody, me: Me, uow: Uow, key: Key = None) -> MessageSent:
    return custody_proofs.prove_custody_to(custody_proofs.ProveCustodyTo(me, item, body.handle, key), uow)


@router.post("/bin/emptying", summary="Empty your bin: what was in it is gone for good")
def empty_bin(me: Me, uow: Uow, key: Key = None) -> Emptied:
    return possessions.empty_bin(possessions.EmptyBin(me, key), uow)


@router.post("/messages", summary="Send a message to a number")
def send(body: Message, me: Me, uow: Uow, key: Key = None) -> MessageSent:
    return contact.send_message(contact.SendMessage(me, body.to_handle, body.text, key), uow)


@router.post("/blocks", summary="Block a number")
def block(body: HandleBody, me: Me, uow: Uow, key: Key = None) -> Done:
    return contact.block(contact.BlockHandle(me, body.handle, key), uow)


@router.delete("/blocks/{handle}", summary="Unblock a number")
def unblock(handle: Annotated[Handle, Path()], me: Me, uow: Uow, key: Key = None) -> Done:
    return contact.unblock(contact.BlockHandle(me, handle, key), uow)


@router.post("/registry-questions", summary="Ask the registry whether you and a number are soulmates")
def ask(body: HandleBody, me: Me, uow: Uow, key: Key = None) -> Answer:
    return contact.ask_registry(contact.AskRegistry(me, body.handle, key), uow)
