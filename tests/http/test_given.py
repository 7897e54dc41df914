"""A route's caller and unit of work are handed to it from the request, not solved by FastAPI, with the same docs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.testclient import TestClient

from soulbond.http import problems
from soulbond.http.deps import Me, Uow, acting_person, unit_of_work
from soulbond.http.one_hop import OneHop
from soulbond.service.account_ports import Role
from soulbond.service.accounts import Principal

router = APIRouter(route_class=OneHop)


@router.get("/mine")
def mine(me: Me, uow: Uow, limit: int = 5) -> dict[str, Any]:
    return {"me": me, "uow": uow, "limit": limit}


@router.get("/mine-async")
async def mine_async(me: Me) -> str:
    return me


@router.get("/with-request")
def with_request(request: Request, me: Me) -> list[str]:
    return [request.url.path, me]


def app_for(principal: Principal | None) -> FastAPI:
    app = FastAPI()
    app.state.backend = SimpleNamespace(
        in_process=False, writer_busy=lambda: False, store=SimpleNamespace(uow=lambda: "a unit of work")
    )
    app.include_router(router)

    @app.middleware("http")
    async def signed_in(request: Request, call_next: Any) -> Any:
        # What the guard leaves for the route: who the session says is asking.
        request.state.principal = principal
        return await call_next(request)

    return app


IRUKA = Principal("iruka", Role.PERSON, "iruka")


def test_a_route_is_given_the_acting_person_and_a_unit_of_work_from_the_request() -> None:
    client = TestClient(app_for(IRUKA))
    assert client.get("/mine?limit=7").json() == {"me": "iruka", "uow": "a unit of work", "limit": 7}
    assert client.get("/mine-async").json() == "iruka"
    assert client.get("/with-request").json() == ["/with-request", "iruka"]


def test_fastapi_solves_none_of_what_is_given() -> None:
    for route in router.routes:
        solved = {d.call for d in route.dependant.dependencies}  # type: ignore[attr-defined]
        assert acting_person not in solved and unit_of_work not in solved


def test_the_docs_list_only_what_the_client_sends() -> None:
    paths = app_for(IRUKA).openapi()["paths"]
    assert [p["name"] for p in paths["/mine"]["get"]["parameters"]] == ["limit"]
    assert "parameters" not in paths["/mine-async"]["get"]
    assert "parameters" not in paths["/with-request"]["get"]


def test_an_account_acting_as_no_one_is_refused_as_before() -> None:
    app = app_for(Principal("registrar", Role.REGISTRAR, None))
    problems.install(app)
    answer = TestClient(app).get("/mine")
    assert answer.status_code == 403
    assert "acts as no one" in answer.json()["detail"]
