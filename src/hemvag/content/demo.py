# ruff: noqa: E501  (the demo pages are prose: one paragraph per line reads and diffs best)
"""Demonstration information pages, written for this project from the rules described in docs/rules-engine.md.

Swedish and English for every page; Arabic, Somali, Dari and Bosnian for the first page only, marked as demo
translations (nobody on the project has checked them). Amounts, dates and the country list are placeholders
filled from the rules engine's parameters when a page is read, never typed in. Idempotent: a page that
already exists is left alone, so an editor's changes survive `hemvag demo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from hemvag.content import actions
from hemvag.content.models import Audience, Page
from hemvag.core.permissions import SYSTEM
from hemvag.core.plugins import DemoOutcome

MV_RETURN = "https://www.migrationsverket.se/Privatpersoner/Lamna-Sverige/Atervandring.html"
MV_GRANT_2026 = "https://www.migrationsverket.se/en/you-have-a-permit-in-sweden/asylum/repatriation-grant.html"
MV_MUNICIPALITIES = "https://www.migrationsverket.se/Andra-aktorer/Kommuner/Frivillig-atervandring.html"
MV_REINTEGRATION = ("https://www.migrationsverket.se/Privatpersoner/Lamna-Sverige/Avslag-pa-ansokan-om-asyl/"
                    "Stod-till-ateretablering/Kontantstod.html")
OSL = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/offentlighets-och-sekretesslag-2009400_sfs-2009-400/"
FL = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/forvaltningslag-2017900_sfs-2017-900/"


@dataclass(frozen=True)
class Text:
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class DemoPage:
    slug: str
    audience: Audience
    order: int
    texts: dict[str, Text] = field(default_factory=dict)


VOLUNTARY_RETURN = DemoPage("voluntary-return", Audience.RESIDENT, 10, {
    "sv": Text(
        "Vad är frivillig återvandring?",
        "Att flytta tillbaka till sitt hemland, eller till ett annat land, för att man själv vill.",
        f"""Frivillig återvandring betyder att du som har uppehållstillstånd i Sverige själv väljer att flytta till ditt hemland eller till ett annat land där du får bo. [Migrationsverket om återvandring]({MV_RETURN})

## Det är ditt eget val
Ingen kan tvinga dig att återvandra. Du får bo kvar i Sverige med det tillstånd du har. Att du läser här, gör självtestet eller träffar en rådgivare betyder inte att du har bestämt dig.

## Vem bestämmer vad?
- Du bestämmer om du vill flytta.
- Migrationsverket beslutar om bidrag och stöd och betalar ut dem. [Migrationsverket om återvandringsbidrag]({MV_GRANT_2026})
- Kommunen ger information och hjälper dig i kontakten med Migrationsverket om du vill det.

## Att tänka på
Det kan vara ett stort beslut. Ta reda på vad som händer med ditt uppehållstillstånd, din bostad och din familj innan du bestämmer dig. Läs [vad som händer med uppehållstillståndet](page:residence-permit).""",
    ),
    "en": Text(
        "What is voluntary return?",
        "Moving back to your home country, or to another country, because you want to.",
        f"""Voluntary return means that you, who have a residence permit in Sweden, choose yourself to move to your home country or to another country where you may live. [Migrationsverket on repatriation]({MV_RETURN})

## It is your own choice
Nobody can make you return. You may stay in Sweden with the permit you have. Reading this, doing the self-check or meeting a counsellor does not mean that you have decided.

## Who decides what?
- You decide whether you want to move.
- Migrationsverket decides on grants and support and pays them. [Migrationsverket on the repatriation grant]({MV_GRANT_2026})
- The city gives information and helps you in your contact with Migrationsverket if you want.

## Things to think about
It can be a big decision. Find out what happens to your residence permit, your home and your family before you decide. Read [what happens to the residence permit](page:residence-permit).""",
    ),
    "ar": Text(
        "ما هي العودة الطوعية؟",
        "الانتقال إلى بلدك الأصلي أو إلى بلد آخر لأنك تريد ذلك.",
        f"""العودة الطوعية تعني أنك، وأنت تحمل تصريح إقامة في السويد، تختار بنفسك الانتقال إلى بلدك الأصلي أو إلى بلد آخر يحق لك العيش فيه. [مصلحة الهجرة عن العودة]({MV_RETURN})

