"""The annual report as a PDF: WeasyPrint over the same template as the page, with the print stylesheet. Tagged
PDF/UA-1 (headings, tables and figures with their alternative text reach a screen reader), fonts embedded (the
stylesheet names Noto Sans and Noto Sans Arabic before DejaVu, so Arabic names shape and run right to left),
the document language and title set."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from hemvag.reports.annual import Report

CSS_FILE = Path(__file__).parent / "static" / "reports" / "annual.css"


@cache
def _css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")  # a packaged file: the same for every process


def report_html(report: Report) -> str:
    with translation.override(report.language):
        return render_to_string("reports/annual/document.html", {"report": report, "css": _css()})


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # loads pango and the fonts: only when a PDF is made

    document = HTML(string=report_html(report), base_url=str(CSS_FILE.parent))
    return document.write_pdf(pdf_variant="pdf/ua-1")
