"""The manager's start page panel (filled in below)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def manager_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    return None
