"""Contact request: one inquiry per request, with consent; honeypot, rate limit and size limits refuse abuse."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from hemvag.cases.models import Case
from hemvag.core.models import AuditEvent
from hemvag.core.permissions import SYSTEM
from hemvag.public.forms import CONSENT_TEXT, MESSAGE_MAX
from hemvag.public.views import CONTACT_LIMIT, CONTACT_WINDOW


@pytest.fixture(autouse=True)
def fresh_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


def request_data(target, **changes):
    data = {"unit": target.pk, "name": "Amal", "contact": "070-000 00 00, förmiddag", "language": "ar",
            "interpreter_needed": "yes", "message": "Jag vill veta mer.", "consent": "on", "website": ""}
    return {**data, **changes}


def test_form_shows_consent_text_and_the_unit(client, unit):
    page = client.get("/sv/contact/").content.decode()
    assert "Jag godkänner att staden sparar min förfrågan" in page
    assert unit.name in page and 'name="website"' in page and 'tabindex="-1"' in page


def test_request_creates_exactly_one_inquiry_and_shows_its_reference(client, unit):
    response = client.post("/sv/contact/", request_data(unit))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.reference in response.content.decode()
    assert case.unit == unit and case.channel == "contact_request" and case.referred_by is None
    assert case.inquiry_message == "Jag vill veta mer."
    assert case.inquiry_consent_text == str(CONSENT_TEXT)
    assert AuditEvent.objects.filter(verb="case.inquiry_received").count() == 1
    assert set(response.cookies) <= {"csrftoken"}


def test_missing_consent_or_fields_are_explained_and_nothing_is_saved(client, unit):
    response = client.post("/sv/contact/", request_data(unit, consent="", name="", message="x" * (MESSAGE_MAX + 1)))
    page = response.content.decode()
    assert response.status_code == 400 and Case.objects.count() == 0
    assert 'class="error-summary"' in page
    assert "Kryssa i rutan för att godkänna" in page and "Skriv ett namn som vi kan kalla dig." in page
    assert f"Skriv högst {MESSAGE_MAX} tecken." in page
    assert 'value="070-000 00 00, förmiddag"' in page  # what was typed is kept


def test_honeypot_is_answered_politely_and_stores_nothing(client, unit):
    response = client.post("/sv/contact/", request_data(unit, website="http://spam.example"))
    assert response.status_code == 200
    assert Case.objects.count() == 0 and f"{unit.reference_prefix}-" not in response.content.decode()


def test_rate_limit_refuses_the_client_after_the_limit(client, unit, ratelimit_clock):
    for _request in range(CONTACT_LIMIT):
        assert client.post("/sv/contact/", request_data(unit)).status_code == 200
    response = client.post("/sv/contact/", request_data(unit))
    assert response.status_code == 429
    assert "För många förfrågningar" in response.content.decode()
    assert Case.objects.count() == CONTACT_LIMIT
    ratelimit_clock.advance(CONTACT_WINDOW)  # an hour later the client is heard again
    assert client.post("/sv/contact/", request_data(unit)).status_code == 200
    assert Case.objects.count() == CONTACT_LIMIT + 1


def test_another_unit_than_those_taking_inquiries_is_refused(client, unit, municipality):
    from hemvag.core.actions import do_create_unit
    from hemvag.core.models import UnitKind

    social = do_create_unit(actor=SYSTEM, municipality=municipality, name="Soc", kind=UnitKind.SOCIAL_SERVICES,
                            code="t-soc")
    response = client.post("/sv/contact/", request_data(unit, unit=social.pk))
    assert response.status_code == 400 and Case.objects.count() == 0


def test_an_invalid_field_is_marked_for_assistive_technology(client, unit):
    page = client.post("/sv/contact/", request_data(unit, contact="")).content.decode()
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_contact_helptext id_contact_error"' in page and 'id="id_contact_error"' in page
