"""The matter's documents as a plain structure, the same for the PDF, the Word file and JSON.

The **statement** (tjänsteutlåtande, or utlåtande on a motion) in the seeds' order of sections, from the approved
version when there is one, else the latest; the facts put in with `facts.fill` and listed in an appendix with
what they count and when they were computed. The **remissammanställning** (seed 001): the matter, the bodies it
was sent to, each body's decision and the wording of its officials' statement, and the positions counted.

The documents are Swedish municipal documents: their texts are Swedish here, not translated messages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hemvag.matters import facts as live_facts
from hemvag.matters.models import ConsultedBody, Kind, Matter, Position, StatementVersion, Status

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
FINAL_STATUSES = frozenset({Status.APPROVED, Status.DECIDED, Status.SENT, Status.CLOSED})
REMISS_KINDS = frozenset({Kind.MOTION_REMISS, Kind.EXTERNAL_REMISS})
# The positions in the document's Swedish, in the order the summary lists them.
POSITION_WORDS = {
    Position.SUPPORTS: "Tillstyrker",
    Position.PARTLY: "Tillstyrker delvis",
    Position.NO_OBJECTION: "Har inget att erinra",
    Position.NO_POSITION: "Tar inte ställning",
    Position.OPPOSES: "Avstyrker",
}
HEADINGS = {
    "summary": "Sammanfattning",
    "background": "Bakgrund",
    "matter_text": "Ärendet",
    "preparation": "Ärendets beredning",
    "views": "Förvaltningens synpunkter och förslag",
}
PROPOSAL_HEADING = "Förvaltningens förslag till beslut"
COMPILATION_TITLE = "Remissammanställning"


class ExportError(Exception):
    """The matter cannot be exported as asked; the message says what to do instead."""


class DraftNotFinal(ExportError):
    """A statement that is not approved was asked for as a final document."""


class NothingToExport(ExportError):
    """The matter has neither a statement nor collected answers."""


# --- Swedish forms ---

def swedish_date(day: dt.date) -> str:
    """6 maj 2024 (written out, whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def swedish_datetime(text: str) -> str:
    """An ISO time as "6 maj 2024 kl. 10.15" (the text itself when it is not one)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return text or ""
    return f"{swedish_date(moment.date())} kl. {moment:%H.%M}"


def genitive(name: str) -> str:
    """Stadsledningskontoret → Stadsledningskontorets; a name ending in s, x or z takes no further s."""
    name = name.strip()
    if not name or name[-1].lower() in "sxz":
        return name
    return f"{name}s"


def join_och(names: list[str]) -> str:
    """A, B, C och D."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} och {names[-1]}"


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split at blank lines); a single line break inside one stays."""
    return [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]


def authors_line(matter: Matter) -> str:
    """Motion (2017:40) av Per Ossmer och Martin Westmont (båda SD)."""
    authors = [a for a in matter.authors if isinstance(a, dict) and a.get("name", "").strip()]
    parties = {a.get("party", "").strip() for a in authors}
    if authors and len(parties) == 1 and "" not in parties:
        (party,) = parties
        names = join_och([a["name"].strip() for a in authors])
        together = {1: "", 2: "båda "}.get(len(authors), "alla ")
        who = f"{names} ({together}{party})"
    else:
        who = join_och([f"{a['name'].strip()} ({a['party'].strip()})" if a.get("party", "").strip()
                        else a["name"].strip() for a in authors])
    motion = f"Motion ({matter.motion_number})" if matter.motion_number else "Motion"
    return f"{motion} av {who}" if who else motion


# --- the structure ---

@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Signature:
    name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class FactNote:
    number: int
    text: str
    definition: str
    computed_at: str  # ISO, as computed
    computed: str  # the same in Swedish
    frozen: bool


@dataclass(frozen=True)
class Statement:
    document_type: str  # Tjänsteutlåtande or Utlåtande
    title: str
    subtitle: str  # Svar på remiss från Kommunstyrelsen, Dnr KS 2023/1387
    motion: str  # Motion (2017:40) av … (båda SD), on a motion
    version: int
    approved: bool
    proposal_heading: str
    proposal: list[str]
    sections: list[Section]
    signatures: list[Signature]
    attachments_heading: str
    attachments: list[str]
    facts: list[FactNote]


@dataclass(frozen=True)
class BodyAnswer:
    name: str
    position: str  # a Position value, or "" when the body has not answered
    position_text: str
    decision_sentence: str  # "X beslutade vid sitt sammanträde den … att …." or ""
    statement_sentence: str  # "Xs tjänsteutlåtande daterat den … har i huvudsak följande lydelse." or ""
    wording: list[str]


@dataclass(frozen=True)
class PositionCount:
    position: str
    label: str
    count: int
    bodies: list[str]


@dataclass(frozen=True)
class Compilation:
    title: str
    matter_text: list[str]
    preparation: str  # Ärendet har remitterats till A, B och C.
    bodies: list[BodyAnswer]
    positions: list[PositionCount]
    unanswered: list[str]


@dataclass(frozen=True)
class Header:
    municipality: str
    unit: str
    reference: str  # ours
    sender_reference: str
    diary_line: str  # what every page says: Dnr KS 2023/1387 · Vår beteckning STH-FA-2023-0001


@dataclass(frozen=True)
class Decision:
    decided_on: str
    decided: str  # den 16 april 2024
    meeting: str
    paragraph: str
    text: str


@dataclass(frozen=True)
class MatterExport:
    """Everything one export shows: the statement, the remissammanställning, or both (statement first)."""

    title: str  # the document title, for the metadata and the first page
    matter_title: str
    kind: str
    status: str
    draft: bool
    header: Header
    handler: str
    decision: Decision | None
    statement: Statement | None
    compilation: Compilation | None
    document: str = field(default="")  # statement, compilation or statement+compilation (for the audit)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def is_final(matter: Matter) -> bool:
    return matter.status in FINAL_STATUSES


def statement_version(matter: Matter) -> StatementVersion | None:
    """The approved version once there is one, else the latest draft."""
    if matter.approved_version_id is not None:
        return matter.approved_version
    return matter.versions.order_by("-number").first()


def _subtitle(matter: Matter) -> str:
    """Svar på remiss från Kommunstyrelsen, Dnr KS 2023/1387; on a motion or anything else only its diary number
    (the motion's own line names its authors)."""
    sender, reference = matter.sender.strip(), matter.sender_reference.strip()
    if matter.kind not in REMISS_KINDS:
        return f"Dnr {reference}" if reference else ""
    text = f"Svar på remiss från {sender}" if sender else "Svar på remiss"
    return f"{text}, Dnr {reference}" if reference else text


def _fact_notes(version: StatementVersion) -> list[FactNote]:
    return [FactNote(number=index, text=str(fact.get("text", "")), definition=str(fact.get("definition", "")),
                     computed_at=str(fact.get("computed_at", "")),
                     computed=swedish_datetime(str(fact.get("computed_at", ""))), frozen=version.facts_frozen)
            for index, fact in enumerate(version.facts, start=1)]


def build_statement(matter: Matter, version: StatementVersion) -> Statement:
    def filled(text: str) -> list[str]:
        return paragraphs(live_facts.fill(text, version.facts))

    sections = [Section(key, heading, filled(getattr(version, key))) for key, heading in HEADINGS.items()]
    attachments = [str(item).strip() for item in version.attachments if str(item).strip()]
    return Statement(
        document_type="Utlåtande" if matter.kind == Kind.MOTION else "Tjänsteutlåtande",
        title=matter.title, subtitle=_subtitle(matter),
        motion=authors_line(matter) if matter.kind == Kind.MOTION else "",
        version=version.number, approved=matter.approved_version_id == version.pk,
        proposal_heading=PROPOSAL_HEADING,
        proposal=[live_facts.fill(point, version.facts) for point in version.proposal],
        sections=[section for section in sections if section.paragraphs],
        signatures=[Signature(str(s.get("name", "")).strip(), str(s.get("title", "")).strip(),
                              str(s.get("organisation", "")).strip())
                    for s in version.signatures if isinstance(s, dict) and str(s.get("name", "")).strip()],
        attachments_heading="Bilaga" if len(attachments) == 1 else "Bilagor",
        attachments=attachments, facts=_fact_notes(version))


def decision_sentence(body: ConsultedBody) -> str:
    """Arbetsmarknadsnämnden beslutade vid sitt sammanträde den 30 januari 2018 att hänvisa till …."""
    decision = body.decision.strip().rstrip(".").strip()
    decision = re.sub(r"^att\s+", "", decision, flags=re.IGNORECASE)
    if body.decided_on is None or not decision:
        return ""
    return f"{body.name} beslutade vid sitt sammanträde den {swedish_date(body.decided_on)} att {decision}."


def statement_sentence(body: ConsultedBody) -> str:
    """Arbetsmarknadsförvaltningens tjänsteutlåtande daterat den 18 januari 2018 har i huvudsak följande lydelse."""
    if not body.wording.strip():
        return ""
    office = genitive(body.office.strip() or body.name)
    dated = f" daterat den {swedish_date(body.statement_dated)}" if body.statement_dated else ""
    return f"{office} tjänsteutlåtande{dated} har i huvudsak följande lydelse."


def build_compilation(matter: Matter, version: StatementVersion | None,
                      bodies: list[ConsultedBody]) -> Compilation:
    text = ""
    if version is not None:
        text = version.matter_text or version.summary
        text = live_facts.fill(text, version.facts)
    answers = [BodyAnswer(name=body.name, position=body.position,
                          position_text=POSITION_WORDS.get(body.position, "") if body.position else "",
                          decision_sentence=decision_sentence(body), statement_sentence=statement_sentence(body),
                          wording=paragraphs(body.wording))
               for body in bodies]
    positions = []
    for position, label in POSITION_WORDS.items():
        named = [body.name for body in bodies if body.position == position]
        if named:
            positions.append(PositionCount(position=position.value, label=label, count=len(named), bodies=named))
    return Compilation(
        title=COMPILATION_TITLE, matter_text=paragraphs(text),
        preparation=f"Ärendet har remitterats till {join_och([body.name for body in bodies])}." if bodies else "",
        bodies=answers, positions=positions, unanswered=[body.name for body in bodies if not body.answered])


def header(matter: Matter) -> Header:
    unit = matter.unit
    ours = f"Vår beteckning {matter.reference}"
    line = f"Dnr {matter.sender_reference} · {ours}" if matter.sender_reference else ours
    return Header(municipality=unit.municipality.name, unit=unit.name, reference=matter.reference,
                  sender_reference=matter.sender_reference, diary_line=line)


def build(matter: Matter, *, draft: bool = False) -> MatterExport:
    """The matter's export. A matter that is not yet approved exports only when `draft` is asked for (every page
    then says UTKAST); asked for as final it raises DraftNotFinal."""
    final = is_final(matter)
    if not final and not draft:
        raise DraftNotFinal(_(
            "%(reference)s is not approved yet (now: %(status)s): export it as a draft (--draft, every page marked "
            "UTKAST), or have the statement approved first.") % {
                "reference": matter.sender_reference or matter.reference, "status": Status(matter.status).label})
    version = statement_version(matter)
    bodies = list(matter.bodies.order_by("order", "pk"))
    collected = any(body.answered for body in bodies)
    statement = build_statement(matter, version) if version is not None else None
    compilation = build_compilation(matter, version, bodies) if collected else None
    if statement is None and compilation is None:
        raise NothingToExport(_("%(reference)s has no statement and no answers yet: write a draft first.") % {
            "reference": matter.sender_reference or matter.reference})
    parts = [name for name, part in (("statement", statement), ("compilation", compilation)) if part is not None]
    if statement is not None:
        title = f"{statement.document_type}: {matter.title}"
    else:
        title = f"{COMPILATION_TITLE}: {matter.title}"
    decision = None
    if matter.decided_on is not None:
        decision = Decision(decided_on=matter.decided_on.isoformat(), decided=f"den {swedish_date(matter.decided_on)}",
                            meeting=matter.decision_meeting, paragraph=matter.decision_paragraph,
                            text=matter.decision_text)
    handler = matter.handler.get_full_name() if matter.handler else ""
    return MatterExport(
        title=f"UTKAST – {title}" if not final else title, matter_title=matter.title, kind=matter.kind,
        status=matter.status, draft=not final, header=header(matter), handler=handler, decision=decision,
        statement=statement, compilation=compilation, document="+".join(parts))
