"""The writers' pages, open to anyone: check a story (pasted or uploaded) or open a shipped one, and read
its replay as a page, or download it as the JSON `soulbond replay --json` prints.

A story from a visitor is hostile until read: the upload is refused past its
size before it is read, and the scenario reader (through the story book port)
refuses deep nesting, alias bombs and counts past the upload bounds within a
second, each with its line; the refusal is shown beside the field it came
from. At most ``AT_ONCE`` replays run at a time, so that visitors' stories
cannot take every core from the world's people.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from soulbond.core.errors import SoulbondError
from soulbond.http.one_hop import InPool
from soulbond.service import stories
from soulbond.service.errors import StoryUnreadable
from soulbond.service.story_report import StoryReport
from soulbond.web.acting import ask
from soulbond.web.forms import Submitted, read_form
from soulbond.web.render import page
from soulbond.web.session import backend_of

# Work over a whole world or story: never on the event loop, where it would hold up everyone.
router = APIRouter(route_class=InPool)

CHECK = "/write/check"
# A form's other fields and its multipart framing come on top of the story itself.
UPLOADS = {CHECK: stories.UPLOAD_BYTES + 64 * 1024}
AT_ONCE = 2
_replaying = threading.BoundedSemaphore(AT_ONCE)


async def replayed(call: Callable[[], StoryReport]) -> StoryReport:
    def in_turn() -> StoryReport:
        with _replaying:
            return call()

    return await ask(in_turn)


def limit_in_words() -> str:
    return f"{stories.UPLOAD_BYTES // 1024:,} KiB"


async def story_sent(form: Submitted) -> tuple[str, str, str]:
    """The story's text, its name, and the field it came from: a chosen file, else the pasted text."""
    upload = form.files.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            raw = await upload.read(stories.UPLOAD_BYTES + 1)
        finally:
            await upload.close()
        if len(raw) > stories.UPLOAD_BYTES:
            form.errors["file"] = (
                f"this file is larger than {limit_in_words()}, the most a story sent here may be"
            )
            return "", upload.filename, "file"
        try:
            return raw.decode("utf-8"), upload.filename, "file"
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            form.errors["file"] = f"line {line}: this is not UTF-8 text (byte {exc.start + 1} cannot be read)"
            return "", upload.filename, "file"
    text = form.values.get("story", "")
    if not text.strip():
        form.errors["story"] = "paste a story here, or choose a file below"
    return text, form.values.get("name", "") or stories.DEFAULT_NAME, "story"


def download(report: StoryReport) -> Response:
    stem = report.name.removesuffix(".yaml").removesuffix(".yml") or "story"
    return Response(
        json.dumps(report.as_json, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="{stem}.json"'},
    )


def show_report(request: Request, report: StoryReport, *, text: str = "") -> Response:
    # Each contradiction's line links to its first row in the timeline.
    anchored: dict[int, int] = {}
    for index, moment in enumerate(report.timeline):
        if moment.kind == "broken" and moment.line and moment.line not in anchored.values():
            anchored[index] = moment.line
    return page(
        request,
        "writer/report.html",
        f"{report.title}: the replay",
        report=report,
        contradictions=sorted(report.contradictions, key=lambda c: c.line),
        anchored=anchored,
        text=text,
    )


async def show_form(request: Request, form: Submitted | None = None) -> Response:
    shipped = await ask(lambda: stories.shipped_stories(backend_of(request).story_book()))
    return page(
        request,
        "writer/write.html",
        "Check a story against the laws",
        status=form.status if form else 200,
        form=form,
        shipped=shipped,
        limit=limit_in_words(),
    )


@router.get("/write")
async def writing(request: Request) -> Response:
    return await show_form(request)


@router.post(CHECK)
async def check(request: Request) -> Response:
    form = await read_form(request)
    text, name, field = await story_sent(form)
    if form.ok:
        book = backend_of(request).story_book()
        try:
            report = await replayed(lambda: stories.check_story(stories.CheckStory(text, name), book))
        except StoryUnreadable as exc:
            where = f"line {exc.line}: " if exc.line else ""
            form.errors[field] = f"{where}{exc.problem}"
        except SoulbondError as exc:
            form.refuse(exc, field)
        else:
            if form.values.get("answer") == "json":
                return download(report)
            return show_report(request, report, text=text)
    # What was pasted comes back to be mended; a chosen file has to be chosen again.
    form.values["name"] = name if field == "story" else form.values.get("name", "")
    return await show_form(request, form)


@router.get("/write/stories/{name}")
async def shipped_story(request: Request, name: str) -> Response:
    book = backend_of(request).story_book()
    report = await replayed(lambda: stories.open_story(stories.OpenStory(name), book))
    return show_report(request, report)


@router.get("/write/stories/{name}/json")
async def shipped_json(request: Request, name: str) -> Response:
    book = backend_of(request).story_book()
    return download(await replayed(lambda: stories.open_story(stories.OpenStory(name), book)))
