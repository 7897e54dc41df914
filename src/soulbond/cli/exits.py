"""The one map from outcomes to exit codes, shared by every command.

0   done (for `check` and `replay`: the story breaks no law)
1   refused by the rules (for `check` and `replay`: the story breaks some), or by
    the store (another change came first, the tables are missing): nothing changed
2   bad input: an unknown person, item or case, a malformed file or value, a clock set back
70  a bug in soulbond
"""

from __future__ import annotations

from soulbond.core.errors import InvalidInput, NotFound, SoulbondError

DONE = 0
REFUSED = 1
BAD_INPUT = 2
BUG = 70

KIND = {DONE: "done", REFUSED: "refused", BAD_INPUT: "bad input", BUG: "bug"}


def exit_code(exc: SoulbondError) -> int:
    """Bad input for what could never work as asked; a refusal for the rules' (or the store's) no."""
    return BAD_INPUT if isinstance(exc, NotFound | InvalidInput) else REFUSED