## القرار قرارك
لا أحد يستطيع إجبارك على العودة. يمكنك البقاء في السويد بالتصريح الذي لديك. قراءة هذه الصفحة أو إجراء الاختبار الذاتي أو لقاء مستشار لا يعني أنك قررت.

## من يقرر ماذا؟
- أنت تقرر إن كنت تريد الانتقال.
- مصلحة الهجرة تقرر المنح والدعم وتدفعها. [مصلحة الهجرة عن منحة العودة]({MV_GRANT_2026})
- البلدية تقدم المعلومات وتساعدك في التواصل مع مصلحة الهجرة إذا أردت.""",
    ),
    "so": Text(
        "Waa maxay ku noqoshada ikhtiyaariga ah?",
        "In aad u guurto waddankaaga hooyo, ama waddan kale, maxaa yeelay adigaa doonaya.",
        f"""Ku noqoshada ikhtiyaariga ah waxay ka dhigan tahay in adiga oo haysta sharciga deganaanshaha Iswiidhan aad adigu dooranayso inaad u guurto waddankaaga hooyo ama waddan kale oo laguu oggol yahay inaad ku noolaato. [Migrationsverket oo ku saabsan ku noqoshada]({MV_RETURN})

## Waa doorashadaada
Cidna kuma qasbi karto inaad dib u noqoto. Waxaad ku sii joogi kartaa Iswiidhan sharciga aad haysato.

## Yaa go'aamiya maxay?
- Adigaa go'aamiya inaad guurto iyo in kale.
- Migrationsverket ayaa go'aamiya deeqaha oo bixiya. [Migrationsverket oo ku saabsan deeqda]({MV_GRANT_2026})
- Degmadu waxay ku siisaa macluumaad waxayna kaa caawisaa xiriirka Migrationsverket haddii aad rabto.""",
    ),
    "prs": Text(
        "بازگشت داوطلبانه چیست؟",
        "رفتن به کشور اصلی خود یا کشور دیگر، به خواست خودتان.",
        f"""بازگشت داوطلبانه یعنی شما که اجازه اقامت در سویدن دارید، خودتان انتخاب می‌کنید که به کشور اصلی خود یا کشور دیگری که اجازه زندگی در آن را دارید بروید. [اداره مهاجرت درباره بازگشت]({MV_RETURN})

## این انتخاب خود شماست
هیچ کس نمی‌تواند شما را مجبور به بازگشت کند. شما می‌توانید با اجازه اقامتی که دارید در سویدن بمانید.

## چه کسی درباره چه چیزی تصمیم می‌گیرد؟
- شما تصمیم می‌گیرید که می‌خواهید بروید یا نه.
- اداره مهاجرت درباره کمک هزینه تصمیم می‌گیرد و آن را می‌پردازد. [اداره مهاجرت درباره کمک هزینه بازگشت]({MV_GRANT_2026})
- شاروالی معلومات می‌دهد و اگر بخواهید در تماس با اداره مهاجرت به شما کمک می‌کند.""",
    ),
    "bs": Text(
        "Šta je dobrovoljni povratak?",
        "Preseljenje u domovinu, ili u drugu zemlju, zato što vi to želite.",
        f"""Dobrovoljni povratak znači da vi, koji imate boravišnu dozvolu u Švedskoj, sami odlučite da se preselite u svoju domovinu ili u drugu zemlju u kojoj smijete živjeti. [Migrationsverket o povratku]({MV_RETURN})

## To je vaš izbor
Niko vas ne može natjerati da se vratite. Možete ostati u Švedskoj s dozvolom koju imate.

## Ko o čemu odlučuje?
- Vi odlučujete da li želite da se preselite.
- Migrationsverket odlučuje o pomoći i isplaćuje je. [Migrationsverket o pomoći za povratak]({MV_GRANT_2026})
- Grad daje informacije i pomaže vam u kontaktu s Migrationsverketom ako to želite.""",
    ),
})

RETURN_GRANT = DemoPage("return-grant", Audience.RESIDENT, 20, {
    "sv": Text(
        "Återvandringsbidrag och återetableringsstöd",
        "Vilka pengar Migrationsverket kan betala, och till vem.",
        f"""Migrationsverket har två olika stöd. Beloppen här gäller i dag och hämtas från samma regler som självtestet använder.

