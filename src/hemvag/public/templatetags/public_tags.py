"""The language switch of the resident site: the same page in every resident language."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    request = context["request"]
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append({
            "code": code, "name": info["name_local"], "current": code == current,
            "url": translate_url(request.path, code), "dir": "rtl" if info["bidi"] else "ltr",
        })
    return links

