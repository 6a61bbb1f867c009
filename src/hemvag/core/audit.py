"""Writing and verifying the hash-chained audit trail.

`record` is called by the functions in the apps' actions.py, inside their transaction, so a change and its
audit event commit or roll back together. Each event's hash covers its content and the previous hash; a
changed, removed or reordered event breaks the chain from that point on, which `verify_chain` reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

from hemvag.core.models import AuditEvent, Unit, User

GENESIS_HASH = "0" * 64
# Any 64-bit number works; it names the lock that serialises appends on PostgreSQL.
AUDIT_LOCK_KEY = 0x48454D56414701


class AuditError(RuntimeError):
    """An audit event was requested outside a transaction, so it could not commit with its change."""


def canonical_json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_digest(
    *,
    seq: int,
    created_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    unit_id: int | None,
    verb: str,
    object_type: str,
    object_id: str,
    changes: Mapping[str, Any],
    prev_hash: str,
) -> str:
    payload = canonical_json(
        {
            "seq": seq,
            "at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": actor_id,
            "actor_label": actor_label,
            "unit": unit_id,
            "verb": verb,
            "type": object_type,
            "id": object_id,
            "changes": changes,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_chain_head() -> None:
    """Serialise appends so two transactions never chain onto the same previous event.

    SQLite already does: Hemväg opens its write transactions IMMEDIATE (one writer at a time).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that changed, as {field: {"before": …, "after": …}}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    *,
    actor: User | None,
    verb: str,
    object_type: str,
    object_id: object = "",
    unit: Unit | None = None,
    changes: Mapping[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one audit event in the caller's transaction."""
    if not connection.in_atomic_block:
        raise AuditError("Audit events are written inside the action's transaction.")
    _lock_chain_head()
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    seq = last.seq + 1 if last else 1
    prev_hash = last.hash if last else GENESIS_HASH
    label = actor_label or (actor.get_username() if actor else "system")
    created_at = timezone.now()
    clean_changes = json.loads(canonical_json(changes or {}))
    fields = {
        "seq": seq,
        "created_at": created_at,
        "actor_id": actor.pk if actor else None,
        "actor_label": label,
        "unit_id": unit.pk if unit else None,
        "verb": verb,
        "object_type": object_type,
        "object_id": str(object_id),
        "changes": clean_changes,
        "prev_hash": prev_hash,
    }
    return AuditEvent.objects.create(**fields, hash=event_digest(**fields))


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def iter_chain_breaks(events: Iterator[AuditEvent]) -> Iterator[ChainBreak]:
    """Yield each broken link, in order; verify_chain stops at the first."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for event in events:
        if event.seq != expected_seq:
            yield ChainBreak(expected_seq, f"event #{expected_seq} is missing (next is #{event.seq})")
        elif event.prev_hash != prev_hash:
            yield ChainBreak(event.seq, "does not point to the event before it")
        elif event.hash != event_digest(
            seq=event.seq,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            unit_id=event.unit_id,
            verb=event.verb,
            object_type=event.object_type,
            object_id=event.object_id,
            changes=event.changes,
            prev_hash=event.prev_hash,
        ):
            yield ChainBreak(event.seq, "its content no longer matches its hash")
        expected_seq = event.seq + 1
        prev_hash = event.hash


def verify_chain(progress: Any = None) -> tuple[int, ChainBreak | None]:
    """(events checked, first break or None). `progress(n)` is called as events are read."""
    checked = 0

    def counted() -> Iterator[AuditEvent]:
        nonlocal checked
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
            checked += 1
            if progress is not None:
                progress(checked)
            yield event

    first = next(iter_chain_breaks(counted()), None)
    return checked, first
