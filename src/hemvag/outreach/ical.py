"""The unit's activities as an iCalendar feed (RFC 5545), written here without a library: one VEVENT per
activity with its kind, title and place — no participants' names, no contacts, nothing personal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hemvag.outreach.models import Activity


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
            .replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a UTF-8 character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _event(activity: Activity, stamp: str, host: str) -> list[str]:
    if activity.starts_at is not None:
        start = dt.datetime.combine(activity.held_on, activity.starts_at)
        when = [f"DTSTART;TZID=Europe/Stockholm:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID=Europe/Stockholm:{start + dt.timedelta(hours=2):%Y%m%dT%H%M%S}"]
    else:
        when = [f"DTSTART;VALUE=DATE:{activity.held_on:%Y%m%d}",
                f"DTEND;VALUE=DATE:{activity.held_on + dt.timedelta(days=1):%Y%m%d}"]
    lines = ["BEGIN:VEVENT", f"UID:activity-{activity.pk}@{host}", f"DTSTAMP:{stamp}", *when,
             f"SUMMARY:{_escape(f'{activity.get_kind_display()}: {activity.title}')}"]
    if activity.place:
        lines.append(f"LOCATION:{_escape(activity.place)}")
    if activity.languages:
        lines.append(f"DESCRIPTION:{_escape(activity.languages)}")
    return [*lines, "END:VEVENT"]


def feed(name: str, activities: Iterable[Activity], host: str, now: dt.datetime) -> str:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Hemvag//Outreach calendar//SV", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}"]
    for activity in activities:
        lines += _event(activity, stamp, host)
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
