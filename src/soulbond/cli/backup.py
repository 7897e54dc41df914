"""``soulbond backup`` and ``soulbond restore``: a whole live world, copied out and put back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from soulbond.cli.common import console, fail, live_world
from soulbond.core.errors import SoulbondError


def backup_command(
    destination: Annotated[Path, typer.Argument(help="A new file to write the backup to.")],
) -> None:
    """Copy the whole live world to DESTINATION while it keeps running.

    Example: [bold]soulbond backup world-2026-11-29.backup[/]

    SQLite: the online backup API (one consistent moment, even while workers
    write). PostgreSQL: pg_dump in its custom format (the client tools must be
    installed). Everything is kept: people, items, things in transit, the
    ledger, the clock, case histories, accounts.
    """
    with live_world() as live:
        try:
            said = live.backup(destination)
        except SoulbondError as exc:
            fail(exc, as_json=False, public=False)
    console.print(said, highlight=False, soft_wrap=True)


def restore_command(
    source: Annotated[Path, typer.Argument(help="A file written by `soulbond backup`.")],
) -> None:
    """Put the world kept in SOURCE into a fresh database (SOULBOND_DATABASE_URL).

    Example: [bold]SOULBOND_DATABASE_URL=sqlite:///restored.db soulbond restore world.backup[/]

    The database must hold no world yet, and be of the kind the backup came
    from (a SQLite backup into SQLite; a pg_dump file into PostgreSQL, with
    pg_restore). Nothing is changed if the restore fails part-way.
    """
    with live_world() as live:
        try:
            said = live.restore(source)
        except SoulbondError as exc:
            fail(exc, as_json=False, public=False)
    console.print(said, highlight=False, soft_wrap=True)
