"""The matter's documents as a PDF: WeasyPrint over matters/export/document.html. Tagged PDF/UA-1 (headings, lists
and the positions table reach a screen reader), fonts embedded, language sv and the document title set; the
municipality, the unit and the diary number on every page, page numbers, and UTKAST on every page of a draft."""

from __future__ import annotations

from django.template.loader import render_to_string

from hemvag.matters.documents import MatterExport


def document_html(doc: MatterExport) -> str:
    return render_to_string("matters/export/document.html", {"doc": doc})


def document_pdf(doc: MatterExport) -> bytes:
    from weasyprint import HTML  # loads pango and the fonts: only when a PDF is made

    return HTML(string=document_html(doc)).write_pdf(pdf_variant="pdf/ua-1")
