"""Contacts at partner organisations are disposed of two years after they were added, unless the organisation
has an agreement in force (or one that ended less than two years ago); the removal is audited without a name."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.utils import timezone

from hemvag.core.models import AuditEvent
from hemvag.outreach import actions
from hemvag.outreach.models import Contact


def added_long_ago(contact: Contact) -> None:
    Contact.objects.filter(pk=contact.pk).update(added_at=timezone.now() - dt.timedelta(days=3 * 366))


def test_old_contacts_go_unless_an_agreement_keeps_them(admin, manager, unit):
    kept_org = actions.do_save_organisation(actor=admin, unit=unit, name="Föreningen Bro", kind="association")
    gone_org = actions.do_save_organisation(actor=admin, unit=unit, name="Föreningen Väg", kind="association")
    kept = actions.do_add_contact(actor=admin, organisation=kept_org, name="Kontakt Ett", basis="Möten")
    gone = actions.do_add_contact(actor=admin, organisation=gone_org, name="Kontakt Två", basis="Möten")
    new = actions.do_add_contact(actor=admin, organisation=gone_org, name="Kontakt Tre", basis="Möten")
    for contact in (kept, gone):
        added_long_ago(contact)
    actions.do_save_agreement(actor=manager, unit=unit, kind="cooperation", title="Samverkan", parties=[kept_org],
                                valid_from=timezone.localdate() - dt.timedelta(days=5 * 365), valid_to=None)

    out = io.StringIO()
    call_command("retention", "run", "--kind", "outreach.contact", "--format", "json", stdout=out)
    report = json.loads(out.getvalue()[: out.getvalue().rindex("}") + 1])
    assert [item["id"] for item in report["rules"][0]["due"]] == [str(gone.pk)]
    assert set(Contact.objects.values_list("pk", flat=True)) == {kept.pk, new.pk}
    event = AuditEvent.objects.get(verb="retention.disposed")
    assert event.object_id == str(gone.pk) and "Kontakt" not in json.dumps(event.changes)
