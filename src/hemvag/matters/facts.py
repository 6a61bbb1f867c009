"""Live facts in a statement: the fact blocks other apps offer (core.plugins.FactBlock), computed for the
drafter and kept in the statement version. A draft's text refers to a fact as [[fakta:N]] (N from 1, in the
order the facts were added); rendering puts the fact's sentence in its place."""

from __future__ import annotations

import re
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hemvag.core import plugins
from hemvag.core.reporting import Fact, FactError

MARKER = re.compile(r"\[\[fakta:(\d+)\]\]")


def blocks() -> dict[str, plugins.FactBlock]:
    return {block.key: block for block in plugins.fact_blocks()}


def compute(actor: Any, unit: Any, key: str, argument: str) -> Fact:
    block = blocks().get(key)
    if block is None:
        raise FactError(_("No such fact."))
    fact = import_string(block.provider)(actor, unit, argument.strip())
    if not isinstance(fact, Fact):
        raise FactError(_("The fact could not be computed."))
    return fact


def marker(number: int) -> str:
    return f"[[fakta:{number}]]"


def fill(text: str, facts: list[dict[str, Any]]) -> str:
    """The text with each [[fakta:N]] replaced by the fact's sentence (an unknown number stays visible)."""
    def sentence(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return facts[index]["text"] if 0 <= index < len(facts) else match[0]

    return MARKER.sub(sentence, text)
