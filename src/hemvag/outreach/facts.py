"""The outreach fact for statements: "N informationsmöten med M deltagare i X föreningar under ÅR"."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hemvag.core.reporting import DEFAULT_THRESHOLD, Fact, FactError
from hemvag.outreach import queries


def information_meetings(actor: object, unit: Any, argument: str) -> Fact:
    year = int(argument) if argument.isdigit() else timezone.localdate().year
    if not 2000 <= year <= timezone.localdate().year:
        raise FactError(_("Give a year from 2000 to this year."))
    counts = queries.meetings_in(unit, year)
    with translation.override("sv"):
        participants = counts["participants"]
        people = (_("fewer than %(threshold)d participants") % {"threshold": DEFAULT_THRESHOLD}
                  if 0 < participants < DEFAULT_THRESHOLD else
                  ngettext("%(n)d participant", "%(n)d participants", participants) % {"n": participants})
        meetings = ngettext("%(n)d information meeting", "%(n)d information meetings",
                            counts["meetings"]) % {"n": counts["meetings"]}
        associations = ngettext("%(n)d association", "%(n)d associations",
                                counts["associations"]) % {"n": counts["associations"]}
        text = _("%(meetings)s with %(participants)s in %(associations)s during %(year)d.") % {
            "meetings": meetings, "participants": people, "associations": associations, "year": year}
        definition = _("Information meetings recorded by %(unit)s, with the participants counted at each "
                       "(never listed).") % {"unit": getattr(unit, "name", "")}
    return Fact(key="outreach.information_meetings", argument=str(year), text=text, definition=definition,
                computed_at=timezone.localtime().isoformat(timespec="seconds"))
