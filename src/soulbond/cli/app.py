"""Entry point of the ``soulbond`` command."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="soulbond",
    help="A world where whatever you lose turns up on your soulmate's bedroom floor.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _root() -> None:
    """Replay and check stories against the laws of the soulbond world."""


def main() -> None:
    app()
