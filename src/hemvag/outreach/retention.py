"""Gallring of contacts at partner organisations (the rule is core's data, core/retention.yaml): a contact goes
once the period has passed both since it was added and since the organisation's last agreement ended; while an
agreement is in force, or has no end, the contact is kept. Core's action audits each removal."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from hemvag.core.retention import Due
from hemvag.outreach.models import Agreement, Contact


def contacts_due(cutoff: dt.date, today: dt.date) -> list[Due]:
    current = Agreement.objects.filter(parties=OuterRef("organisation")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=cutoff))
    contacts = (Contact.objects.filter(added_at__date__lte=cutoff).exclude(Exists(current))
                .select_related("organisation__unit").order_by("pk"))
    return [Due(object_type="contact", object_id=str(contact.pk), unit=contact.organisation.unit,
                period_start=contact.added_at.date(), label=f"contact {contact.pk} at organisation "
                f"{contact.organisation_id}") for contact in contacts.iterator()]


def dispose_contact(record: Due) -> None:
    Contact.objects.filter(pk=int(record.object_id)).delete()