## Återvandringsbidrag – om du har uppehållstillstånd
Bidraget är {{amount:return_grant.amount_per_adult}} per vuxen och {{amount:return_grant.amount_per_child}} per barn under 18 år. Makar eller sambor får tillsammans högst {{amount:return_grant.couple_cap}}, och en familj högst {{amount:return_grant.household_cap}}. [Migrationsverket om återvandringsbidraget]({MV_GRANT_2026})

Du kan få bidraget om du:
- är folkbokförd i Sverige och inte är svensk medborgare,
- fick ditt uppehållstillstånd senast {{date:return_grant.permit_granted_on_or_before}} som flykting, alternativt skyddsbehövande, kvotflykting eller på grund av synnerligen ömmande omständigheter,
- eller har ett permanent tillstånd enligt gymnasielagen eller den tillfälliga lagen från 2016,
- och inte har obetalda skulder till Kronofogden eller CSN. Det gäller alla obetalda skulder, också en skuld som du betalar av enligt en avbetalningsplan.

Familjemedlemmar räknas om de fick sitt tillstånd på anknytning till dig senast samma dag och bor med dig. [Migrationsverket om villkoren]({MV_GRANT_2026})

## Återetableringsstöd – om din asylansökan fick avslag
Stödet är för dig som har fått avslag på din asylansökan, eller har återkallat den, och som återvänder till något av de länder som Migrationsverket listar: {{countries:reintegration_support.countries}}. [Migrationsverket om återetableringsstöd]({MV_REINTEGRATION})

Du och familjen måste vara i Sverige när du ansöker. Ansökan bör komma in inom två månader efter avslaget, men Migrationsverket kan godta en senare ansökan om det finns skäl.

Stödet är {{amount:reintegration_support.amount_per_adult}} per vuxen och {{amount:reintegration_support.amount_per_child}} per barn, högst {{amount:reintegration_support.household_cap}} per familj. Beloppen kommer från andra källor än Migrationsverkets egna sidor; fråga Migrationsverket. Det betalas ut i landet du flyttar till.

## Migrationsverket beslutar
Ingen annan än Migrationsverket kan lova dig pengar. [Gör självtestet](route:self_check) för att se vad som kan gälla för dig.""",
    ),
    "en": Text(
        "Return grant and reintegration support",
        "What money Migrationsverket can pay, and to whom.",
        f"""Migrationsverket has two different kinds of support. The amounts here apply today and come from the same rules the self-check uses.

## Return grant – if you have a residence permit
The grant is {{amount:return_grant.amount_per_adult}} per adult and {{amount:return_grant.amount_per_child}} per child under 18. Spouses or partners together get at most {{amount:return_grant.couple_cap}}, and a family at most {{amount:return_grant.household_cap}}. [Migrationsverket on the repatriation grant]({MV_GRANT_2026})

You can get the grant if you:
- are registered as living in Sweden and are not a Swedish citizen,
- got your residence permit on or before {{date:return_grant.permit_granted_on_or_before}} as a refugee, a person in need of subsidiary protection, a quota refugee or because of exceptionally distressing circumstances,
- or have a permanent permit under the Upper Secondary School Act or the temporary act of 2016,
- and have no unpaid debts to Kronofogden or CSN. This means any unpaid debt, also one you pay off under a payment plan.

Family members count if they got their permit based on ties to you by the same date and live with you. [Migrationsverket on the conditions]({MV_GRANT_2026})

## Reintegration support – if your application for asylum was refused
This support is for you if your application for asylum was refused, or you withdrew it, and you return to one of the countries Migrationsverket lists: {{countries:reintegration_support.countries}}. [Migrationsverket on reintegration support]({MV_REINTEGRATION})

You and your family must be in Sweden when you apply. The application should come in within two months of the refusal, but Migrationsverket can accept a later one if there are reasons.

