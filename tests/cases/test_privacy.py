"""Who sees which case, protected identities masked everywhere but for the assigned counsellor, and every look
at a case access-logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from hemvag.cases import actions, queries
from hemvag.core.models import AccessLog, Role
from hemvag.people.actions import do_create_household, do_create_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected_case(counsellor, unit):
    person = do_create_person(actor=counsellor, unit=unit, first_name="Hemlig", last_name="Skyddadsson",
                              identity_number="19811228-9874", protected_identity=True, phone="070-111 11 11")
    household = do_create_household(actor=counsellor, unit=unit, main_person=person)
    return actions.do_open_case(actor=counsellor, unit=unit, household=household)


@pytest.fixture
def colleague(make_user, unit):
    return make_user("karin", Role.COUNSELLOR, unit)


def test_nobody_sees_another_units_cases(case, make_user, other_unit):
    for role in (Role.COUNSELLOR, Role.MANAGER, Role.STAFF, Role.ADMIN, Role.AUDITOR):
        outsider = make_user(f"out-{role}", role, other_unit)
        assert not queries.visible_cases(outsider).exists()


def test_staff_admin_and_auditor_see_no_cases_even_in_their_own_unit(case, make_user, unit):
    for role in (Role.STAFF, Role.ADMIN, Role.AUDITOR):
        assert not queries.visible_cases(make_user(f"in-{role}", role, unit)).exists()


def test_protected_identity_shown_only_to_the_assigned_counsellor(protected_case, counsellor, colleague, manager):
    listed = {user.username: queries.main_person_view(user, protected_case)
              for user in (counsellor, colleague, manager)}
    assert listed["sara"].name == "Hemlig Skyddadsson" and listed["sara"].phone == "070-111 11 11"
    for other in ("karin", "eva"):
        view = listed[other]
        assert view.masked and "Hemlig" not in view.name and view.identity_number == "••••"
        assert view.phone == "••••" and view.birth_date is None


@pytest.mark.parametrize("broad", [False, True], ids=["few persons match", "many persons match"])
@pytest.mark.parametrize("text", ["Hemlig", "Skyddadsson", "19811228-9874", "8112289874"])
def test_search_never_reveals_a_protected_person_to_others(protected_case, counsellor, colleague, manager, text,
                                                           broad, monkeypatch):
    if broad:  # the other path of the search: each case tested for a matching person
        monkeypatch.setattr(queries, "SEARCH_BY_ID", 0)
    search = queries.CaseFilter(text=text)
    assert list(queries.case_list(counsellor, search)) == [protected_case]
    assert list(queries.case_list(colleague, search)) == []
    assert list(queries.case_list(manager, search)) == []


def test_search_by_reference_finds_the_case_for_everyone_in_the_unit(protected_case, colleague):
    assert list(queries.case_list(colleague, queries.CaseFilter(text=protected_case.reference))) == [protected_case]


def test_search_by_identity_number_in_any_format(case, counsellor, unit):
    person = do_create_person(actor=counsellor, unit=unit, first_name="X", identity_number="811228-9874")
    household = do_create_household(actor=counsellor, unit=unit, main_person=person)
    found = actions.do_open_case(actor=counsellor, unit=unit, household=household)
    for text in ("19811228-9874", "198112289874", "811228-9874"):
        assert list(queries.case_list(counsellor, queries.CaseFilter(text=text))) == [found]


def test_reading_a_case_logs_one_row_per_person(case, counsellor):
    queries.case_for_reading(counsellor, case.pk, reason="samtal")
    rows = AccessLog.objects.filter(object_type="case", object_id=str(case.pk))
    assert rows.count() == 3
    assert set(rows.values_list("person_id", flat=True)) == {
        str(pid) for pid in case.household.members.values_list("person_id", flat=True)}
    assert set(rows.values_list("actor__username", "purpose", "reason")) == {("sara", "view", "samtal")}


def test_reading_another_units_case_is_404_and_logs_nothing(case, make_user, other_unit):
    from django.http import Http404

    with pytest.raises(Http404):
        queries.case_for_reading(make_user("out", Role.COUNSELLOR, other_unit), case.pk)
    assert not AccessLog.objects.exists()


def test_register_extract_lists_who_looked(case, counsellor, manager, capsys):
    queries.case_for_reading(counsellor, case.pk)
    queries.case_for_reading(manager, case.pk, reason="uppföljning")
    person_id = case.household.members.get(relation="main_applicant").person_id
    call_command("access-log", "--person", str(person_id), "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "time,user,name,unit,purpose,record,reason"
    assert [line.split(",")[1] for line in lines[1:]] == ["sara", "eva"]
    assert lines[2].endswith("uppföljning")


def test_overdue_filter_and_start_page(case, counsellor):
    today = dt.date.today()
    actions.do_add_task(actor=counsellor, case=case, kind="passport", title="Pass", owner=counsellor,
                        due_on=today - dt.timedelta(days=3), as_of=today - dt.timedelta(days=10))
    assert list(queries.case_list(counsellor, queries.CaseFilter(overdue=True))) == [case]
    panel = queries.start_page(counsellor)
    assert [task.title for task in panel.overdue_tasks] == ["Pass"]
    assert case in panel.new_inquiries


def test_staff_see_only_the_status_of_their_referrals(unit, make_user, counsellor):
    staff = make_user("omar", Role.STAFF, unit)
    referred = actions.do_create_inquiry(actor=staff, unit=unit, channel="staff_referral", name="N N", contact="x",
                                         language="", interpreter_needed=False, message="hemligt",
                                         consent_text="ja")
    assert [(r.reference, r.status) for r in queries.referrals_by(staff)] == [(referred.reference, "received")]
    actions.do_transition(actor=counsellor, case=referred, target="counselling")
    assert queries.referrals_by(staff)[0].get_status_display() == "Contacted"  # the tests read English
    assert not queries.visible_cases(staff).exists()


@pytest.mark.parametrize("text", ["0", "0000", "1"])
def test_a_number_matches_only_the_reference_it_names(counsellor, case, text):
    found = list(queries.case_list(counsellor, queries.CaseFilter(text=text)))
    assert found == ([case] if text == "1" else [])
