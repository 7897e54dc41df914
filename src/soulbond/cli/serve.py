"""``soulbond serve``: the HTTP API and the delivery worker, in one process. Parses, wires, runs."""

from __future__ import annotations

import gc
import os
import socket
import sys
import threading
from typing import Annotated

import typer
from rich.console import Console

from soulbond.bootstrap import Live, bootstrap
from soulbond.core.errors import SoulbondError
from soulbond.service.worker import work_once

console = Console()
errors = Console(stderr=True)


def run_worker(live: Live, stop: threading.Event) -> None:
    """Fate, then whatever falls due, until ``stop`` is set; other workers may share the store."""
    while not stop.is_set():
        try:
            made = work_once(live.uow, live.settings.worker_batch, retry_on=live.conflict).made
        except SoulbondError as exc:
            errors.print(f"[yellow]worker:[/] {exc.message}", highlight=False, soft_wrap=True)
            made = 0
        if made == 0:
            stop.wait(live.settings.worker_poll_seconds)


def serve(
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="A database URL (SQLite file or PostgreSQL); default SOULBOND_DATABASE_URL."
        ),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Load the lost-things world and demo accounts into an empty database."),
    ] = False,
    worker: Annotated[bool, typer.Option(help="Run the delivery worker in this process too.")] = True,
) -> None:
    """Serve the live world over HTTP: the web app at /, the API (docs at /docs), and the delivery worker.

    Example: [bold]soulbond serve --demo --db sqlite:///demo.db[/]

    Several servers and separate `soulbond worker` processes may share one
    PostgreSQL database.
    """
    # The web stack loads only when a server starts, so that every other command starts quickly.
    import uvicorn

    from soulbond.cli.demo import LOGINS, load_demo
    from soulbond.http.deps import Backend, real_clock
    from soulbond.service.accounts import AccountPolicy
    from soulbond.web.app import DemoLogin, create_app

    if db is not None:
        # Settings are read from the environment; --db is the same setting, given on the command line.
        os.environ["SOULBOND_DATABASE_URL"] = db
    live = bootstrap(serving=True)
    policy = AccountPolicy()
    try:
        live.upgrade()
        if demo:
            console.print("loading the demo world (the lost-things story and its town) ...")
            loaded = load_demo(live, policy, real_clock)
            if not loaded:
                console.print("this database already holds a world: serving it as it is")
    except SoulbondError as exc:
        errors.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        live.close()
        raise typer.Exit(2) from None
    # The socket is bound before the address is printed, so whoever reads the address can connect at
    # once (requests wait in the backlog until the server accepts them); --port 0 picks a free port.
    # A socket made as uvicorn makes its own (TCP, so the event loop turns Nagle's algorithm off on every
    # connection: otherwise each answer waits ~40 ms for the client's delayed acknowledgement).
    listening = socket.socket(
        socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
    )
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        live.close()
        errors.print(
            f"[bold red]error:[/] cannot listen on {host}:{port} ({exc.strerror}); choose another --port"
        )
        raise typer.Exit(2) from None
    listening.listen(2048)
    address = f"http://{host}:{listening.getsockname()[1]}"
    console.print(
        f"soulbond is serving the live world at [bold]{address}[/] (open it in a browser; API docs: {address}/docs)",
        soft_wrap=True,
    )
    if demo:
        console.print("demo logins (name / password):")
        for login in LOGINS:
            console.print(f"  {login.name:<10} {login.password:<15} {login.who}", highlight=False)
    sys.stdout.flush()
    stop = threading.Event()
    thread = threading.Thread(target=run_worker, args=(live, stop), name="soulbond-worker", daemon=True)
    if worker:
        thread.start()
    # The landing page offers the demo logins only on a demo server.
    offered = tuple(DemoLogin(login.name, login.password, login.who) for login in LOGINS) if demo else ()
    backend = Backend(
        live,
        policy,
        stories=live.stories,
        threads=live.request_threads(),
        in_process=live.in_process(),
        writer_busy=live.writer_busy,
    )
    app = create_app(backend, offered)
    app.openapi()
    # What starting made (the framework, the routes, their schemas: some 140,000 objects) lives as long as
    # the server: set aside, the collector's full passes no longer walk it, each a 70 ms pause in which no
    # request was answered. A request makes thousands of short-lived objects and almost no cycles: the
    # young generation is collected every 10,000 new objects rather than 700 (about 6% of a request's CPU).
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        server.run(sockets=[listening])
    finally:
        stop.set()
        if worker:
            thread.join(timeout=10)
        live.close()
