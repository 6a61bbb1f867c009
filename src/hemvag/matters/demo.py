"""Demo data: the seeds' two matters, entered as the unit would (filled in by the export work)."""

from __future__ import annotations

from hemvag.core.plugins import DemoOutcome


def demo_step(*, create: bool) -> DemoOutcome | None:
    return None
