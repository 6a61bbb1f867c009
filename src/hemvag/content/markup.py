"""A small, safe text format for information pages, and the values it fills in at render time.

Editors write plain text: blank lines separate paragraphs, "## " and "### " start headings, "- " starts a
list item, [text](https://…) is a link (shown with its host, so a reader sees where it leads) and
[text](/path) a link within the site, **text** is bold. Everything else is escaped, so a page can never
carry a script or a style (the CSP forbids both anyway).

Amounts and dates are never typed into a page: {amount:return_grant.amount_per_adult},
{date:return_grant.permit_granted_on_or_before}, {number:…} and {countries:reintegration_support.countries}
are filled from the rules engine's parameters in force on the day the page is read, so a change in the law
is one change in the parameter files. [text](page:slug) links to another resident page in the same
language; [text](route:self_check) to a named page of the resident site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from hemvag.core.countries import country_name
from hemvag.rules.engine import default_parameters
from hemvag.rules.render import sek

PLACEHOLDER = re.compile(r"\{(amount|date|number|countries):([a-z_]+\.[a-z_]+)\}")
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
# Same-site paths start with exactly one "/": browsers read "//host" and "/\\host" as another site.
SAFE_URL = re.compile(r"^(https://[^\s\"'<>\\]+|/(?![/\\])[^\s\"'<>\\]*|#[\w-]+)$")


class UnknownParameter(ValueError):
    """A placeholder names a parameter that is not in force on the day: shown to the editor."""


def parameter_text(kind: str, key: str, language: str, day: dt.date) -> str:
    value = default_parameters().on(day).get(key)
    if value is None:
        raise UnknownParameter(key)
    if kind == "amount" and isinstance(value, int):
        return sek(value)
    if kind == "number" and isinstance(value, int):
        return str(value)
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "countries" and isinstance(value, tuple):
        return ", ".join(sorted((country_name(code, language) for code in value), key=str.casefold))
    raise UnknownParameter(key)


def fill_parameters(text: str, language: str, day: dt.date) -> str:
    """Replace every placeholder; an unknown one stays visible as [?key] so the editor sees it."""

    def replace(match: re.Match[str]) -> str:
        try:
            return parameter_text(match.group(1), match.group(2), language, day)
        except UnknownParameter:
            return f"[?{match.group(2)}]"

    return PLACEHOLDER.sub(replace, text)


def unknown_placeholders(text: str, day: dt.date) -> list[str]:
    problems = []
    for match in PLACEHOLDER.finditer(text):
        try:
            parameter_text(match.group(1), match.group(2), "sv", day)
        except UnknownParameter:
            problems.append(match.group(0))
    return problems


def _target(url: str, language: str) -> str | None:
    with override(language):
        try:
            if url.startswith("page:"):
                return reverse("public:page", kwargs={"slug": url.removeprefix("page:")})
            if url.startswith("route:"):
                return reverse(f"public:{url.removeprefix('route:')}")
        except NoReverseMatch:
            return None
    if not SAFE_URL.match(url):
        return None
    if url.startswith("https://") and not _host(url):
        return None
    return url


def _host(url: str) -> str:
    """The host an external link leads to (after any user name before an "@"), or "" if it has none."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _inline(text: str, language: str) -> str:
    """Escape first, then turn the (escaped) link and bold syntax into markup."""
    escaped = str(escape(text))

    def link(match: re.Match[str]) -> str:
        label, raw_url = match.group(1), match.group(2).replace("&amp;", "&")
        url = _target(raw_url, language)
        if url is None:
            return label
        if not url.startswith("https://"):
            return f'<a href="{escape(url)}">{label}</a>'
        # Always the host, even when the label names a site: a label can claim any address.
        host = f' <span class="link-host">({escape(_host(url))})</span>'
        return f'<a href="{escape(url)}" class="external" rel="noopener">{label}</a>{host}'

    return BOLD.sub(r"<strong>\1</strong>", LINK.sub(link, escaped))


def _elements(lines: list[str], language: str) -> Iterator[str]:
    """Headings stand alone; consecutive "- " lines make one list; other consecutive lines one paragraph."""
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> Iterator[str]:
        if paragraph:
            yield f"<p>{_inline(' '.join(paragraph), language)}</p>"
            paragraph.clear()
        if items:
            yield "<ul>" + "".join(f"<li>{_inline(item, language)}</li>" for item in items) + "</ul>"
            items.clear()

    for line in (raw.strip() for raw in lines):
        if not line or line.startswith(("## ", "### ")):
            yield from flush()
            if line.startswith("### "):
                yield f"<h3>{_inline(line[4:], language)}</h3>"
            elif line.startswith("## "):
                yield f"<h2>{_inline(line[3:], language)}</h2>"
        elif line.startswith("- "):
            if paragraph:
                yield from flush()
            items.append(line[2:])
        else:
            if items:
                yield from flush()
            paragraph.append(line)
    yield from flush()


def render(text: str, language: str, day: dt.date) -> SafeString:
    """The page body as HTML, with today's parameter values filled in."""
    lines = fill_parameters(text, language, day).replace("\r\n", "\n").split("\n")
    return mark_safe("\n".join(_elements(lines, language)))  # noqa: S308  (every piece escaped in _inline)
