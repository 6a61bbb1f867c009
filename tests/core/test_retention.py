"""The retention rules as data: every kind an app contributes has one rule with a period and a legal basis, and a
file that breaks that is refused as a whole; the access log is disposed of per day and unit, each removal audited."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hemvag.core import plugins
from hemvag.core.audit import verify_chain
from hemvag.core.models import AccessLog, AuditEvent, Role
from hemvag.core.retention import Period, RetentionRulesError, load_rules, parse_rules

KINDS = ("cases.closed_case", "cases.document", "cases.inquiry", "core.access_log", "outreach.contact")


def rule(kind: str, keep: str = "{years: 2}", basis: str = "Arkivlagen (1990:782) 10 §") -> str:
    return f"  - kind: {kind}\n    keep: {keep}\n    legal_basis: {basis}\n"


def rules(*entries: str) -> str:
    return "rules:\n" + "".join(entries)


def problems(text: str) -> list[str]:
    with pytest.raises(RetentionRulesError) as error:
        parse_rules(text, KINDS)
    return error.value.problems


def test_the_shipped_rules_cover_every_contributed_kind_with_a_legal_basis():
    assert {kind.key for kind in plugins.retention_kinds()} == set(KINDS)
    shipped = load_rules()
    assert set(shipped) == set(KINDS)
    assert all(len(r.legal_basis) > 20 and str(r.keep) for r in shipped.values())
    assert shipped["cases.closed_case"].keep == Period(years=5)


@pytest.mark.parametrize(("text", "expected"), [
    (rules(*(rule(k) for k in KINDS[1:])), "cases.closed_case: has no rule"),
    (rules(*(rule(k) for k in KINDS), rule("cases.closed_case")), "already has a rule"),
    (rules(*(rule(k) for k in KINDS), rule("cases.everything")), "kind must be one of"),
    (rules(rule(KINDS[0], basis='""'), *(rule(k) for k in KINDS[1:])), "legal_basis is missing"),
    (rules(rule(KINDS[0], keep="{years: 0}"), *(rule(k) for k in KINDS[1:])), "not all of them 0"),
    (rules(rule(KINDS[0], keep="{years: -1}"), *(rule(k) for k in KINDS[1:])), "whole numbers from 0 to 100"),
    (rules(rule(KINDS[0], keep="{weeks: 3}"), *(rule(k) for k in KINDS[1:])), "keep must be a period"),
    (rules(rule(KINDS[0], keep="forever"), *(rule(k) for k in KINDS[1:])), "keep must be a period"),
    ("rules: [", "not valid YAML"),
    ("- just a list", "must hold `rules:`"),
    ("rules:\n  - 5\n", "must be a mapping"),
])
def test_a_broken_rules_file_is_refused_with_what_to_fix(text, expected):
    assert any(expected in problem for problem in problems(text))


def test_a_period_counts_calendar_months():
    assert Period(months=1).before(dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert Period(years=5).before(dt.date(2024, 2, 29)) == dt.date(2019, 2, 28)
    assert Period(years=1, days=1).after(dt.date(2025, 12, 15)) == dt.date(2026, 12, 16)
    assert Period(months=13).after(dt.date(2026, 12, 31)) == dt.date(2028, 1, 31)


def test_the_rules_command_shows_each_kind_with_its_basis(db):
    out = io.StringIO()
    call_command("retention", "rules", stdout=out)
    assert all(kind in out.getvalue() for kind in KINDS) and "Arkivlagen" in out.getvalue()


def logged_at(when: dt.datetime, actor, unit) -> None:
    """An access-log row of `when`: the log stamps its own time and refuses updates, so a test inserts it."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO core_accesslog (created_at, actor_id, unit_id, purpose, "
                       "object_type, object_id, person_id, reason) VALUES (%s, %s, %s, 'view', 'case', '1', '7', '')",
                       [when, actor.pk, unit.pk])


def test_access_logs_go_per_day_and_unit_once_their_period_has_passed(unit, make_user):
    auditor = make_user("revisor", Role.AUDITOR, unit)
    old, recent = timezone.now() - dt.timedelta(days=4 * 366), timezone.now() - dt.timedelta(days=30)
    for when in (old, old, recent):
        logged_at(when, auditor, unit)
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()  # the log grows only, but for gallring

    out = io.StringIO()
    call_command("retention", "run", "--kind", "core.access_log", "--format", "json", stdout=out)
    report = json.loads(out.getvalue()[: out.getvalue().rindex("}") + 1])
    [due] = report["rules"][0]["due"]
    assert due["id"] == f"{timezone.localtime(old).date():%Y-%m-%d}/{unit.pk}" and "2 access-log" in due["label"]
    assert AccessLog.objects.count() == 1
    event = AuditEvent.objects.get(verb="retention.disposed")
    assert event.object_type == "access_log_day" and event.changes["rule"] == "core.access_log"
    assert verify_chain()[1] is None
