"""Demo data: the seeds' two matters, entered as the unit would, through the actions.

(a) Kommunstyrelsen's remiss KS 2023/1387 of the motion on working with Migrationsverket for voluntary return
(seed 000: the social services' statement): registered and drafted by the official (the demo user `counsellor`),
sent for review, approved by the manager (`manager`; four eyes), decided by Socialnämnden and sent.

(b) Motion (2017:40) on the city informing about and paying return grants (seed 001): the six bodies consulted and
their answers, which the remissammanställning compiles, and the utlåtande, approved and decided by Kommunstyrelsen.

The texts are those of the public documents (the OCR's lost å, ä and ö restored; long answers shortened); the
people named are the officials and politicians the documents name. Idempotent: a second load enters nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from hemvag.core.models import Unit, User
from hemvag.core.plugins import DemoOutcome
from hemvag.matters import actions
from hemvag.matters.models import Kind, Matter, Position

UNIT = "sth-fa"
OFFICIAL, APPROVER = "counsellor", "manager"
REMISS_2023 = "KS 2023/1387"
MOTION_2017 = "2017/000991"

REMISS_TITLE = "Remiss av Motion om samverkan med Migrationsverket för att främja frivillig återvandring"
REMISS_PROPOSAL = "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."
REMISS_SUMMARY = """Kommunstyrelsen har remitterat en motion om samverkan med Migrationsverket för att främja \
frivillig återvandring. Motionen är skriven av Gabriel Kroon från Sverigedemokraterna.

I motionen föreslås att Kommunfullmäktige ger berörda nämnder i uppdrag att vara en aktiv part med ambitionen att \
delta i gemensamma projekt med Migrationsverket kring frivillig återvandring. I motionen refereras till en \
undersökning från frivilligorganisationen Centre for Local Development and Diaspora (CLDD) om andel som vill \
återvandra men som inte bedöms utgöra en tillförlitlig källa för underlag. Då det inte är något specifikt projekt \
som motionen föreslår att staden ska delta i och inte heller har tillförlitlig statistik är det svårt att ta \
ställning till förslaget. Migrationsverket har i uppdrag att arbeta med frågor som rör återvandring. Invånare som i \
kontakten med socialtjänsten söker information om möjlighet till återvandring hänvisas därför till kontakt med \
Migrationsverket. Efter samtyckesinhämtning kan socialtjänsten bistå med stöd i kontakten med Migrationsverket om \
det önskas av den enskilde.

Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."""
REMISS_BACKGROUND = """Kommunstyrelsen har remitterat en motion om samverkan med Migrationsverket för att främja \
frivillig återvandring. Motionen är skriven av Gabriel Kroon från Sverigedemokraterna. Övriga remissinstanser är \
stadsledningskontoret och Arbetsmarknadsnämnden. Remissvaret ska vara kommunstyrelsen tillhanda senast 6 maj."""
REMISS_MATTER = """Gabriel Kroon från Sverigedemokraterna föreslår att Kommunfullmäktige ger berörda nämnder i \
uppdrag att vara en aktiv part med ambitionen att delta i gemensamma projekt med Migrationsverket kring frivillig \
återvandring. I motionen skriver författaren att frågan om frivillig återvandring har fått ny aktualitet efter \
regeringsskiftet och att Migrationsverket har ett utökat uppdrag för att öka återvandringen. Vidare menar \
författaren att det är uppenbart att det finns en stor del människor som frivilligt vill återvända till sitt \
hemland utifrån skäl som kan vara kulturella, ekonomiska eller sociala. I motionen refereras till en undersökning \
från frivilligorganisationen Centre for Local Development and Diaspora (CLDD) som enligt motionens författare har \
visat att 40 procent uppger att de vill återvandra direkt eller inom en snar framtid. Vidare uppges att \
Migrationsverket under flera år arbetat med projekt kring frivillig återvandring med kommun och civilsamhälle \
samtidigt som Migrationsverkets egen analys visar på att enbart en kommun har velat delta i projektsamverkan. I och \
med det fördjupade uppdraget tror motionens författare att projekten kommer att fördjupas och anser att Stockholms \
stad bör fördjupa sin samverkan med Migrationsverket genom gemensamma samverkansprojekt och att bättre \
informationsinsatser skulle ge fler människor möjligheten att ta ett välinformerat beslut kring återvandring."""
REMISS_PREPARATION = """Tjänsteutlåtandet har utarbetats inom avdelningen för strategi och utveckling. \
Förvaltningsgruppen har behandlat ärendet den 13 mars. Rådet för funktionshinderfrågor har haft möjlighet att \
behandla ärendet den 14 mars."""
REMISS_VIEWS = """I motionen refereras till en undersökning från CLDD, Center for local development and the \
Diaspora, som inte är nåbar 2024-02-02 på organisationens hemsida. Vid en sökning efter undersökningen i en \
sökmotor 2024-02-02 återfinns en artikel (Dagens Samhälle: ”Svalt intresse för återvandring i kommunerna – Kan \
uppfattas som känsligt”) där generalsekreteraren för CLDD på frågan om migranterna i undersökningen utgör ett \
representativt urval svarar att CLDD tror det men inte kan veta då det inte är en vetenskaplig undersökning. \
Undersökningen som motionen refererar till bedöms inte utgöra en tillförlitlig källa för underlag. Då det inte är \
något specifikt projekt som motionen föreslår att staden ska delta i och inte heller har tillförlitlig statistik är \
det svårt att ta ställning till förslaget utifrån att det saknas underlag för kostnadsberäkningar.

