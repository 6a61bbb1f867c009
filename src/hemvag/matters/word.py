"""The matter's documents as a Word file (python-docx): the same sections as the PDF, headings in Word's heading
styles, the proposal's points and the attachments as numbered lists, the municipality, the unit and the diary
number in the section header.

Built on the unit's own template when HEMVAG_MATTERS_DOCX_TEMPLATE names one (its styles, page set-up and header,
e.g. a logo, are kept; its body text is removed), else on python-docx's default document with our styles."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from hemvag.matters.documents import ExportError, MatterExport, Statement

LANGUAGE = "sv-SE"
FONT = "Arial"


def _template() -> Any:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    path = (getattr(settings, "MATTERS_DOCX_TEMPLATE", "") or "").strip()
    if not path:
        document = Document()
        _style(document)
        return document
    try:
        document = Document(path)
    except (OSError, PackageNotFoundError, KeyError, ValueError) as error:
        raise ExportError(_("The Word template %(path)s (HEMVAG_MATTERS_DOCX_TEMPLATE) cannot be read: %(error)s. "
                            "Give the path of a .docx file, or unset the variable for the default layout.")
                          % {"path": path, "error": error}) from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


def _style(document: Any) -> None:
    """Our layout on the default document: Arial, black headings, Swedish as the proofing language."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    for name, size in (("Title", 18), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _has_style(document: Any, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def _heading(document: Any, text: str, level: int) -> None:
    if _has_style(document, f"Heading {level}"):
        document.add_heading(text, level=level)
    else:
        document.add_paragraph().add_run(text).bold = True


def _numbered(document: Any, items: list[str]) -> None:
    """A numbered list in Word's List Number style, numbered from 1 again (a fresh numbering instance); plain
    "1. …" paragraphs when the template has no such style."""
    from docx.oxml.ns import qn

    if not items:
        return
    style_numbering = None
    if _has_style(document, "List Number"):
        ppr = document.styles["List Number"].element.pPr
        style_numbering = ppr.numPr if ppr is not None else None
    if style_numbering is None or style_numbering.numId is None:
        for number, item in enumerate(items, start=1):
            document.add_paragraph(f"{number}. {item}")
        return
    numbering = document.part.numbering_part.element
    base = next((num for num in numbering.num_lst if num.numId == style_numbering.numId.val), None)
    if base is None:
        for number, item in enumerate(items, start=1):
            document.add_paragraph(f"{number}. {item}")
        return
    fresh = numbering.add_num(base.abstractNumId.val)
    override = fresh.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    for item in items:
        paragraph = document.add_paragraph(item, style="List Number")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().set(qn("w:val"), "0")
        num_pr.get_or_add_numId().set(qn("w:val"), str(fresh.numId))


def _paragraphs(document: Any, texts: list[str]) -> None:
    for text in texts:
        document.add_paragraph(text)  # a line break inside a paragraph becomes Word's line break


def _header(document: Any, doc: MatterExport) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT

    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    header = section.header
    header.is_linked_to_previous = False
    first = header.paragraphs[0] if header.paragraphs and not header.paragraphs[0].text.strip() else None
    lines = [(doc.header.municipality, doc.header.diary_line), (doc.header.unit, "UTKAST" if doc.draft else "")]
    for index, (left, right) in enumerate(lines):
        paragraph = first if index == 0 and first is not None else header.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        run = paragraph.add_run(left)
        run.bold = index == 0
        if right:
            marker = paragraph.add_run(f"\t{right}")
            marker.bold = right == "UTKAST"


def _statement(document: Any, doc: MatterExport, st: Statement) -> None:
    kind = f"Utkast till {st.document_type.lower()}" if doc.draft else st.document_type
    document.add_paragraph(kind if st.approved else f"{kind}, version {st.version}")
    if _has_style(document, "Title"):
        document.add_paragraph(st.title, style="Title")
    else:
        _heading(document, st.title, 1)
    for line in (st.motion, st.subtitle):
        if line:
            document.add_paragraph(line)
    if doc.handler:
        document.add_paragraph(f"Handläggare: {doc.handler}")
    if doc.decision is not None:
        paragraph = f", {doc.decision.paragraph}" if doc.decision.paragraph else ""
        document.add_paragraph(f"Till: {doc.decision.meeting} {doc.decision.decided}{paragraph}")
    if st.proposal:
        _heading(document, st.proposal_heading, 1)
        _numbered(document, st.proposal)
    for section in st.sections:
        _heading(document, section.heading, 1)
        _paragraphs(document, section.paragraphs)
    if st.signatures:
        document.add_paragraph()
        columns = 2 if len(st.signatures) > 1 else 1
        rows = (len(st.signatures) + columns - 1) // columns
        table = document.add_table(rows=rows, cols=columns)
        for index, signature in enumerate(st.signatures):
            cell = table.cell(index // columns, index % columns)
            lines = [line for line in (signature.name, signature.title, signature.organisation) if line]
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    if st.attachments:
        _heading(document, st.attachments_heading, 1)
        _numbered(document, st.attachments)


def _compilation(document: Any, doc: MatterExport) -> None:
    from docx.enum.text import WD_BREAK

    c = doc.compilation
    assert c is not None
    if doc.statement is not None:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if _has_style(document, "Title"):
        document.add_paragraph(c.title, style="Title")
    else:
        _heading(document, c.title, 1)
    if c.matter_text:
        _heading(document, "Ärendet", 1)
        _paragraphs(document, c.matter_text)
    _heading(document, "Beredning", 1)
    document.add_paragraph(c.preparation)
    if c.positions:
        rows = [(p.label, str(p.count), ", ".join(p.bodies)) for p in c.positions]
        if c.unanswered:
            rows.append(("Har inte svarat", str(len(c.unanswered)), ", ".join(c.unanswered)))
        table = document.add_table(rows=1, cols=3)
        if _has_style(document, "Table Grid"):
            table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Ställningstagande", "Antal", "Remissinstanser"), strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    for body in c.bodies:
        _heading(document, body.name, 2)
        for sentence in (body.decision_sentence, body.statement_sentence):
            if sentence:
                document.add_paragraph(sentence)
        _paragraphs(document, body.wording or ["Svar har inte kommit in."])


def _facts(document: Any, doc: MatterExport) -> None:
    st = doc.statement
    if st is None or not st.facts:
        return
    _heading(document, "Faktauppgifter", 1)
    for fact in st.facts:
        document.add_paragraph(f"{fact.number}. {fact.text}")
        document.add_paragraph(f"Definition: {fact.definition}")
        when = "Beräknad" if fact.frozen else "Senast beräknad"
        document.add_paragraph(f"{when} {fact.computed}" + (" (låst när utlåtandet godkändes)" if fact.frozen else ""))


def document_docx(doc: MatterExport) -> bytes:
    document = _template()
    properties = document.core_properties
    properties.title, properties.language = doc.title, LANGUAGE
    properties.subject = doc.header.diary_line
    properties.author = f"{doc.header.municipality}, {doc.header.unit}"
    properties.keywords = "UTKAST" if doc.draft else ""
    _header(document, doc)
    if doc.statement is not None:
        _statement(document, doc, doc.statement)
    if doc.compilation is not None:
        _compilation(document, doc)
    _facts(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

