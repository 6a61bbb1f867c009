"""Presentation helpers: Swedish number and date conventions (UX.md)."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from typing import Any

from django import template
from django.utils.translation import get_language

from hemvag.core.codes import OUTCOMES
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


@register.filter
def label(code: Any) -> str:
    """The plain-language name of an engine code (outcome, condition result, programme)."""
    return str(OUTCOMES.get(code, code))


@register.filter
def anchor_id(field: Any) -> str:
    """The id an error summary links to: the input itself, or the first option of a radio group."""
    return field.id_for_label or f"{field.auto_id}_0"


@register.filter
def svg_data_uri(svg: str) -> str:
    """A chart (core.charts) as an image source. The page's content security policy forbids inline styles,
    which an inline SVG needs; an image is its own document, so its styles apply (and no script can run in it)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@register.filter
def svg_description(svg: str) -> str:
    """The chart's <title> and <desc> in words: the image's alternative text."""
    found = [html.unescape(m) for m in re.findall(r"<(?:title|desc) id=\"[^\"]*\">([^<]*)</", svg)]
    return ": ".join(found[:2])
