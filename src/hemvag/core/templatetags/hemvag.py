"""Presentation helpers: Swedish number and date conventions (UX.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hemvag.core.countries import country_name

register = template.Library()


@register.filter
def sek(amount: Any) -> str:
    """350000 → '350 000 kr' (a no-break space groups thousands, as Swedish writes them)."""
    if amount in (None, ""):
        return "–"
    return f"{int(amount):,}".replace(",", "\u00a0") + "\u00a0kr"


@register.filter
def isodate(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value or "–"


@register.filter
def country(code: Any) -> str:
    """'ET' → 'Etiopien' (or 'Ethiopia'): the country's name in the reader's language; empty stays empty."""
    return country_name(str(code), get_language() or "sv") if code else ""


OUTCOMES = {
    "eligible": _("Eligible"), "not_eligible": _("Not eligible"), "needs_information": _("More information needed"),
    "met": _("Met"), "not_met": _("Not met"), "unknown": _("Not known"),
    "return_grant": _("Return grant"), "reintegration_support": _("Reintegration support"),
}


@register.filter
def label(code: Any) -> str:
    """The plain-language name of an engine code (outcome, condition result, programme)."""
    return str(OUTCOMES.get(code, code))


@register.filter
def anchor_id(field: Any) -> str:
    """The id an error summary links to: the input itself, or the first option of a radio group."""
    return field.id_for_label or f"{field.auto_id}_0"