Migrationsverket har i uppdrag att arbeta med frågor som rör återvandring. Invånare som i kontakten med \
socialtjänsten söker information om möjlighet till återvandring hänvisas därför till kontakt med Migrationsverket. \
Efter samtyckesinhämtning kan socialtjänsten bistå med stöd i kontakten med Migrationsverket om det önskas av den \
enskilde. Staden har samarbete med organisationer som ger juridisk och social rådgivning och stöd vilket ökar \
informationsspridningen om möjligheter till återvandring.

Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."""
REMISS_SIGNATURES = [
    {"name": "Veronica Wolgast Carstorp", "title": "Socialdirektör", "organisation": "Socialförvaltningen"},
    {"name": "Lina Blombergsson", "title": "Avdelningschef", "organisation": "Socialförvaltningen"},
]
REMISS_ATTACHMENTS = ["Motion om samverkan med Migrationsverket för att främja frivillig återvandring"]

MOTION_TITLE = ("Kommunen skall informera om återvandringsbidrag för hemvändande flyktingar och även i "
                "förekommande fall utbetala kommunala återvandringsbidrag")
MOTION_PROPOSAL = "Motionen besvaras med hänvisning till vad som anförs i utlåtandet."
MOTION_MATTER = """I en motion till kommunfullmäktige har Per Ossmer och Martin Westmont (båda SD) föreslagit \
åtgärder kopplat till återvandringspolitik. Motionärerna lyfter att Stockholms stad ska skapa goda förutsättningar \
för att de invandrare, som så önskar, kan återvända till sina hemländer. Staden bör informera om och därmed öka \
invandrares kunskaper om de återvandringsbidrag som finns att söka eftersom det ger goda möjligheter för de \
hemvändande att få en bra nystart i sitt hemland. Vidare påtalar motionärerna att staden på samma sätt som \
Migrationsverket, ska kunna utbetala återvandringsbidrag."""
MOTION_SUMMARY = ("Föredragande borgarrådet Åsa Lindhagen föreslår att motionen besvaras med hänvisning till vad "
                  "som anförs i utlåtandet: Migrationsverket har redan ansvaret för att informera om och betala ut "
                  "återvandringsbidrag, och staden inrättar inget parallellt system.")
MOTION_PREPARATION = """Ärendet har remitterats till Stadsledningskontoret, Arbetsmarknadsnämnden, Socialnämnden, \
Farsta stadsdelsnämnd, Hässelby-Vällingby stadsdelsnämnd och Norrmalms stadsdelsnämnd.

Stadsledningskontoret konstaterar att Migrationsverket har uppdraget att underlätta för personer som vill återvända \
till sina hemländer och pröva rätten till ekonomiskt stöd för ändamålet och avstyrker därmed förslaget. Kontoret \
lyfter vidare att information, vägledning och råd erbjuds målgruppen generellt kring förutsättningar och \
förväntningar inom ramen för såväl samhällsorientering som stadsdelsnämndernas sociala stöd.

