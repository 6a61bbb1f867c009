"""Presentation helpers: Swedish number and date conventions (UX.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

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
