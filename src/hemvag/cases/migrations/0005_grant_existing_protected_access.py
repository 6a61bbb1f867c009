"""Identity grants arrived after cases did: the counsellors who were assigned to a case with a protected person
when grants were introduced keep seeing that person, with a grant that says so. Nobody else gets one."""

from django.db import migrations

REASON = "Assigned counsellor of the case when identity grants were introduced."


def grant_assigned_counsellors(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    HouseholdMember = apps.get_model("people", "HouseholdMember")
    IdentityAccessGrant = apps.get_model("people", "IdentityAccessGrant")
    pairs = set()
    for case in Case.objects.exclude(assigned_counsellor=None).only("household_id", "assigned_counsellor_id"):
        for person_id in HouseholdMember.objects.filter(
                household_id=case.household_id, person__protected_identity=True).values_list("person_id", flat=True):
            pairs.add((person_id, case.assigned_counsellor_id))
    IdentityAccessGrant.objects.bulk_create(
        IdentityAccessGrant(person_id=person_id, user_id=user_id, reason=REASON) for person_id, user_id in sorted(pairs)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_text_limits_country_codes"),
        ("people", "0002_identity_access_grants"),
    ]

    operations = [migrations.RunPython(grant_assigned_counsellors, migrations.RunPython.noop)]
