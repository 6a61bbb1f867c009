"""The audit trail: written with the change, append-only, and any tampering is found by `audit verify`."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from hemvag.core import actions, audit
from hemvag.core.models import AuditEvent, Municipality, Role
from hemvag.core.permissions import SYSTEM


@pytest.fixture
def chain(make_user, unit):
    """A few real events: unit, users, memberships."""
    make_user("anna", Role.COUNSELLOR, unit)
    make_user("bo", Role.MANAGER, unit)
    return list(AuditEvent.objects.order_by("seq"))


def raw_update(sql: str, params: list) -> None:
    """Tamper as someone with direct database access would: past the model and the trigger."""
    table = "core_auditevent"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER {table}_append_only")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while FK checks are pending
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        cursor.execute(sql, params)


def test_each_action_writes_one_event_with_before_and_after(chain, unit):
    membership = unit.memberships.get(user__username="anna")
    before = AuditEvent.objects.count()
    actions.do_set_membership(actor=SYSTEM, user=membership.user, unit=unit, role=Role.MANAGER)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.verb, event.object_id, event.unit_id) == ("membership.set", str(membership.user_id), unit.pk)
    assert event.changes == {"role": {"before": "counsellor", "after": "manager"}}


def test_an_unchanged_role_writes_no_event(chain, unit):
    membership = unit.memberships.get(user__username="anna")
    before = AuditEvent.objects.count()
    actions.do_set_membership(actor=SYSTEM, user=membership.user, unit=unit, role=Role.COUNSELLOR)
    assert AuditEvent.objects.count() == before


def test_events_are_chained_in_order(chain):
    assert [event.seq for event in chain] == list(range(1, len(chain) + 1))
    assert chain[0].prev_hash == audit.GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(chain))
    assert audit.verify_chain() == (len(chain), None)


def test_a_failed_action_leaves_neither_change_nor_event(db):
    actions.do_create_municipality(actor=SYSTEM, name="Först", code="1111")
    events_before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError):
        actions.do_create_municipality(actor=SYSTEM, name="Först", code="2222")  # name must be unique
    assert AuditEvent.objects.count() == events_before
    assert Municipality.objects.filter(code="2222").count() == 0


def test_a_change_rolled_back_after_its_event_takes_the_event_with_it(db):
    events_before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.do_create_municipality(actor=SYSTEM, name="Tillfällig", code="3333")
        raise RuntimeError("the surrounding work failed")
    assert AuditEvent.objects.count() == events_before
    assert not Municipality.objects.filter(code="3333").exists()


@pytest.mark.django_db(transaction=True)
def test_audit_record_outside_a_transaction_is_refused():
    with pytest.raises(audit.AuditError):
        audit.record(actor=None, verb="x.y", object_type="x")


def test_events_cannot_be_changed_or_deleted_through_the_model(chain):
    event = chain[0]
    event.verb = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update(chain):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET verb = %s WHERE seq = %s", ["forged", 1])
    assert AuditEvent.objects.get(seq=1).verb != "forged"


def test_changed_content_is_reported_at_its_event(chain):
    raw_update("UPDATE core_auditevent SET changes = %s WHERE seq = %s", ['{"role": "admin"}', 3])
    _, first_break = audit.verify_chain()
    assert first_break is not None
    assert first_break.seq == 3
    assert "content" in first_break.problem


def test_a_rehashed_forgery_is_caught_at_the_next_link(chain):
    forged = chain[1]
    fake_hash = "f" * 64
    raw_update("UPDATE core_auditevent SET verb = %s, hash = %s WHERE seq = %s", ["forged", fake_hash, forged.seq])
    _, first_break = audit.verify_chain()
    # Recomputing event 2's own hash is not enough: the forged hash no longer matches event 2's content.
    assert first_break is not None and first_break.seq == forged.seq


def test_a_removed_event_is_reported(chain):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [2])
    _, first_break = audit.verify_chain()
    assert first_break is not None
    assert first_break.seq == 2 and "missing" in first_break.problem


def test_verify_command_exits_non_zero_and_names_the_first_broken_link(chain, capsys):
    call_command("audit", "verify")
    assert f"{len(chain)} events verified" in capsys.readouterr().out
    raw_update("UPDATE core_auditevent SET actor_label = %s WHERE seq IN (%s, %s)", ["mallory", 2, 4])
    with pytest.raises(CommandError, match=r"audit chain broken at event #2"):
        call_command("audit", "verify")
