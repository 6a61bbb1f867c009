"""Matters API (filled in with the pages): every step through the same actions and permissions."""

from __future__ import annotations

from hemvag.core.apiauth import HemvagRouter

router = HemvagRouter(tags=["matters"])
