"""The programmes as data-driven definitions: conditions with ids, texts, sources and verified flags.

Facts and sources: shared/domain/RULES.md.  Every amount, date and list lives in ``parameters/*.yaml``;
this module only says *which* facts are compared with *which* parameters.  Interpretations of points
RULES.md leaves open are marked "Interpretation" below and carry ``verified=False`` unless the text
itself is verified.

Structure of a regime:
- ``household`` conditions are evaluated once, on the main applicant (and the household facts).  All
  must be met for anyone to count; one known failure decides ``not_eligible``.
- ``members`` conditions are evaluated for every other member; a member who fails one is excluded
  (``counted_as: "excluded"``) but the household keeps its result.
- the amount is ``amount_per_adult``/``amount_per_child`` per counted member, the main applicant and
  spouses/cohabiting partners together capped by ``couple_cap`` (when in force), and the total capped
  by ``household_cap``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Final, Literal

from hemvag.rules.expr import (
    Adult,
    AllOf,
    AnyOf,
    Expr,
    HasRole,
    InList,
    Is,
    Not,
    OnOrBefore,
    RoleIn,
    WithinMonthsOf,
)
from hemvag.rules.parameters import Params

MV_RETURN_1984: Final = "https://www.migrationsverket.se/Privatpersoner/Lamna-Sverige/Atervandring.html"
MV_MUNICIPALITIES: Final = "https://www.migrationsverket.se/Andra-aktorer/Kommuner/Frivillig-atervandring.html"
MV_RETURN_2026: Final = "https://www.migrationsverket.se/en/you-have-a-permit-in-sweden/asylum/repatriation-grant.html"
MV_REINTEGRATION: Final = (
    "https://www.migrationsverket.se/Privatpersoner/Lamna-Sverige/Avslag-pa-ansokan-om-asyl/"
    "Stod-till-ateretablering/Kontantstod.html"
)
SFS_1984: Final = "förordning (1984:890), i lydelse enligt SFS 2009:1162"
SFS_1984_ONCE: Final = (
    "förordning (1984:890) 1 §, i lydelse enligt SFS 2009:1162: \"endast en gång … i mån av tillgång på medel\""
)
SFS_2025: Final = "förordning (2025:970) om återvandringsbidrag"
SFS_2008: Final = "förordning (2008:778) om återetableringsstöd för vissa utlänningar"
SFS_2008_2: Final = "förordning (2008:778) 2 §"
GOVERNMENT_2025: Final = "regeringens pressmeddelande 2025-10-30 om förordning (2025:970)"
REPORTED_2026: Final = "rapporterat i nyheter om förordning (2025:970); inte bekräftat på Migrationsverkets sidor"

Scope = Literal["household", "main", "member"]
INSTALMENT_PARAMETERS: Final = ("instalments", "instalment_schedule", "last_instalment_months_abroad")
_PLACEHOLDER: Final = re.compile(r"\{([a-z_]+\.[a-z_.]+)\}")


@dataclass(frozen=True, eq=False)
class Condition:
    id: str
    scope: Scope  # household: reads household facts only; main: the main applicant; member: each other member
    text_sv: str
    text_en: str
    source: str
    statute: str
    verified: bool
    expr: Expr
    # Met for a person when the result rests on an unverified part (e.g. a ground named only on an
    # older page): the reason is then reported with verified=false.
    unverified_if: Expr | None = None
    # Parameters whose verified flag on the day also decides the reason's (e.g. a dated country list).
    verified_by: tuple[str, ...] = ()

    def text(self, lang: str, params: Params | None = None) -> str:
        """The text in the language, with {parameter.key} placeholders filled from ``params``."""
        text = self.text_sv if lang == "sv" else self.text_en
        if params is None or "{" not in text:
            return text
        return params.derived(
            ("text", self.id, lang), lambda: _PLACEHOLDER.sub(lambda match: str(params.get(match.group(1))), text)
        )


@dataclass(frozen=True)
class Document:
    """A document the applicant must be able to show; never a condition of eligibility."""

    id: str
    text_sv: str
    text_en: str
    source: str
    fact_column: str | None = None  # a yes/no fact saying whether the person has it

    def text(self, lang: str) -> str:
        return self.text_sv if lang == "sv" else self.text_en


NoteKind = Literal["agency_check", "consequence"]


@dataclass(frozen=True)
class Note:
    """What the result shows besides the conditions; never a condition, never changes the outcome.

    ``agency_check``: something Migrationsverket checks that the engine cannot know (e.g. the criminal
    records).  ``consequence``: something to know before applying (e.g. to repay on return).
    """

    id: str
    kind: NoteKind
    text_sv: str
    text_en: str
    source: str
    statute: str
    verified: bool

    def text(self, lang: str) -> str:
        return self.text_sv if lang == "sv" else self.text_en


@dataclass(frozen=True)
class Regime:
    id: str
    program: str
    statute: str
    household: tuple[Condition, ...]
    members: tuple[Condition, ...]
    documents: tuple[Document, ...] = ()
    notes: tuple[Note, ...] = ()
    # The instalment parameters (count, schedule, months abroad before the last), when the regime has them.
    instalments: bool = False

    def notes_of(self, kind: NoteKind) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.kind == kind)

    def amount_key(self, name: str) -> str:
        return f"{self.program}.{name}"

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return self.household + self.members

    @cached_property
    def parameter_keys(self) -> tuple[str, ...]:
        keys: dict[str, None] = {f"{self.program}.regime": None, "common.adult_age": None}
        for condition in self.conditions:
            for expr in (condition.expr, condition.unverified_if):
                if expr is not None:
                    keys.update(dict.fromkeys(expr.parameter_keys()))
        for name in ("amount_per_adult", "amount_per_child", "couple_cap", "household_cap"):
            keys[self.amount_key(name)] = None
        if self.instalments:
            for name in INSTALMENT_PARAMETERS:
                keys[self.amount_key(name)] = None
        return tuple(keys)


@dataclass(frozen=True)
class Program:
    id: str
    name_sv: str
    name_en: str
    regimes: tuple[Regime, ...]

    @property
    def regime_parameter(self) -> str:
        return f"{self.id}.regime"

    def regime(self, regime_id: str) -> Regime:
        return next(r for r in self.regimes if r.id == regime_id)

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_en


# --- Building blocks shared by regimes (their differences are parameter values) --------------------


def _not_citizen(regime: str, scope: Scope, source: str, statute: str, verified: bool) -> Condition:
    prefix = "member_" if scope == "member" else ""
    return Condition(
        f"{regime}.{prefix}not_swedish_citizen",
        scope,
        "Är inte svensk medborgare",
        "Is not a Swedish citizen",
        source,
        statute,
        verified,
        Is("swedish_citizen", expected=False),
    )


def _qualifying_ground() -> Expr:
    """A qualifying permit ground; some grounds only with a permanent permit (2026 regime)."""
    return AnyOf(
        InList("permit_ground", "return_grant.qualifying_grounds"),
        InList("permit_ground", "return_grant.qualifying_grounds_older_page"),
        InList("permit_ground", "return_grant.qualifying_grounds_unverified"),
        AllOf(InList("permit_ground", "return_grant.grounds_requiring_permanent_permit"), Is("permit_permanent")),
    )


def _permit_ground(regime: str, source: str, statute: str) -> Condition:
    return Condition(
        f"{regime}.permit_ground",
        "main",
        "Har uppehållstillstånd på en grund som ger rätt till bidrag (skyddsskäl, kvotflykting, "
        "synnerligen ömmande omständigheter m.fl.; inte massflyktsdirektivet)",
        "Holds a residence permit on a qualifying ground (protection, quota refugee, exceptionally "
        "distressing circumstances etc.; not the temporary protection directive)",
        source,
        statute,
        True,
        _qualifying_ground(),
        unverified_if=InList("permit_ground", "return_grant.qualifying_grounds_unverified"),
    )


def _not_temporary_protection(regime: str, source: str, statute: str) -> Condition:
    """The exclusion stated on its own, with its source (RULES.md §1 and §2, verified); a permit under
    the directive also fails the qualifying-ground condition, so this never changes an outcome alone."""
    return Condition(
        f"{regime}.not_temporary_protection",
        "main",
        "Uppehållstillståndet är inte beviljat enligt massflyktsdirektivet",
        "The residence permit was not granted under the temporary protection directive",
        source,
        statute,
        True,
        Not(InList("permit_ground", "return_grant.excluded_grounds")),
    )


def _no_debts(regime: str, source: str, statute: str, verified: bool) -> Condition:
    """Any unpaid debt to Kronofogden or CSN, also one under a payment plan: no source names an
    exception (RULES.md §1 and §2)."""
    return Condition(
        f"{regime}.no_debts",
        "main",
        "Har inga obetalda skulder till Kronofogden eller CSN (en avbetalningsplan gör inte skulden betald)",
        "Has no unpaid debts to Kronofogden or CSN (a payment plan does not make a debt paid)",
        source,
        statute,
        verified,
        Is("debts_to_authorities", expected=False),
    )


def _member_permit(regime: str, source: str, statute: str, verified: bool) -> Condition:
    """Interpretation: a family member counts with a permit on ties (anknytning) to the main applicant
    (RULES.md), and also with an own qualifying permit (a spouse who is a refugee in her own right);
    the latter is not spelt out in RULES.md and is reported with verified=false."""
    return Condition(
        f"{regime}.member_permit",
        "member",
        "Har eget uppehållstillstånd på anknytning till huvudsökanden "
        "(eller på en egen grund som ger rätt till bidrag)",
        "Holds an own residence permit based on ties to the main applicant (or on an own qualifying ground)",
        source,
        statute,
        verified,
        AnyOf(InList("permit_ground", "return_grant.family_grounds"), _qualifying_ground()),
        unverified_if=AllOf(Not(InList("permit_ground", "return_grant.family_grounds")), _qualifying_ground()),
    )


def _family_member(regime: str, roles_parameter: str, source: str, statute: str) -> Condition:
    """Spouse (and, where the parameter says so, cohabiting partner) and children under 18 count; a
    cohabiting partner or other relative, including a child who is 18 or older on the application
    date, counts only if living with the applicant and special reasons were accepted (RULES.md §1;
    förordning 2008:778 3 §).  Unknown special reasons leave that member unknown (needs_information)."""
    return Condition(
        f"{regime}.member_family",
        "member",
        "Är make/maka eller barn under 18 år, eller annan anhörig som bor med sökanden "
        "och där särskilda skäl godtagits",
        "Is a spouse or a child under 18, or another relative living with the applicant "
        "for whom special reasons were accepted",
        source,
        statute,
        True,
        AnyOf(
            RoleIn(roles_parameter),
            AllOf(HasRole("child"), Not(Adult())),
            AllOf(Is("lives_with_main_applicant"), Is("special_reasons_accepted")),
        ),
    )


def _received_before(regime: str, scope: Scope, source: str, statute: str, verified: bool) -> Condition:
    prefix = "member_" if scope == "member" else ""
    return Condition(
        f"{regime}.{prefix}not_received_before",
        scope,
        "Har inte fått bidraget/stödet tidigare",
        "Has not received the grant/support before",
        source,
        statute,
        verified,
        Is("received_grant_before", expected=False),
    )


RETURN_GRANT_DOCUMENTS: Final = (
    Document(
        "national_passport",
        "Giltigt nationellt pass från hemlandet (svenskt resedokument eller främlingspass räcker inte)",
        "Valid national passport of the home country (a Swedish travel document or alien's passport does not count)",
        MV_RETURN_1984,
        "has_valid_national_passport",
    ),
    Document(
        "destination_permit",
        "Tillstånd att bo i destinationslandet, om det inte är ursprungslandet",
        "Permit to live in the destination country, if it is not the country of origin",
        MV_RETURN_1984,
    ),
    Document("transit_visas", "Transitvisum där det behövs", "Transit visas where needed", MV_RETURN_1984),
)

R84: Final = "return_grant_1984"
RETURN_GRANT_1984: Final = Regime(
    R84,
    "return_grant",
    SFS_1984,
    household=(
        _not_citizen(R84, "main", MV_RETURN_1984, SFS_1984, True),
        _permit_ground(R84, MV_MUNICIPALITIES, SFS_1984),
        _not_temporary_protection(R84, MV_RETURN_1984, SFS_1984),
        # No source names a valid permit for this regime, only that it was granted (RULES.md §1): the
        # ground decides, and `permit.valid` is not read.
        _received_before(R84, "main", MV_RETURN_1984, SFS_1984_ONCE, True),
        # The exclusion is verified; that a payment plan is no exception is not (RULES.md §1).
        _no_debts(R84, MV_RETURN_1984, SFS_1984, False),
        Condition(
            f"{R84}.cannot_pay_journey",
            "main",
            "Saknar egen inkomst eller tillgångar som räcker till resan",
            "Has no own income or assets enough to pay the journey",
            MV_RETURN_1984,
            SFS_1984,
            True,
            Is("can_pay_journey", expected=False),
        ),
        # The ordinance is about travel "för bosättning i annat land"; RULES.md lists no explicit condition.
        Condition(
            f"{R84}.settles_in_another_country",
            "household",
            "Hushållet ska bosätta sig varaktigt i ett annat land",
            "The household will settle permanently in another country",
            MV_RETURN_1984,
            SFS_1984,
            False,
            Is("settles_permanently"),
        ),
    ),
    members=(
        # Interpretation: the exclusions that RULES.md states per person apply to each family member.
        _not_citizen(R84, "member", MV_RETURN_1984, SFS_1984, False),
        _member_permit(R84, MV_RETURN_1984, SFS_1984, True),
        _family_member(R84, "return_grant.family_roles", MV_RETURN_1984, SFS_1984),
        # "Granted once per person" (1 §, SFS 2009:1162).
        _received_before(R84, "member", MV_RETURN_1984, SFS_1984_ONCE, True),
    ),
    documents=RETURN_GRANT_DOCUMENTS,
    notes=(
        Note(
            f"{R84}.funds_available",
            "agency_check",
            "Att det finns medel kvar: bidraget ges bara en gång och i mån av tillgång på medel",
            "Whether funds remain: the grant is given only once and only while funds last",
            MV_RETURN_1984,
            SFS_1984_ONCE,
            True,
        ),
        Note(
            f"{R84}.permanent_permit_revoked",
            "consequence",
            "Efter avresan med bidraget återkallas ett permanent uppehållstillstånd",
            "After leaving with the grant, a permanent residence permit is revoked",
            MV_RETURN_1984,
            SFS_1984,
            True,
        ),
    ),
)

R26: Final = "return_grant_2026"
RETURN_GRANT_2026: Final = Regime(
    R26,
    "return_grant",
    SFS_2025,
    household=(
        _not_citizen(R26, "main", MV_RETURN_2026, SFS_2025, True),
        _permit_ground(R26, MV_RETURN_2026, SFS_2025),
        Condition(
            f"{R26}.permit_date",
            "main",
            "Uppehållstillståndet beviljades senast {return_grant.permit_granted_on_or_before}",
            "Permit granted on or before {return_grant.permit_granted_on_or_before}",
            MV_RETURN_2026,
            SFS_2025,
            True,
            OnOrBefore("permit_granted_on", "return_grant.permit_granted_on_or_before"),
        ),
        _not_temporary_protection(R26, MV_RETURN_2026, SFS_2025),
        # Verified (RULES.md §2): refusals in January 2026 cite "saknar giltigt tillstånd".
        Condition(
            f"{R26}.permit_valid",
            "main",
            "Uppehållstillståndet är giltigt",
            "The residence permit is valid",
            MV_RETURN_2026,
            SFS_2025,
            True,
            Is("permit_valid"),
        ),
        Condition(
            f"{R26}.registered_in_sweden",
            "main",
            "Är folkbokförd i Sverige",
            "Is registered as resident in Sweden",
            MV_RETURN_2026,
            SFS_2025,
            True,
            Is("registered_in_sweden"),
        ),
        # "Regardless of their size" (reported refusals): the exact wording is not verified.
        _no_debts(R26, MV_RETURN_2026, SFS_2025, False),
        Condition(
            f"{R26}.settles_permanently",
            "household",
            "Hushållet ska bosätta sig varaktigt i det andra landet",
            "The household will settle permanently in the other country",
            MV_RETURN_2026,
            SFS_2025,
            False,
            Is("settles_permanently"),
        ),
        Condition(
            f"{R26}.destination_outside_eea",
            "household",
            "Destinationslandet ligger utanför EU/EES och Schweiz",
            "The destination is outside the EU/EEA and Switzerland",
            MV_RETURN_2026,
            SFS_2025,
            False,
            Not(InList("destination_country", "return_grant.excluded_destinations")),
        ),
    ),
    members=(
        # Interpretation: an own permit implies a foreign national; a citizen member does not count.
        _not_citizen(R26, "member", MV_RETURN_2026, SFS_2025, False),
        _member_permit(R26, MV_RETURN_2026, SFS_2025, True),
        Condition(
            f"{R26}.member_permit_date",
            "member",
            "Familjemedlemmens tillstånd beviljades senast {return_grant.permit_granted_on_or_before}",
            "The family member's permit was granted on or before {return_grant.permit_granted_on_or_before}",
            MV_RETURN_2026,
            SFS_2025,
            True,
            OnOrBefore("permit_granted_on", "return_grant.permit_granted_on_or_before"),
        ),
        Condition(
            f"{R26}.member_lives_with_main_applicant",
            "member",
            "Bor med huvudsökanden (eller gjorde det närmast före avresan)",
            "Lives with the main applicant (or did immediately before departure)",
            MV_RETURN_2026,
            SFS_2025,
            True,
            Is("lives_with_main_applicant"),
        ),
    ),
    documents=RETURN_GRANT_DOCUMENTS,
    notes=(
        Note(
            f"{R26}.criminal_records",
            "agency_check",
            "Uppgifter i belastnings- och misstankeregistret (Migrationsverket kontrollerar registren)",
            "The criminal records and suspicion registers (belastnings- och misstankeregistret), "
            "which Migrationsverket checks",
            GOVERNMENT_2025,
            SFS_2025,
            True,
        ),
        Note(
            f"{R26}.leave_within_a_year",
            "consequence",
            "Den som beviljas bidraget ska lämna Sverige inom ett år från beslutet",
            "Whoever is granted the grant must leave Sweden within a year of the decision",
            REPORTED_2026,
            SFS_2025,
            False,
        ),
        Note(
            f"{R26}.repay_on_return",
            "consequence",
            "Bidraget ska betalas tillbaka om personen flyttar tillbaka till Sverige eller söker asyl igen "
            "(inom vilken tid är inte känt)",
            "The grant must be repaid if the person moves back to Sweden or seeks asylum again "
            "(within what time is not known)",
            REPORTED_2026,
            SFS_2025,
            False,
        ),
    ),
    instalments=True,
)

RS08: Final = "reintegration_support_2008"
REINTEGRATION_SUPPORT_2008: Final = Regime(
    RS08,
    "reintegration_support",
    SFS_2008,
    household=(
        _not_citizen(RS08, "main", MV_REINTEGRATION, SFS_2008, True),
        Condition(
            f"{RS08}.asylum_refused_or_withdrawn",
            "main",
            "Asylansökan har avslagits (5 kap. 1 § utlänningslagen) eller återkallats",
            "The asylum application was refused (Aliens Act ch. 5 s. 1) or withdrawn",
            MV_REINTEGRATION,
            SFS_2008,
            True,
            InList("asylum_outcome", "reintegration_support.qualifying_asylum_outcomes"),
        ),
        Condition(
            f"{RS08}.destination_listed",
            "household",
            "Återvänder till ett land som Migrationsverket listar för stödet",
            "Returns to a country the Migration Agency lists for the support",
            MV_REINTEGRATION,
            SFS_2008,
            True,
            InList("destination_country", "reintegration_support.countries"),
            # The list is verified from the day it was read (2026-12-01), not before.
            verified_by=("reintegration_support.countries",),
        ),
        Condition(
            f"{RS08}.in_sweden",
            "household",
            "Sökanden och familjen är i Sverige när ansökan görs",
            "The applicant and the family are in Sweden when applying",
            MV_REINTEGRATION,
            SFS_2008,
            True,
            Is("in_sweden"),
        ),
        Condition(
            f"{RS08}.admission_likely",
            "main",
            "Kommer sannolikt att tas emot i landet",
            "Is likely to be admitted to the country",
            MV_REINTEGRATION,
            SFS_2008,
            True,
            Is("asylum_admission_likely"),
        ),
        # The two months are a guideline ("bör komma in inom två månader") and 2 § allows a later
        # application: a late one is not refused, it needs Migrationsverket to accept the reasons.
        Condition(
            f"{RS08}.applied_soon_after_refusal",
            "main",
            "Ansökan kommer in inom {reintegration_support.months_after_refusal} månader efter avslaget, eller "
            "Migrationsverket godtar skälen för att den kommer in senare (2 §: tiden är en riktlinje)",
            "The application comes in within {reintegration_support.months_after_refusal} months of the refusal, "
            "or Migrationsverket accepts the reasons for applying later (s. 2: the time is a guideline)",
            MV_REINTEGRATION,
            SFS_2008_2,
            True,
            AnyOf(
                WithinMonthsOf("asylum_decided_on", "reintegration_support.months_after_refusal"),
                Is("asylum_late_application_accepted"),
            ),
        ),
        # Interpretation: `received_grant_before` is read as "has had this support before" (4 §).
        _received_before(RS08, "main", MV_REINTEGRATION, SFS_2008, True),
    ),
    members=(
        _not_citizen(RS08, "member", MV_REINTEGRATION, SFS_2008, True),
        _family_member(RS08, "reintegration_support.family_roles", MV_REINTEGRATION, SFS_2008),
        _received_before(RS08, "member", MV_REINTEGRATION, SFS_2008, True),
    ),
    notes=(
        Note(
            f"{RS08}.funds_available",
            "agency_check",
            "Att det finns medel kvar: stödet ges bara i mån av tillgång på medel",
            "Whether funds remain: the support is given only while funds last",
            MV_REINTEGRATION,
            SFS_2008,
            True,
        ),
        Note(
            f"{RS08}.no_appeal",
            "consequence",
            "Beslutet om stödet kan inte överklagas",
            "The decision on the support cannot be appealed",
            MV_REINTEGRATION,
            SFS_2008,
            True,
        ),
        Note(
            f"{RS08}.paid_through_iom",
            "consequence",
            "Stödet betalas ut i återvändandelandet genom IOM",
            "The support is paid out in the country of return through IOM",
            MV_REINTEGRATION,
            SFS_2008,
            True,
        ),
    ),
)

RETURN_GRANT: Final = Program(
    "return_grant", "Återvandringsbidrag", "Return grant", (RETURN_GRANT_1984, RETURN_GRANT_2026)
)
REINTEGRATION_SUPPORT: Final = Program(
    "reintegration_support", "Återetableringsstöd", "Reintegration support", (REINTEGRATION_SUPPORT_2008,)
)
PROGRAMS: Final = {p.id: p for p in (RETURN_GRANT, REINTEGRATION_SUPPORT)}
PROGRAM_CHOICES: Final = (*PROGRAMS, "all")


def selected_programs(choice: str) -> list[Program]:
    return list(PROGRAMS.values()) if choice == "all" else [PROGRAMS[choice]]


def all_regimes() -> Iterator[Regime]:
    for program in PROGRAMS.values():
        yield from program.regimes
