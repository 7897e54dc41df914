"""Who may call each route: the one table, checked before any route runs.

A route whose method and path have no row here cannot be served (the app
refuses to start), so a route is never added without saying who may call it.

Who may call a route is decided here by role; what they may act on is decided
by the world: a person always acts as their own person (the account says
who, never the request), so a route marked ``OWN`` acts only on the caller's
own things and cases, and the world refuses anything of anyone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from soulbond.service.account_ports import Role

ANYONE: Final = frozenset({None, *Role})
"""Anonymous callers too."""
SIGNED_IN: Final = frozenset(Role)
PEOPLE: Final = frozenset({Role.PERSON, Role.CASEWORKER, Role.DIRECTOR})
"""Every account that acts as a person of the world (the Foundation's staff are people too)."""
STAFF: Final = frozenset({Role.CASEWORKER, Role.DIRECTOR})
DIRECTOR: Final = frozenset({Role.DIRECTOR})
REGISTRAR: Final = frozenset({Role.REGISTRAR})


@dataclass(frozen=True)
class Rule:
    who: frozenset[Role | None]
    own: bool = False
    """The route names something (an item, a case) that only its owner, holder or party may act on."""


OPEN = Rule(ANYONE)
OWN = Rule(PEOPLE, own=True)

ACCESS: Final[dict[tuple[str, str], Rule]] = {
    # Accounts and sessions
    ("GET", "/health"): OPEN,
    ("POST", "/accounts"): OPEN,
    ("POST", "/sessions"): OPEN,
    ("DELETE", "/sessions/current"): Rule(SIGNED_IN),
    ("GET", "/me"): Rule(SIGNED_IN),
    ("GET", "/clock"): Rule(SIGNED_IN),
    # A person's own world
    ("GET", "/me/floor"): Rule(PEOPLE),
    ("GET", "/me/possessions"): Rule(PEOPLE),
    ("POST", "/me/possessions"): Rule(PEOPLE),
    ("GET", "/me/knowledge"): Rule(PEOPLE),
    ("GET", "/me/audit"): Rule(PEOPLE),
    ("GET", "/me/inbox/messages"): Rule(PEOPLE),
    ("GET", "/me/inbox/registry"): Rule(PEOPLE),
    ("GET", "/me/inbox/notices"): Rule(PEOPLE),
    ("POST", "/me/items/{item}/loss"): OWN,
    ("POST", "/me/items/{item}/gift"): OWN,
    ("POST", "/me/items/{item}/keep"): OWN,
    ("POST", "/me/items/{item}/discard"): OWN,
    ("POST", "/me/items/{item}/recovery"): OWN,
    ("POST", "/me/items/{item}/pick-up"): OWN,
    ("POST", "/me/items/{item}/return"): OWN,
    ("GET", "/me/items/{item}/custody"): OWN,
    ("POST", "/me/items/{item}/custody-proofs"): OWN,
    ("POST", "/me/bin/emptying"): Rule(PEOPLE),
    ("POST", "/me/messages"): Rule(PEOPLE),
    ("POST", "/me/blocks"): Rule(PEOPLE),
    ("DELETE", "/me/blocks/{handle}"): Rule(PEOPLE),
    ("POST", "/me/registry-questions"): Rule(PEOPLE),
    ("POST", "/me/severance-applications"): Rule(PEOPLE),
    ("POST", "/me/cases/{case}/statements"): OWN,
    ("POST", "/me/cases/{case}/signature"): OWN,
    ("POST", "/me/cases/{case}/withdrawal"): OWN,
    ("POST", "/me/cases/{case}/appeals"): OWN,
    ("POST", "/me/job-applications"): Rule(PEOPLE),
    # The Foundation's staff
    ("GET", "/foundation/queue"): Rule(STAFF),
    ("POST", "/foundation/cases/{case}/appeal-hearing"): Rule(STAFF),
    ("POST", "/foundation/cases/{case}/take"): Rule(STAFF),
    ("POST", "/foundation/cases/{case}/file-openings"): Rule(STAFF, own=True),
    ("POST", "/foundation/cases/{case}/decision"): Rule(STAFF, own=True),
    ("POST", "/foundation/cases/{case}/conflict"): Rule(STAFF, own=True),
    ("POST", "/foundation/staff"): Rule(DIRECTOR),
    # The registrar runs the world, and reads no one's inbox or knowledge
    ("PUT", "/registry/accounts/{name}"): Rule(REGISTRAR),
    ("POST", "/registry/people"): Rule(REGISTRAR),
    ("POST", "/registry/bonds"): Rule(REGISTRAR),
    ("PUT", "/registry/foundation/director"): Rule(REGISTRAR),
    ("POST", "/registry/people/{person}/fated-pairing"): Rule(REGISTRAR),
    ("POST", "/registry/people/{person}/death"): Rule(REGISTRAR),
    ("PUT", "/registry/people/{person}/home"): Rule(REGISTRAR),
    ("POST", "/registry/people/{person}/traits"): Rule(REGISTRAR),
    ("POST", "/registry/people/{person}/notoriety"): Rule(REGISTRAR),
    ("POST", "/registry/items/{item}/placement"): Rule(REGISTRAR),
    ("POST", "/registry/cases/{case}/settlement"): Rule(REGISTRAR),
    ("POST", "/registry/deliveries/due"): Rule(REGISTRAR),
    ("POST", "/registry/deliveries/{delivery}"): Rule(REGISTRAR),
    ("GET", "/registry/clock"): Rule(REGISTRAR),
    ("PUT", "/registry/clock"): Rule(REGISTRAR),
    ("POST", "/registry/clock/advance"): Rule(REGISTRAR),
    ("POST", "/registry/fate"): Rule(REGISTRAR),
    ("POST", "/registry/world/import"): Rule(REGISTRAR),
    ("POST", "/registry/world/story"): Rule(REGISTRAR),
    ("GET", "/registry/world/export"): Rule(REGISTRAR),
}


def rule_for(method: str, path: str) -> Rule | None:
    return ACCESS.get((method, path))
