"""Filters for the annual report's templates: which kind of block a block is."""

from __future__ import annotations

from django import template

from hemvag.core.reporting import Definitions, Heading, Paragraph, TableFigure

register = template.Library()

KINDS = {Heading: "heading", Paragraph: "paragraph", TableFigure: "figure", Definitions: "definitions"}


@register.filter
def block_kind(block: object) -> str:
    return KINDS.get(type(block), "")