The support is {{amount:reintegration_support.amount_per_adult}} per adult and {{amount:reintegration_support.amount_per_child}} per child, at most {{amount:reintegration_support.household_cap}} per family. These amounts come from sources other than Migrationsverket's own pages; ask Migrationsverket. It is paid in the country you move to.

## Migrationsverket decides
Nobody but Migrationsverket can promise you money. [Do the self-check](route:self_check) to see what may apply to you.""",
    ),
})

RESIDENCE_PERMIT = DemoPage("residence-permit", Audience.RESIDENT, 30, {
    "sv": Text(
        "Vad händer med mitt uppehållstillstånd?",
        "Om du flyttar med återvandringsbidrag kan du förlora ditt permanenta tillstånd.",
        f"""## Permanent uppehållstillstånd återkallas
När du har rest med återvandringsbidrag återkallar Migrationsverket ditt permanenta uppehållstillstånd. Det betyder att du inte längre har rätt att bo i Sverige. [Migrationsverket om återvandring]({MV_RETURN})

## Om du vill komma tillbaka
Om du flyttar tillbaka till Sverige eller söker asyl igen kan du enligt uppgifter i media behöva betala tillbaka bidraget. Migrationsverket har inte bekräftat detta på sina sidor ännu. [Migrationsverket om återvandringsbidraget]({MV_GRANT_2026})

## Om du inte tar emot bidraget
Om du flyttar utan bidrag gäller de vanliga reglerna för ditt tillstånd. Fråga Migrationsverket vad som gäller för just dig innan du reser.

## Svenskt medborgarskap
Den som är svensk medborgare kan inte få bidraget. Medborgarskapet påverkas inte av att du flyttar.""",
    ),
    "en": Text(
        "What happens to my residence permit?",
        "If you move with the return grant, you may lose your permanent permit.",
        f"""## A permanent residence permit is revoked
When you have left with the return grant, Migrationsverket revokes your permanent residence permit. This means that you no longer have the right to live in Sweden. [Migrationsverket on repatriation]({MV_RETURN})

## If you want to come back
If you move back to Sweden or apply for asylum again, you may have to repay the grant according to reports in the media. Migrationsverket has not confirmed this on its pages yet. [Migrationsverket on the repatriation grant]({MV_GRANT_2026})

## If you do not take the grant
If you move without the grant, the usual rules for your permit apply. Ask Migrationsverket what applies to you before you travel.

## Swedish citizenship
A Swedish citizen cannot get the grant. Moving does not change your citizenship.""",
    ),
})

HOW_TO_APPLY = DemoPage("how-to-apply", Audience.RESIDENT, 40, {
    "sv": Text(
        "Så ansöker du hos Migrationsverket",
        "Ansökan görs hos Migrationsverket, inte hos kommunen.",
        f"""## Ansökan går till Migrationsverket
Du ansöker om återvandringsbidrag eller återetableringsstöd hos Migrationsverket. Kommunen kan inte bevilja stödet. [Migrationsverket om hur du ansöker]({MV_GRANT_2026})

## Förbered de här handlingarna
- Ett giltigt nationellt pass från ditt hemland. Ett svenskt resedokument eller främlingspass räcker inte. [Migrationsverket om passkravet]({MV_RETURN})
- Tillstånd att bo i landet du flyttar till, om det inte är ditt ursprungsland.
- Transitvisum om resan går genom ett land där det behövs.

## Vad händer sedan?
Migrationsverket prövar ansökan och skickar ett beslut. Enligt de regler som gällde till och med 2025 betalade Migrationsverket också resan; fråga Migrationsverket vad som gäller för dig. [Migrationsverket om återvandring]({MV_RETURN})

Återetableringsstödet betalas ut i landet du flyttar till. [Migrationsverket om återetableringsstöd]({MV_REINTEGRATION})

## Vill du ha hjälp?
En återvandringsrådgivare i kommunen kan gå igenom ansökan med dig, med tolk om du behöver. [Be om ett möte](route:contact).""",
    ),
    "en": Text(
        "How to apply to Migrationsverket",
        "You apply to Migrationsverket, not to the city.",
        f"""## The application goes to Migrationsverket
