"""What a case document may be: PDF, JPEG or PNG, checked from the content (not the name), and not too big."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def checked_content_type(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB. Scan at a lower resolution or split it.")})
    if not data:
        raise ValidationError({"file": _("The file is empty. Choose the file again.")})
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    raise ValidationError({"file": _("Only PDF, JPEG and PNG files can be uploaded. Save the file in one of these.")})


def download_name(original_name: str, content_type: str) -> str:
    """The name a download is saved under: the uploader's name with the extension of the type found in the content
    (`invoice.html` that is a PDF downloads as `invoice.pdf`, never as something a browser would open as a page)."""
    base = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    stem = "".join(character for character in stem if character.isprintable()).strip(" .")
    return (stem or "document") + EXTENSIONS[content_type]
