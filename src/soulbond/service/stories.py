"""The writers' use cases: replay a story (pasted, uploaded or shipped) and report it; no account needed.

A story is fiction: it never touches the live world, so these take no unit of
work, only the story book. The text comes from anyone, so the story book reads
it within the bounds for strangers' files (size, depth, aliases, counts), and
refuses it with the line and the problem before any of it can hold the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from soulbond.core.errors import InvalidInput
from soulbond.service import lengths
from soulbond.service.ports import StoryBook
from soulbond.service.story_report import ShippedStory, StoryReport

DEFAULT_NAME = "story.yaml"
UPLOAD_BYTES = lengths.STORY
"""The most a story from someone else (pasted, uploaded) may be; the scenario reader holds it to this."""
# A name is only shown (in messages and the report's title); nothing is ever read or written by it.
_NAME_LIMIT = 120
_UNSAFE = re.compile(r"[^\w .()+-]")


@dataclass(frozen=True)
class CheckStory:
    text: str
    name: str = DEFAULT_NAME
    """What to call the story in messages: the uploaded file's name, say."""


@dataclass(frozen=True)
class OpenStory:
    name: str
    """A shipped story's name, such as 'lost-things'."""


def check_story(cmd: CheckStory, stories: StoryBook) -> StoryReport:
    """Replay the story through the laws: its timeline, where everything ended, who knows what, what broke."""
    if not cmd.text.strip():
        raise InvalidInput("the story is empty; paste a scenario or choose a file")
    return stories.report_text(cmd.text, story_name(cmd.name))


def open_story(cmd: OpenStory, stories: StoryBook) -> StoryReport:
    return stories.report_shipped(cmd.name)


def shipped_stories(stories: StoryBook) -> list[ShippedStory]:
    return stories.shipped()


def story_name(raw: str) -> str:
    """An uploaded file's name as safe to show: no folders, no control characters, not too long."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:_NAME_LIMIT]
    return cleaned or DEFAULT_NAME
