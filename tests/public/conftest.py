from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone as django_timezone

from hemvag.content import demo as content_demo


@pytest.fixture
def demo_pages(db: None) -> None:
    content_demo.load()


# A day in the 2026 return grant regime: the law's amounts for it can be written out in the tests.
RESIDENT_DAY = dt.date(2026, 6, 15)


class Today:
    def __init__(self, day: dt.date) -> None:
        self.day = day


@pytest.fixture
def resident_day(monkeypatch: pytest.MonkeyPatch) -> Today:
    """Stop the day the resident site calls today (the self-check's application date, the day content amounts are
    shown for) at RESIDENT_DAY; a test may move it (`resident_day.day = …`)."""
    today = Today(RESIDENT_DAY)
    real = django_timezone.localdate

    def localdate(value: dt.datetime | None = None, timezone: dt.tzinfo | None = None) -> dt.date:
        return today.day if value is None else real(value, timezone)

    monkeypatch.setattr(django_timezone, "localdate", localdate)
    return today