Arbetsmarknadsnämnden anser att den information som lämnas på Migrationsverkets hemsida, samt den information som \
kan lämnas av till exempel medborgarkontoret, är tillräcklig och att det inte finns behov av att ytterligare \
utveckla verksamheten.

Socialnämnden anser inte att kommunen ska ges något särskilt uppdrag att informera om möjligheten till återvandring.

Farsta stadsdelsnämnd tar inte ställning till förslaget.

Hässelby-Vällingby stadsdelsnämnd påpekar att de förslag som lämnas i motionen inte är kommunala uppdrag.

Norrmalms stadsdelsnämnd anser inte att Stockholms stad ska betala ut återvandringsbidrag då ansvaret för detta \
ligger hos Migrationsverket. Myndigheternas serviceskyldighet regleras i 4 § förvaltningslagen, vilket bland annat \
innebär att de flyktingar som vänder sig till kommunen och vill återvända till sitt hemland hänvisas till \
Migrationsverket."""
MOTION_VIEWS = """Stockholm ska vara en öppen och välkomnande stad där människor på flykt från krig och förtryck \
ska kunna bygga sig ett nytt liv i trygghet. Vi som samhälle ska därför göra vårt yttersta för att människor som \
kommer hit till Sverige och Stockholm får goda förutsättningar att etablera sig i samhället genom arbete, studier, \
bostad och sociala nätverk och kontakter. En person som kommit hit och fått uppehållstillstånd ska samtidigt, om \
hen så önskar, kunna återvandra till sitt hemland på ett tryggt sätt.

Migrationspolitiken är dock i huvudsak en statlig angelägenhet och Migrationsverket har så som flertalet \
remissinstanser påpekar redan idag ett ansvar för att tillhandahålla och informera om återvandringsbidrag. \
Myndigheters serviceansvar följer av förvaltningslagen och självklart ska Stockholms stads olika verksamheter ge \
information om var man kan vända sig med frågor som rör återvandring till dem som efterfrågar det. Jag anser dock \
inte att staden ska lägga sina resurser på informationskampanjer eller andra utåtriktade aktiviteter gällande \
återvandring, eller för den sakens skull på att inrätta ett parallellt system för återvandringsbidrag. Dessa \
resurser gör bättre nytta i välfärden, på att anställa lärare, fritidsledare, socialsekreterare och \
undersköterskor."""
MOTION_SIGNATURES = [
    {"name": "Karin Wanngård", "title": "På kommunstyrelsens vägnar", "organisation": "Kommunstyrelsen"},
    {"name": "Åsa Lindhagen", "title": "Föredragande borgarråd", "organisation": "Kommunstyrelsen"},
    {"name": "Ulrika Gunnarsson", "title": "", "organisation": ""},
]
MOTION_ATTACHMENTS = ["Motionen"]

REFERRED = "hänvisa till förvaltningens tjänsteutlåtande som svar på remissen"
HANDED_OVER = "överlämna förvaltningens tjänsteutlåtande som svar på remissen"
# The six bodies of seed 001 in its order: (name, office, position, decided_on, decision, statement_dated, wording).
BODIES: tuple[tuple[str, str, str, dt.date | None, str, dt.date, str], ...] = (
    ("Stadsledningskontoret", "", Position.OPPOSES, None, "", dt.date(2018, 2, 15), """\
Ett av motionärernas förslag är att Stockholm stad ska kunna utbetala kommunala återvandringsbidrag. \
Stadsledningskontoret avstyrker förslaget då det åligger en annan myndighet.

I regeringsuppdraget till Migrationsverket ingår att underlätta frivillig återvandring för personer som får avslag \
på sin ansökan om asyl och för de som beviljats uppehållstillstånd i Sverige som flyktingar eller \
skyddsbehövande. Antalet personer som nationellt har omfattats av Migrationsverkets återvandringsbidrag och \
återetableringsstöd visar en tydlig ökning de senaste åren.

Stockholm stads riktlinjer för ekonomiskt bistånd behandlar frågan om återvandringsresor och konstaterar att \
utländska medborgare som kommit till Sverige som flyktingar kan söka återvandringsbidrag hos Migrationsverket.

