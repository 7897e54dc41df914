"""When events happen: a local date and time, or a person's age.

when: 1999-10-10 16:00             local time in the acting person's home
when: 1999-10-10 16:00 Europe/Oslo  an explicit zone
when: iruka at 5y 4m 14d, 16:00    a moment in a life (time defaults to 12:00)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Protocol

from soulbond.core.people import Home, PersonId, zone
from soulbond.scenario.bounds import FIRST_YEAR, LAST_YEAR
from soulbond.scenario.fields import Reader

NOON = time(12, 0)


class Born(Protocol):
    @property
    def born(self) -> date: ...
    @property
    def home(self) -> Home: ...


_AGE = re.compile(
    r"(?P<who>[\w-]+)\s+at\s+(?:(?P<y>\d+)y)?\s*(?:(?P<m>\d+)m)?\s*(?:(?P<d>\d+)d)?\s*(?:,?\s*(?P<t>\d{1,2}:\d{2}))?"
)
_DATE = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})(?:[ T](?P<t>\d{1,2}:\d{2}))?(?:\s+(?P<tz>[A-Za-z_]+/[A-Za-z_/+-]+|UTC))?"
)


def add_months(day: date, years: int, months: int, days: int) -> date | None:
    """``day`` moved on by a span of life, or None when that leaves the calendar a story can use."""
    total = day.month - 1 + months + 12 * years
    year, month = day.year + total // 12, total % 12 + 1
    if not FIRST_YEAR <= year <= LAST_YEAR or days > (LAST_YEAR - FIRST_YEAR + 1) * 366:
        return None
    # The same day of the month, or the month's last day when it is shorter.
    moved = next(
        day.replace(year=year, month=month, day=last)
        for last in (min(day.day, n) for n in (31, 30, 29, 28))
        if _exists(year, month, last)
    )
    later = date.fromordinal(moved.toordinal() + days)
    return later if later.year <= LAST_YEAR else None


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_moment(
    reader: Reader,
    raw: str,
    line: int,
    default_zone: str,
    person: Mapping[PersonId, Born],
) -> tuple[datetime, str]:
    """The UTC moment ``raw`` names, and how to show it to the writer."""
    match = _DATE.fullmatch(raw)
    if match:
        day = reader.parse_day(match["day"], line, "the date")
        clock = reader.clock(match["t"], line, "the time") if match["t"] else NOON
        tz = match["tz"] or default_zone
        if match["tz"]:
            reader.time_zone_name(tz, line)
        return _utc(day, clock, tz), raw
    match = _AGE.fullmatch(raw)
    if match and any(match[k] for k in ("y", "m", "d")):
        who = person.get(PersonId(match["who"]))
        if who is None:
            raise reader.fail(line, f"'{match['who']}' in '{raw}' is not one of the people")
        years, months, days = (int(match[k] or 0) for k in ("y", "m", "d"))
        moved = add_months(who.born, years, months, days)
        if moved is None:
            raise reader.fail(line, f"'{raw}' is past {LAST_YEAR}, the last year a story can use")
        day = moved
        clock = reader.clock(match["t"], line, "the time") if match["t"] else NOON
        return _utc(day, clock, who.home.tz), f"{day} {clock:%H:%M} ({raw})"
    raise reader.fail(
        line,
        f"'{raw}' is not a moment; write a date like 1999-10-10 16:00, or an age like 'iruka at 5y 4m, 16:00'",
    )


def _utc(day: date, clock: time, tz: str) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone(tz)).astimezone(UTC)
