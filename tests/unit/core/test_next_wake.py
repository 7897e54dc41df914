"""When a sleeper next wakes: wall-clock wake times in their own zone, across clock changes."""

from __future__ import annotations

from datetime import time

import pytest

from soulbond.core import Home, next_wake
from soulbond.core.errors import UnknownTimeZone
from soulbond.core.transference import is_wake_time
from tests.unit.core.factories import hours, utc

LONDON = Home("London", "Europe/London")
NEW_YORK = Home("New York", "America/New_York")


def test_next_wake_is_the_local_wake_time_in_the_sleepers_own_zone() -> None:
    assert next_wake(LONDON, utc(2021, 1, 10, 3)) == utc(2021, 1, 10, 7)
    assert next_wake(NEW_YORK, utc(2021, 1, 10, 3)) == utc(2021, 1, 10, 12)


def test_next_wake_is_strictly_after_the_moment_given() -> None:
    assert next_wake(LONDON, utc(2021, 1, 10, 7)) == utc(2021, 1, 11, 7)


def test_next_wake_after_the_wake_time_is_the_next_local_morning() -> None:
    # 23:00 in New York is already the next day in UTC; the wake is still New York's morning.
    assert next_wake(NEW_YORK, utc(2021, 1, 11, 4)) == utc(2021, 1, 11, 12)


def test_next_wake_in_summer_follows_summer_time_in_london() -> None:
    assert next_wake(LONDON, utc(2021, 7, 1, 12)) == utc(2021, 7, 2, 6)


def test_next_wake_on_the_spring_forward_morning_in_london_is_seven_summer_time() -> None:
    # Clocks go from 01:00 GMT to 02:00 BST on 28 March 2021: 07:00 BST is 06:00 UTC.
    assert next_wake(LONDON, utc(2021, 3, 27, 12)) == utc(2021, 3, 28, 6)


def test_a_wake_time_inside_londons_spring_forward_gap_shifts_later_by_the_gap() -> None:
    # 01:30 does not exist on 28 March 2021; the sleeper wakes at 02:30 BST (01:30 UTC).
    home = Home("London", "Europe/London", time(1, 30))
    assert next_wake(home, utc(2021, 3, 27, 12)) == utc(2021, 3, 28, 1, 30)


def test_a_wake_time_inside_new_yorks_spring_forward_gap_shifts_later_by_the_gap() -> None:
    # 02:30 does not exist on 14 March 2021; the sleeper wakes at 03:30 EDT (07:30 UTC).
    home = Home("New York", "America/New_York", time(2, 30))
    assert next_wake(home, utc(2021, 3, 13, 12)) == utc(2021, 3, 14, 7, 30)


def test_the_first_of_two_repeated_wake_times_counts_when_london_falls_back() -> None:
    # 01:30 happens twice on 31 October 2021: first in BST (00:30 UTC), then in GMT (01:30 UTC).
    home = Home("London", "Europe/London", time(1, 30))
    assert next_wake(home, utc(2021, 10, 30, 12)) == utc(2021, 10, 31, 0, 30)


def test_the_second_repeated_wake_time_is_not_a_second_wake_in_london() -> None:
    home = Home("London", "Europe/London", time(1, 30))
    assert next_wake(home, utc(2021, 10, 31, 0, 45)) == utc(2021, 11, 1, 1, 30)


def test_the_first_of_two_repeated_wake_times_counts_when_new_york_falls_back() -> None:
    # 01:30 happens twice on 7 November 2021: 05:30 UTC (EDT) and 06:30 UTC (EST).
    home = Home("New York", "America/New_York", time(1, 30))
    assert next_wake(home, utc(2021, 11, 6, 12)) == utc(2021, 11, 7, 5, 30)
    assert next_wake(home, utc(2021, 11, 7, 5, 30)) == utc(2021, 11, 8, 6, 30)


def test_the_night_clocks_fall_back_is_an_hour_longer_in_new_york() -> None:
    after_saturday_wake = utc(2021, 11, 6, 11)  # 07:00 EDT on Saturday
    assert next_wake(NEW_YORK, after_saturday_wake) - after_saturday_wake == hours(25)


def test_the_night_clocks_spring_forward_is_an_hour_shorter_in_new_york() -> None:
    after_saturday_wake = utc(2021, 3, 13, 12)  # 07:00 EST on Saturday
    assert next_wake(NEW_YORK, after_saturday_wake) - after_saturday_wake == hours(23)


def test_every_next_wake_is_a_wake_time() -> None:
    home = Home("New York", "America/New_York", time(2, 30))
    moment = utc(2021, 3, 10)
    for _ in range(10):
        moment = next_wake(home, moment)
        assert is_wake_time(home, moment)


def test_a_home_in_a_zone_that_does_not_exist_is_refused() -> None:
    with pytest.raises(UnknownTimeZone, match="IANA"):
        Home("Atlantis", "Atlantis/Capital")
