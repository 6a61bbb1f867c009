"""Exporting a matter: its documents (documents.build) rendered as PDF, Word or JSON, and the export audited.
The command line and the pages both come through here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from hemvag.matters import actions, documents
from hemvag.matters.models import Matter

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}


class UnknownFormat(documents.ExportError):
    """The format asked for is not one of FORMATS."""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    content_type: str
    filename: str
    file_format: str
    document: str  # what was exported, for the audit: "statement+compilation, draft"


def check_format(file_format: str) -> str:
    if file_format not in FORMATS:
        raise UnknownFormat(_("'%(format)s' is not an export format; choose one of %(formats)s.")
                            % {"format": file_format, "formats": ", ".join(FORMATS)})
    return file_format


def _filename(matter: Matter, doc: documents.MatterExport, file_format: str) -> str:
    name = {"statement": "utlatande", "compilation": "remissammanstallning"}.get(doc.document, "utlatande-och-"
                                                                                 "remissammanstallning")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", matter.reference).strip("-").lower()
    return f"{stem}-{'utkast-' if doc.draft else ''}{name}.{file_format}"


def render(matter: Matter, file_format: str, *, draft: bool = False) -> Rendered:
    """The document as bytes (nothing written, nothing audited). Raises documents.ExportError (DraftNotFinal,
    NothingToExport, UnknownFormat) with a message that says what to do."""
    check_format(file_format)
    doc = documents.build(matter, draft=draft)
    if file_format == "pdf":
        from hemvag.matters.pdf import document_pdf

        data = document_pdf(doc)
    elif file_format == "docx":
        from hemvag.matters.word import document_docx

        data = document_docx(doc)
    else:
        data = (json.dumps(doc.as_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    described = f"{doc.document}, draft" if doc.draft else doc.document
    return Rendered(data=data, content_type=FORMATS[file_format], filename=_filename(matter, doc, file_format),
                    file_format=file_format, document=described)


def record(actor: Any, matter: Matter, rendered: Rendered) -> None:
    actions.do_record_export(actor=actor, matter=matter, file_format=rendered.file_format,
                             document=rendered.document)


def export(actor: Any, matter: Matter, file_format: str, *, draft: bool = False) -> Rendered:
    """render() and the audit event, for a page's download."""
    rendered = render(matter, file_format, draft=draft)
    record(actor, matter, rendered)
    return rendered