Motionärerna föreslår vidare att Stockholm stad ska informera om möjligheten till återvandringsbidrag för \
hemvändande flyktingar. Stadsledningskontoret menar att enskilda som vistas och är bosatta i Stockholm stad har \
rätt att få upplysningar, vägledning, råd och annan sådan hjälp som rör Stockholm stads verksamhetsområden. Om \
någon enskild efterfrågar service som erbjuds av annan myndighet hänvisas denne istället till ansvarig myndighet."""),
    ("Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen", Position.OPPOSES, dt.date(2018, 1, 30), REFERRED,
     dt.date(2018, 1, 18), """\
Migrationsverket ska enligt ett regeringsuppdrag arbeta med frivillig återvandring och har i uppdrag att \
underlätta för flyktingar och andra skyddsbehövande med uppehållstillstånd som frivilligt vill återvandra till \
hemlandet.

Arbetsmarknadsförvaltningen bedömer att information som lämnas via Migrationsverkets hemsida eller som kan lämnas \
av t.ex. arbetsmarknadsförvaltningen, medborgarkontor eller frivilliga organisationer i frågor om frivillig \
återvandring är tillräcklig. Det har heller inte getts uttryck från stadens medborgare eller grupper av sådana om \
ett prioriterat behov av att ytterligare utveckla verksamheten för frivillig återvandring.

Möjlighet finns för personer med uppehållstillstånd som inte är svenska medborgare och vill återvända till \
hemlandet att ansöka om statliga bidrag hos Migrationsverket. Mot bakgrund av att antalet personer i riket som har \
beviljats statligt stöd under 2016 och 2017, totalt 8 personer, drar förvaltningen slutsatsen att det inte finns \
något behov av att erbjuda kommunalt återvandringsbidrag."""),
    ("Socialnämnden", "Socialförvaltningen", Position.OPPOSES, dt.date(2018, 1, 30), REFERRED,
     dt.date(2017, 12, 13), """\
Regeringen har gett Migrationsverket i uppdrag att underlätta för flyktingar och andra skyddsbehövande med \
uppehållstillstånd som vill återvandra till sina hemländer. Uppdraget syftar till att stödja enskilda personer så \
att de själva ska kunna avgöra om och när de vill återvandra.

Det är staten och inte kommunen som har i uppdrag att arbeta med frågor som rör återvandring. Enskilda \
kommuninvånare som söker information om möjlighet till återvandring hänvisas därför att kontakta \
Migrationsverket. Mot denna bakgrund anser förvaltningen inte att socialtjänsten ska ges något särskilt uppdrag \
att informera om möjligheten till återvandring."""),
    ("Farsta stadsdelsnämnd", "Farsta stadsdelsförvaltning", Position.NO_POSITION, dt.date(2018, 2, 1),
     HANDED_OVER, dt.date(2017, 12, 27), """\
Förvaltningen tar inte ställning till förslaget om att införa ett kommunalt återvandringsbidrag eftersom det är en \
politisk fråga.

Förvaltningens service- och informationsansvar innebär att vägleda och ge råd till enskilda som vänder sig till \
förvaltningens olika verksamheter. Om frågorna rör andra samhällsområden hänvisas personen till andra myndigheter \
för att få svar och eventuella behov tillgodosedda."""),
    ("Hässelby-Vällingby stadsdelsnämnd", "Hässelby-Vällingby stadsdelsförvaltning", Position.OPPOSES,
     dt.date(2017, 12, 19), HANDED_OVER, dt.date(2017, 11, 6), """\
Förvaltningen har enligt 4 § förvaltningslagen skyldighet att lämna upplysning, vägledning och råd till enskilda i \
frågor som rör myndighetens verksamhetsområde. I detta ingår också att informera medborgare om vart de kan vända \
sig med olika frågor och ärenden.

Det är Migrationsverket som beslutar om och utbetalar återetableringsbidrag, ett ekonomiskt stöd till personer som \
återvänder till sitt hemland. Återetableringsbidrag är ett statligt stöd och kommunen har inget ansvar för \
detta."""),
    ("Norrmalms stadsdelsnämnd", "Norrmalms stadsdelsförvaltning", Position.OPPOSES, dt.date(2017, 12, 14),
     "besvara remissen med förvaltningens tjänsteutlåtande", dt.date(2017, 11, 22), """\
Migrationsverket är den nationella myndighet som ansvarar för att informera, ta emot, utreda och besluta om \
ansökningar gällande återvandringsbidrag till flyktingar som önskar återvända till sina hemländer. Kommunen \
ansvarar inte för detta. Förvaltningen anser inte att det finns grund att ändra rådande ansvarsfördelning och \
bedömer inte att Stockholms stad ska börja betala ut återvandringsbidrag.

