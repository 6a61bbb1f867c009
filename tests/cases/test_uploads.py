"""Uploads: refused by Content-Length before the body is read, streamed to a temporary file, and never kept
beyond the document limit — the same on the case page and the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory
from django.test.client import encode_multipart

from hemvag.cases.documents import MAX_BYTES
from hemvag.cases.models import Document
from hemvag.core.actions import do_create_api_token
from hemvag.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

BOUNDARY = "BoUnDaRy"
HUGE = str(300 * 1024 * 1024)  # what the attacker's Content-Length says
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def small_body() -> bytes:
    return encode_multipart(BOUNDARY, {"description": "Pass",
                                       "file": SimpleUploadedFile("pass.pdf", b"%PDF-1.4 tiny")})


def test_the_case_page_refuses_a_huge_upload_by_its_content_length_without_reading_it(client, login, counsellor,
                                                                                     case):
    login(counsellor)
    # The body is small; reading past it would fail the test client. The refusal must come from the header.
    response = client.post(f"/cases/{case.pk}/document/", small_body(), content_type=MULTIPART,
                           CONTENT_LENGTH=HUGE)
    assert response.status_code == 413
    assert "10 MB" in response.content.decode() and "text/html" in response["Content-Type"]
    assert not Document.objects.exists()


def test_the_api_refuses_a_huge_upload_the_same_way_in_its_error_shape(client, counsellor, case):
    _token, secret = do_create_api_token(actor=SYSTEM, user=counsellor, name="t")
    response = client.post(f"/api/v1/cases/{case.pk}/documents", small_body(), content_type=MULTIPART,
                           CONTENT_LENGTH=HUGE, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 413 and "10 MB" in response.json()["detail"]
    assert not Document.objects.exists()


def test_an_upload_streams_to_a_temporary_file_and_keeps_at_most_one_byte_past_the_limit():
    too_big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (MAX_BYTES + 50_000))
    request = RequestFactory().post("/", encode_multipart(BOUNDARY, {"file": too_big}), content_type=MULTIPART)
    uploaded = request.FILES["file"]
    assert isinstance(uploaded, TemporaryUploadedFile)  # on disk, not in the worker's memory
    assert uploaded.size == MAX_BYTES + 1 and len(uploaded.read()) == MAX_BYTES + 1


def test_a_file_just_over_the_limit_gets_the_documents_own_message_on_the_page(client, login, counsellor, case):
    login(counsellor)
    data = {"description": "Pass", "file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_BYTES)}
    response = client.post(f"/cases/{case.pk}/document/", data)
    assert response.status_code == 422
    assert "10 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_at_the_limit_is_kept_whole(client, login, counsellor, case):
    login(counsellor)
    data = b"%PDF-" + b"0" * (MAX_BYTES - 5)
    response = client.post(f"/cases/{case.pk}/document/",
                           {"description": "Pass", "file": SimpleUploadedFile("pass.pdf", data)})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.size == MAX_BYTES and document.file.read() == data
