"""Downloads and other answers with personal data: named from the detected type, and never kept in a cache."""

from __future__ import annotations

import json

import pytest

from hemvag.cases import actions
from hemvag.cases.documents import download_name
from hemvag.core.actions import do_create_api_token
from hemvag.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%synthetic test document\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def document(counsellor, case):
    return actions.do_upload_document(actor=counsellor, case=case, name="invoice.html", data=PDF,
                                      description="Faktura")


def bearer(user):
    _token, secret = do_create_api_token(actor=SYSTEM, user=user, name="tests")
    return {"Authorization": f"Bearer {secret}"}


def test_a_download_is_named_from_the_type_found_in_the_content_on_the_page_and_the_api(
        client, login, counsellor, case, document):
    api = client.get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/file", headers=bearer(counsellor))
    login(counsellor)
    page = client.get(f"/cases/documents/{document.pk}/")
    for response in (page, api):
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="invoice.pdf"'


@pytest.mark.parametrize(("name", "content_type", "expected"), [
    ("invoice.html", "application/pdf", "invoice.pdf"),
    ("scan", "image/png", "scan.png"),
    ("foto.JPG.exe", "image/jpeg", "foto.JPG.jpg"),
    ("..\\..\\windows\\evil.svg", "image/png", "evil.png"),
    ("../.htaccess", "application/pdf", "htaccess.pdf"),
    ("", "application/pdf", "document.pdf"),
    ("a\r\nSet-Cookie: x.pdf", "application/pdf", "aSet-Cookie: x.pdf"),
])
def test_download_name(name, content_type, expected):
    assert download_name(name, content_type) == expected


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_answer_with_personal_data_is_marked_no_store(client, login, counsellor, case, document):
    token = bearer(counsellor)
    for url in ("/api/v1/me", f"/api/v1/cases/{case.pk}", f"/api/v1/cases/{case.pk}/documents/{document.pk}/file"):
        response = client.get(url, headers=token)
        assert response.status_code == 200 and no_store(response), url
    # The anonymous self-check's answer describes a household: not for a shared cache either.
    anonymous = client.post("/api/v1/eligibility", json.dumps({"members": []}), content_type="application/json")
    assert no_store(anonymous)
    login(counsellor)
    for url in ("/start/", "/cases/", f"/cases/{case.pk}/", "/cases/export.csv", f"/cases/documents/{document.pk}/"):
        response = client.get(url)
        assert response.status_code == 200 and no_store(response), url
        assert "private" in response["Cache-Control"]


def test_a_public_page_for_nobody_in_particular_is_not_marked(client):
    response = client.get("/sv/")
    assert response.status_code == 200 and not no_store(response)
