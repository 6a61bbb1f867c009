"""The permission matrix: every role × own/other unit × action, and deny by default for every route."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from hemvag.core.models import Role
from hemvag.core.permissions import grants, has_permission, is_delegated, requires, rule_of, units_where

# The access model as the issue states it, written out independently of the plugin modules.
EXPECTED = {
    "core.view_start": {"counsellor", "staff", "manager", "admin", "auditor"},
    "core.change_own_password": {"counsellor", "staff", "manager", "admin", "auditor"},
    "core.view_own_units": {"counsellor", "staff", "manager", "admin", "auditor"},
    "core.administer": {"admin"},
    "core.use_second_factor": {"admin", "auditor"},
    "core.view_audit_log": {"auditor"},
    "core.view_access_log": {"auditor"},
    "core.verify_audit_chain": {"auditor", "admin"},
    "core.run_retention": {"admin"},
    "core.make_backup": set(),
    "content.read_staff_guidance": {"staff", "counsellor", "manager", "admin"},
    "content.edit": {"admin"},
    "reports.view_statistics": {"manager"},
    "reports.view_internal_statistics": {"manager"},
    "reports.export_statistics": {"manager"},
    "reports.make_annual_report": {"manager"},
    "forecasts.view_forecasts": {"manager"},
    "forecasts.run_forecasts": {"manager"},
    "matters.view_matters": {"counsellor", "manager", "auditor"},
    "matters.register_matter": {"counsellor", "manager"},
    "matters.draft_statement": {"counsellor", "manager"},
    "matters.collect_answers": {"counsellor", "manager"},
    "matters.approve_statement": {"manager"},
    "matters.record_decision": {"manager"},
    "outreach.view_outreach": {"counsellor", "manager", "admin", "auditor"},
    "outreach.record_activities": {"counsellor", "manager"},
    "outreach.manage_agreements": {"manager"},
    "outreach.manage_plans": {"manager"},
    "outreach.manage_organisations": {"admin", "manager"},
    "outreach.manage_projects": {"manager"},
    "people.view_person": {"counsellor", "manager"},
    "people.edit_person": {"counsellor"},
    "cases.view_case": {"counsellor", "manager"},
    "cases.work_case": {"counsellor"},
    "cases.override_consent": {"manager"},
    "cases.refer_resident": {"staff", "counsellor"},
    "cases.view_referral_status": {"staff", "counsellor"},
    "cases.reopen_case": {"counsellor", "manager"},
    "cases.import_register": {"admin"},
    "cases.register_extract": {"manager"},
    "cases.erase_person": {"manager"},
    "cases.place_legal_hold": {"manager"},
    "people.grant_identity_access": {"manager"},
}


def test_every_action_is_in_the_expected_matrix():
    assert set(grants()) == set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_role_holds_action_in_own_unit_only(make_user, unit, other_unit, role, action):
    user = make_user(f"user-{role}", role, unit)
    expected = role.value in EXPECTED[action]
    assert has_permission(user, action, unit) is expected
    assert has_permission(user, action, other_unit) is False
    assert has_permission(user, action) is expected
    assert units_where(user, action) == ([unit.pk] if expected else [])


@pytest.mark.django_db
def test_unknown_action_is_denied_even_to_every_role(make_user, unit):
    user = make_user("many", Role.ADMIN, unit)
    assert has_permission(user, "core.view_audit_logs") is False  # a typo denies
    with pytest.raises(ValueError, match="Unknown permission"):
        requires("core.no_such_action")


@pytest.mark.django_db
def test_user_without_membership_or_inactive_holds_nothing(make_user, unit):
    loner = make_user("loner")
    former = make_user("former", Role.AUDITOR, unit)
    former.is_active = False
    assert not any(has_permission(loner, action) for action in EXPECTED)
    assert not any(has_permission(former, action) for action in EXPECTED)


@pytest.mark.django_db
def test_inactive_unit_gives_nothing(make_user, unit):
    user = make_user("auditor", Role.AUDITOR, unit)
    unit.is_active = False
    unit.save()
    assert has_permission(user, "core.view_audit_log") is False


def walk(patterns, namespaces=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, (*namespaces, entry.namespace) if entry.namespace else namespaces)
        elif isinstance(entry, URLPattern):
            yield entry, namespaces


def test_every_route_has_a_rule_or_is_delegated_to_an_enforcing_framework():
    unruled = [
        str(pattern.pattern)
        for pattern, namespaces in walk(get_resolver().url_patterns)
        if rule_of(pattern.callback) is None and not is_delegated(namespaces)
    ]
    assert unruled == []


# (url, roles that get 200); everyone else signed in gets 403, anonymous is sent to the login page.
PAGES = [
    ("/start/", {"counsellor", "staff", "manager", "admin", "auditor"}),
    ("/password/", {"counsellor", "staff", "manager", "admin", "auditor"}),
    ("/audit/", {"auditor"}),
    ("/audit/export.csv", {"auditor"}),
    ("/access-log/", {"auditor"}),
    ("/access-log/export.csv", {"auditor"}),
    ("/admin/", {"admin"}),
    ("/admin/core/user/", {"admin"}),
    ("/guidance/", {"staff", "counsellor", "manager", "admin"}),
    ("/content/", {"admin"}),
    ("/refer/", {"staff", "counsellor"}),
    ("/refer/mine/", {"staff", "counsellor"}),
    ("/cases/import/", {"admin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("url", "allowed"), PAGES)
def test_page_matrix(client, login, make_user, unit, role, url, allowed):
    login(make_user(f"u-{role}", role, unit))
    response = client.get(url)
    assert response.status_code == (200 if role.value in allowed else 403)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "allowed"), PAGES)
def test_anonymous_is_sent_to_login(client, url, allowed):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_member_of_another_unit_only_is_refused(client, make_user, other_unit):
    client.force_login(make_user("elsewhere", Role.COUNSELLOR, other_unit),
                       backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/audit/").status_code == 403


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_without_rules")
def test_page_without_a_rule_is_refused_even_for_an_admin(client, login, make_user, unit):
    login(make_user("boss", Role.ADMIN, unit))
    assert client.get("/ruled/").status_code == 200
    response = client.get("/forgotten/")
    assert response.status_code == 403
    assert b"forgotten page" not in response.content


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls_without_rules")
def test_api_route_without_a_rule_is_refused_even_for_an_admin(client, login, make_user, unit):
    login(make_user("boss", Role.ADMIN, unit))
    assert client.get("/api-test/ruled").status_code == 200
    response = client.get("/api-test/forgotten", headers={"Accept-Language": "en"})
    assert response.status_code == 403
    assert response.json() == {"detail": "This route has no permission rule."}


def test_plain_router_cannot_be_mounted():
    from ninja import Router

    from tests.core.urls_without_rules import test_api

    with pytest.raises(TypeError, match="HemvagRouter"):
        test_api.add_router("/plain", Router())


@pytest.mark.django_db
def test_a_request_reads_the_memberships_once_and_sees_a_change_made_in_it(make_user, unit, other_unit,
                                                                        django_assert_num_queries):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from hemvag.core.actions import do_remove_membership, do_set_membership
    from hemvag.core.models import Membership
    from hemvag.core.permissions import SYSTEM, MembershipsPerRequestMiddleware

    user = make_user("kim", Role.COUNSELLOR, unit)
    seen: dict[str, object] = {}

    def view(request):
        with django_assert_num_queries(1):  # one read, however often the page asks
            seen["asked"] = [has_permission(user, "cases.work_case", unit) for _ in range(12)]
            seen["units"] = units_where(user, "cases.view_case")
        do_set_membership(actor=SYSTEM, user=user, unit=other_unit, role=Role.MANAGER)
        seen["after_set"] = units_where(user, "cases.view_case")
        do_remove_membership(actor=SYSTEM, membership=Membership.objects.get(user=user, unit=unit))
        seen["after_removal"] = has_permission(user, "cases.work_case", unit)
        return HttpResponse()

    MembershipsPerRequestMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"asked": [True] * 12, "units": [unit.pk], "after_set": sorted([unit.pk, other_unit.pk]),
                    "after_removal": False}
    # Outside a request nothing is kept: each question reads the database again.
    with django_assert_num_queries(2):
        assert has_permission(user, "cases.view_case", other_unit) and not has_permission(user, "cases.view_case", unit)
