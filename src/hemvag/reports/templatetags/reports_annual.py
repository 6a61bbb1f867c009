"""Filters for the annual report's templates: which kind of block a block is, and a chart as an image."""

from __future__ import annotations

import base64
import html
import re

from django import template

from hemvag.core.reporting import Definitions, Heading, Paragraph, TableFigure

register = template.Library()

KINDS = {Heading: "heading", Paragraph: "paragraph", TableFigure: "figure", Definitions: "definitions"}


@register.filter
def block_kind(block: object) -> str:
    return KINDS.get(type(block), "")


@register.filter
def svg_data_uri(svg: str) -> str:
    """The chart as an image source. The page's content security policy forbids inline styles, which an
    inline SVG needs; an image is its own document, so its styles apply (and no script can run in it)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


@register.filter
def svg_description(svg: str) -> str:
    """The chart's <title> and <desc> in words: the image's alternative text."""
    found = [html.unescape(m) for m in re.findall(r"<(?:title|desc) id=\"[^\"]*\">([^<]*)</", svg)]
    return ": ".join(found[:2])