You apply for the return grant or reintegration support to Migrationsverket. The city cannot grant the support. [Migrationsverket on how to apply]({MV_GRANT_2026})

## Prepare these documents
- A valid national passport from your home country. A Swedish travel document or an alien's passport is not enough. [Migrationsverket on the passport requirement]({MV_RETURN})
- A permit to live in the country you move to, if it is not your country of origin.
- Transit visas if the journey goes through a country where you need one.

## What happens next?
Migrationsverket examines the application and sends a decision. Under the rules that applied until the end of 2025, Migrationsverket also paid the journey; ask Migrationsverket what applies to you. [Migrationsverket on repatriation]({MV_RETURN})

Reintegration support is paid in the country you move to. [Migrationsverket on reintegration support]({MV_REINTEGRATION})

## Do you want help?
A return counsellor at the city can go through the application with you, with an interpreter if you need one. [Ask for a meeting](route:contact).""",
    ),
})

CITY_SUPPORT = DemoPage("city-support", Audience.RESIDENT, 50, {
    "sv": Text(
        "Det här kan kommunen hjälpa dig med",
        "Samtal, information och hjälp i kontakten med Migrationsverket – om du vill.",
        f"""## Samtal med en återvandringsrådgivare
Du kan träffa en rådgivare och ställa dina frågor. Mötet är gratis. Du kan få en tolk. Rådgivaren berättar vad som gäller, men bestämmer inget åt dig.

## Hjälp i kontakten med Migrationsverket
Kommunen får bara lämna uppgifter om dig till Migrationsverket om du samtycker. Du kan ta tillbaka ditt samtycke. [Offentlighets- och sekretesslagen]({OSL})

## Planering inför flytten
Rådgivaren kan hjälpa dig att planera: dokument, bostad, arbete och vad som behöver avslutas i Sverige. [Migrationsverket om kommunernas roll]({MV_MUNICIPALITIES})

## Så bokar du ett möte
[Fyll i formuläret för att be om ett möte](route:contact). Du behöver inte uppge ditt fullständiga namn. En rådgivare kontaktar dig för att boka en tid. Kommunen ska hjälpa dig som frågar, enligt [förvaltningslagen]({FL}).""",
    ),
    "en": Text(
        "What the city can help you with",
        "Conversations, information and help in your contact with Migrationsverket – if you want.",
        f"""## Talk to a return counsellor
You can meet a counsellor and ask your questions. The meeting is free. You can have an interpreter. The counsellor tells you what applies, but decides nothing for you.

## Help in your contact with Migrationsverket
The city may only share information about you with Migrationsverket if you consent. You can withdraw your consent. [Public Access to Information and Secrecy Act]({OSL})

## Planning the move
The counsellor can help you plan: documents, housing, work and what needs to be closed in Sweden. [Migrationsverket on the role of municipalities]({MV_MUNICIPALITIES})

## How to book a meeting
[Fill in the form to ask for a meeting](route:contact). You do not have to give your full name. A counsellor contacts you to book a time. The city must help people who ask, under the [Administrative Procedure Act]({FL}).""",
    ),
})

STAFF_GUIDE = DemoPage("when-a-resident-asks", Audience.STAFF, 10, {
    "sv": Text(
        "När en invånare frågar om återvandring",
        "Ge information, hänvisa till Migrationsverket och erbjud kontakt med återvandringsrådgivarna.",
        f"""## Din uppgift
Kommunen har ingen lagstadgad skyldighet att informera om återvandring, men den som frågar ska få vägledning enligt förvaltningslagen 6 §. [Förvaltningslagen]({FL})

## Så gör du
- Lyssna och ge saklig information. Var neutral: det är personens eget val.
- Hänvisa till Migrationsverket, som beslutar om bidrag. [Migrationsverket för kommuner]({MV_MUNICIPALITIES})
- Erbjud kontakt med enheten Frivillig återvandring. Du kan skicka en hänvisning här i Hemväg.

## Samtycke först
Uppgifter inom socialtjänsten omfattas av sekretess. Du får bara lämna dem vidare om personen samtycker. Skriv ner hur samtycket gavs. [Offentlighets- och sekretesslagen]({OSL})

