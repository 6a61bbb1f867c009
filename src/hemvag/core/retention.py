"""Gallring: the retention rules (data, in retention.yaml or the file HEMVAG_RETENTION_RULES names) matched to
the kinds of record the apps dispose of (their plugin's `retention`), and what is due on a given day.

A rule says how long a kind is kept and on what legal basis; the kind's own `due` function says which records
have passed it, and which of those a legal hold keeps. Core never imports an app: it calls the dotted paths the
apps declare. The removal itself is core.actions.do_dispose_record, one transaction and one audit event each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.module_loading import import_string
from django.utils.translation import ngettext

from hemvag.core import plugins
from hemvag.core.models import AccessLog, Unit

MAX_RULES_BYTES = 200_000
PERIOD_UNITS = ("years", "months", "days")


class RetentionRulesError(ValueError):
    """The rules file cannot be used: each problem is one line saying what to fix. Nothing is removed."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def _shift(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    next_month = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(day.day, (next_month - dt.timedelta(days=1)).day))


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    def before(self, day: dt.date) -> dt.date:
        """The day this period before `day` (31 March less a month is the last of February)."""
        return _shift(day, -(self.years * 12 + self.months)) - dt.timedelta(days=self.days)

    def after(self, day: dt.date) -> dt.date:
        """The first day a record whose period started on `day` may go."""
        return _shift(day, self.years * 12 + self.months) + dt.timedelta(days=self.days)

    def __str__(self) -> str:
        parts = [
            ngettext("%(n)d year", "%(n)d years", self.years) % {"n": self.years} if self.years else "",
            ngettext("%(n)d month", "%(n)d months", self.months) % {"n": self.months} if self.months else "",
            ngettext("%(n)d day", "%(n)d days", self.days) % {"n": self.days} if self.days else "",
        ]
        return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class Rule:
    kind: str
    keep: Period
    legal_basis: str
    note: str = ""


@dataclass(frozen=True)
class Due:
    """One record whose retention period has passed. `label` names it without personal content (it is printed
    and audited); `hold` is why it is kept all the same (a legal hold), empty when it goes."""

    object_type: str
    object_id: str
    unit: Unit | None
    period_start: dt.date
    label: str
    hold: str = ""


@dataclass(frozen=True)
class Plan:
    """What one rule removes on a day: the records due, and those a hold keeps."""

    rule: Rule
    kind: plugins.RetentionKind
    cutoff: dt.date
    due: list[Due] = field(default_factory=list)
    held: list[Due] = field(default_factory=list)

    @property
    def dispose(self) -> Callable[[Due], Any]:
        return import_string(self.kind.dispose)  # type: ignore[no-any-return]


def rules_path() -> Path:
    return Path(getattr(settings, "RETENTION_RULES", Path(__file__).with_name("retention.yaml")))


def _period(value: Any, where: str, problems: list[str]) -> Period | None:
    if not isinstance(value, dict) or not value or set(value) - set(PERIOD_UNITS):
        problems.append(f"{where}: keep must be a period such as {{years: 5}} (years, months, days).")
        return None
    amounts = {unit: value.get(unit, 0) for unit in PERIOD_UNITS}
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 100 for n in amounts.values()) \
            or not any(amounts.values()):
        problems.append(f"{where}: keep takes whole numbers from 0 to 100, and not all of them 0.")
        return None
    return Period(**amounts)


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def parse_rules(text: str, known_kinds: Iterable[str]) -> dict[str, Rule]:
    """The rules in `text` (YAML), each checked; every known kind must have exactly one rule."""
    known = set(known_kinds)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RetentionRulesError([f"the rules are not valid YAML ({str(error).splitlines()[0]})."]) from None
    entries = document.get("rules") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise RetentionRulesError(["the file must hold `rules:`, a list of rules."])
    problems: list[str] = []
    rules: dict[str, Rule] = {}
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"rule {number}: must be a mapping with kind, keep and legal_basis.")
            continue
        kind = entry.get("kind")
        where = f"rule {number} ({kind})" if isinstance(kind, str) else f"rule {number}"
        if kind not in known:
            problems.append(f"{where}: kind must be one of {', '.join(sorted(known))}.")
            continue
        if kind in seen:
            problems.append(f"{where}: this kind already has a rule; keep one.")
            continue
        seen.add(kind)
        basis = _text(entry.get("legal_basis"))
        if len(basis) < 10:
            problems.append(f"{where}: legal_basis is missing: name the law or decision that allows the disposal.")
        if unknown := set(entry) - {"kind", "keep", "legal_basis", "note"}:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}.")
        period = _period(entry.get("keep"), where, problems)
        if period is not None and basis:
            rules[kind] = Rule(kind=kind, keep=period, legal_basis=basis, note=_text(entry.get("note")))
    problems.extend(f"{kind}: has no rule; add one (with its legal basis)." for kind in sorted(known - seen))
    if problems:
        raise RetentionRulesError(problems)
    return rules


def load_rules(path: Path | None = None) -> dict[str, Rule]:
    source = path or rules_path()
    try:
        if source.stat().st_size > MAX_RULES_BYTES:
            raise RetentionRulesError([f"{source}: larger than {MAX_RULES_BYTES // 1000} kB; is it the rules file?"])
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RetentionRulesError([f"{source}: cannot be read ({error.__class__.__name__})."]) from None
    return parse_rules(text, (kind.key for kind in plugins.retention_kinds()))


def plans(today: dt.date, rules: dict[str, Rule] | None = None, only: str = "") -> list[Plan]:
    """What every rule (or the one named `only`) would remove on `today`."""
    rules = load_rules() if rules is None else rules
    found = []
    for kind in plugins.retention_kinds():
        if only and kind.key != only:
            continue
        rule = rules[kind.key]
        cutoff = rule.keep.before(today)
        records = list(import_string(kind.due)(cutoff, today))
        found.append(Plan(rule=rule, kind=kind, cutoff=cutoff, due=[r for r in records if not r.hold],
                          held=[r for r in records if r.hold]))
    return found


def rule_for(kind: str) -> Rule:
    return load_rules()[kind]


# --- core's own kind: the access log, removed per day and unit ---


def access_logs_due(cutoff: dt.date, today: dt.date) -> list[Due]:
    days = (AccessLog.objects.filter(created_at__date__lte=cutoff).annotate(day=TruncDate("created_at"))
            .values("day", "unit_id").annotate(entries=Count("id")).order_by("day", "unit_id"))
    units = Unit.objects.in_bulk({row["unit_id"] for row in days if row["unit_id"]})
    return [Due(object_type="access_log_day", object_id=f"{row['day']:%Y-%m-%d}/{row['unit_id'] or '-'}",
                unit=units.get(row["unit_id"]), period_start=row["day"],
                label=f"{row['entries']} access-log entries of {row['day']:%Y-%m-%d}")
            for row in days]


def dispose_access_logs(record: Due) -> None:
    day, unit = record.object_id.split("/")
    AccessLog.objects.filter(created_at__date=dt.date.fromisoformat(day),
                             unit_id=None if unit == "-" else int(unit)).dispose()
