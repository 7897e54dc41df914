"""Reading typed values out of YAML nodes, each failure naming its line."""

from __future__ import annotations

import math
import re
from datetime import date, time

from soulbond.core.errors import UnknownTimeZone
from soulbond.core.people import Home, zone
from soulbond.scenario.bounds import DEFAULT, FIRST_YEAR, LAST_YEAR, Bounds
from soulbond.scenario.errors import ScenarioError
from soulbond.scenario.nodes import Mapping, Node, Sequence, Text


class Reader:
    """Knows the file name, so every helper can raise a located ScenarioError."""

    def __init__(self, file: str, bounds: Bounds = DEFAULT) -> None:
        self.file = file
        self.bounds = bounds

    def fail(self, line: int | None, problem: str) -> ScenarioError:
        return ScenarioError(self.file, line, problem)

    def mapping(self, node: Node, what: str) -> Mapping:
        if not isinstance(node, Mapping):
            raise self.fail(node.line, f"{what} should be a set of 'key: value' lines")
        return node

    def sequence(self, node: Node, what: str) -> Sequence:
        if not isinstance(node, Sequence):
            raise self.fail(node.line, f"{what} should be a list ('- ...' lines)")
        return node

    def text(self, node: Node, what: str) -> str:
        if not isinstance(node, Text) or not node.value.strip():
            raise self.fail(node.line, f"{what} should be a piece of text")
        return node.value.strip()

    def texts(self, node: Node, what: str) -> list[str]:
        """One text or a list of texts."""
        if isinstance(node, Sequence):
            return [self.text(child, what) for child in node.items]
        return [self.text(node, what)]

    def only_keys(self, node: Mapping, allowed: set[str], what: str) -> None:
        for key, line in node.key_lines.items():
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(line, f"'{key}' is not something {what} can have; use one of: {known}")

    def required(self, node: Mapping, key: str, what: str) -> Node:
        if key not in node.entries:
            raise self.fail(node.line, f"{what} needs '{key}'")
        return node.entries[key]

    def number(
        self, node: Node, what: str, *, minimum: float | None = None, maximum: float | None = None
    ) -> float:
        raw = self.text(node, what)
        try:
            value = float(raw.replace("_", ""))
        except ValueError:
            raise self.fail(node.line, f"{what} should be a number, not '{raw}'") from None
        if not math.isfinite(value):
            raise self.fail(node.line, f"{what} should be a number, not '{raw}'")
        if minimum is not None and value < minimum:
            raise self.fail(node.line, f"{what} cannot be below {minimum:g}; it is {raw}")
        if maximum is not None and value > maximum:
            limit = f"{int(maximum):,}" if maximum == int(maximum) else f"{maximum:g}"
            raise self.fail(node.line, f"{what} cannot be above {limit}; it is {raw}")
        return value

    def whole(self, node: Node, what: str, *, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.number(node, what, minimum=minimum, maximum=maximum)
        if value != int(value):
            raise self.fail(node.line, f"{what} should be a whole number")
        return int(value)

    def flag(self, node: Node, what: str) -> bool:
        raw = self.text(node, what).lower()
        if raw in {"yes", "true", "on"}:
            return True
        if raw in {"no", "false", "off"}:
            return False
        raise self.fail(node.line, f"{what} should be yes or no, not '{raw}'")

    def day(self, node: Node, what: str) -> date:
        return self.parse_day(self.text(node, what), node.line, what)

    def parse_day(self, raw: str, line: int, what: str) -> date:
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
        if not match:
            raise self.fail(line, f"{what} should be a date like 1994-05-26, not '{raw}'")
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError:
            raise self.fail(line, f"{raw} is not a date that exists") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise self.fail(line, f"{raw} is outside the years a story can use ({FIRST_YEAR} to {LAST_YEAR})")
        return day

    def clock(self, raw: str, line: int, what: str) -> time:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
        if not match:
            raise self.fail(line, f"{what} should be a time like 07:00, not '{raw}'")
        hour, minute = (int(part) for part in match.groups())
        if hour > 23 or minute > 59:
            raise self.fail(line, f"{raw} is not a time of day")
        return time(hour, minute)

    def time_zone(self, node: Node, what: str) -> str:
        return self.time_zone_name(self.text(node, what), node.line)

    def time_zone_name(self, name: str, line: int) -> str:
        try:
            zone(name)
        except UnknownTimeZone as exc:
            raise self.fail(line, exc.message) from None
        return name

    def home(self, node: Mapping) -> Home:
        self.only_keys(node, {"place", "tz", "wakes"}, "a home")
        place = self.text(node.entries["place"], "the place") if "place" in node.entries else "home"
        tz = self.time_zone(self.required(node, "tz", "a home"), "the time zone")
        wakes = time(7, 0)
        if "wakes" in node.entries:
            wakes = self.clock(
                self.text(node.entries["wakes"], "the wake time"), node.entries["wakes"].line, "the wake time"
            )
        return Home(place, tz, wakes)