Myndigheternas serviceskyldighet regleras i 4 § förvaltningslagen, vilket bland annat innebär att de flyktingar \
som vänder sig till kommunen och vill återvända till sitt hemland hänvisas till Migrationsverket."""),
)


def _remiss_2023(unit: Unit, official: User, approver: User) -> Matter:
    matter = actions.do_register_matter(
        actor=official, unit=unit, kind=Kind.MOTION_REMISS, title=REMISS_TITLE, received_on=dt.date(2023, 12, 11),
        sender="Kommunstyrelsen", sender_reference=REMISS_2023, answer_by=dt.date(2024, 5, 6),
        authors=[{"name": "Gabriel Kroon", "party": "SD"}],
        consulted_elsewhere="Stadsledningskontoret, Arbetsmarknadsnämnden", handler=official)
    content = {"proposal": [REMISS_PROPOSAL], "summary": REMISS_SUMMARY, "background": REMISS_BACKGROUND,
               "matter_text": REMISS_MATTER, "preparation": "", "views": REMISS_VIEWS,
               "signatures": REMISS_SIGNATURES, "attachments": REMISS_ATTACHMENTS}
    actions.do_save_draft(actor=official, matter=matter, content=content)  # the first draft, before the meetings
    actions.do_save_draft(actor=official, matter=matter, content={**content, "preparation": REMISS_PREPARATION})
    actions.do_submit_for_review(actor=official, matter=matter)
    actions.do_approve_statement(actor=approver, matter=matter)
    actions.do_record_decision(actor=approver, matter=matter, decided_on=dt.date(2024, 4, 16), meeting="Socialnämnden",
                               paragraph="§ 7", text=REMISS_PROPOSAL)
    actions.do_mark_sent(actor=approver, matter=matter, sent_on=dt.date(2024, 4, 22))
    return matter


def _motion_2017(unit: Unit, official: User, approver: User) -> Matter:
    matter = actions.do_register_matter(
        actor=official, unit=unit, kind=Kind.MOTION, title=MOTION_TITLE, received_on=dt.date(2017, 10, 2),
        sender="Kommunfullmäktige", sender_reference=MOTION_2017, motion_number="2017:40",
        authors=[{"name": "Per Ossmer", "party": "SD"}, {"name": "Martin Westmont", "party": "SD"}],
        handler=official)
    for name, office, position, decided_on, decision, dated, wording in BODIES:
        body = actions.do_add_body(actor=official, matter=matter, name=name)
        actions.do_record_answer(actor=official, body=body, position=position, wording=wording,
                                 decided_on=decided_on, decision=decision, statement_dated=dated, office=office)
    actions.do_save_draft(actor=official, matter=matter, content={
        "proposal": [MOTION_PROPOSAL], "summary": MOTION_SUMMARY, "background": "", "matter_text": MOTION_MATTER,
        "preparation": MOTION_PREPARATION, "views": MOTION_VIEWS, "signatures": MOTION_SIGNATURES,
        "attachments": MOTION_ATTACHMENTS})
    actions.do_submit_for_review(actor=official, matter=matter)
    actions.do_approve_statement(actor=approver, matter=matter)
    actions.do_record_decision(actor=approver, matter=matter, decided_on=dt.date(2018, 4, 25),
                               meeting="Kommunstyrelsen", paragraph="", text=MOTION_PROPOSAL)
    return matter


@transaction.atomic
def demo_step(*, create: bool) -> DemoOutcome | None:
    if not create:
        return None
    if Matter.objects.filter(sender_reference__in=(REMISS_2023, MOTION_2017)).exists():
        return DemoOutcome(summary="Demo matters: already entered; nothing changed.")
    unit = Unit.objects.get(code=UNIT)
    official, approver = User.objects.get(username=OFFICIAL), User.objects.get(username=APPROVER)
    remiss, motion = _remiss_2023(unit, official, approver), _motion_2017(unit, official, approver)
    return DemoOutcome(summary=f"Demo matters: {remiss.reference} ({REMISS_2023}, sent) and {motion.reference} "
                               f"({MOTION_2017}, six answers, decided).")