## Beloppen i dag
Återvandringsbidraget är {{amount:return_grant.amount_per_adult}} per vuxen och {{amount:return_grant.amount_per_child}} per barn, högst {{amount:return_grant.household_cap}} per hushåll. [Migrationsverket]({MV_GRANT_2026})""",
    ),
    "en": Text(
        "When a resident asks about return",
        "Give information, refer to Migrationsverket and offer contact with the return counsellors.",
        f"""## Your task
The city has no statutory duty to inform about return, but anyone who asks must be guided under section 6 of the Administrative Procedure Act. [Administrative Procedure Act]({FL})

## What to do
- Listen and give factual information. Stay neutral: it is the person's own choice.
- Refer to Migrationsverket, which decides on grants. [Migrationsverket for municipalities]({MV_MUNICIPALITIES})
- Offer contact with the voluntary-return unit. You can send a referral here in Hemväg.

## Consent first
Information in social services is secret. You may only pass it on if the person consents. Write down how consent was given. [Public Access to Information and Secrecy Act]({OSL})

## Amounts today
The return grant is {{amount:return_grant.amount_per_adult}} per adult and {{amount:return_grant.amount_per_child}} per child, at most {{amount:return_grant.household_cap}} per household. [Migrationsverket]({MV_GRANT_2026})""",
    ),
})

STAFF_REFERRAL = DemoPage("referring-a-resident", Audience.STAFF, 20, {
    "sv": Text(
        "Hänvisa en invånare till återvandringsrådgivarna",
        "Med samtycke skickar du en hänvisning; du ser sedan bara dess status.",
        f"""## Innan du hänvisar
Fråga personen om hen vill bli kontaktad av en återvandringsrådgivare. Förklara vilka uppgifter du skickar och att hen kan ta tillbaka samtycket. [Offentlighets- och sekretesslagen]({OSL})

## Så hänvisar du
- Välj "Hänvisa en invånare" i Hemväg.
- Fyll i namn eller alias, hur personen nås, språk och tolkbehov.
- Kryssa i att personen har samtyckt och skriv hur samtycket gavs (muntligt, skriftligt).

## Efteråt
Du ser hänvisningens status: mottagen, kontaktad eller avslutad. Du ser inte ärendets innehåll – det skyddas av sekretess.""",
    ),
    "en": Text(
        "Referring a resident to the return counsellors",
        "With consent you send a referral; afterwards you only see its status.",
        f"""## Before you refer
Ask the person whether they want to be contacted by a return counsellor. Explain which details you send and that they can withdraw consent. [Public Access to Information and Secrecy Act]({OSL})

## How to refer
- Choose "Refer a resident" in Hemväg.
- Fill in a name or alias, how to reach the person, language and interpreter need.
- Tick that the person has consented and write how consent was given (orally, in writing).

## Afterwards
You see the referral's status: received, contacted or closed. You do not see the case's content – it is protected by secrecy.""",
    ),
})

PAGES: tuple[DemoPage, ...] = (
    VOLUNTARY_RETURN, RETURN_GRANT, RESIDENCE_PERMIT, HOW_TO_APPLY, CITY_SUPPORT, STAFF_GUIDE, STAFF_REFERRAL,
)


@transaction.atomic
def load() -> int:
    """Create and publish the demo pages that do not exist yet; returns how many were created."""
    created = 0
    for spec in PAGES:
        if Page.objects.filter(slug=spec.slug).exists():
            continue
        page = actions.do_create_page(actor=SYSTEM, slug=spec.slug, audience=spec.audience, order=spec.order)
        for language, text in spec.texts.items():
            version = actions.do_save_draft(
                actor=SYSTEM, page=page, language=language, title=text.title, summary=text.summary, body=text.body,
            )
            actions.do_publish(actor=SYSTEM, version=version)
        created += 1
    return created


def demo_step(*, create: bool) -> DemoOutcome | None:
    """Information pages for residents and staff."""
    if create:
        created = load()
        return DemoOutcome(summary=f"Demo information pages created: {created}.")
    return None
