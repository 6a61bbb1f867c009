# ruff: noqa: E501  (the demo pages are prose: one paragraph per line reads and diffs best)
"""Demonstration information pages, written for this project from the rules described in docs/rules-engine.md.

Every resident page in all six resident languages (Swedish, English, Arabic, Somali, Dari, Bosnian); the staff
pages in Swedish and English. Swedish is the original. The other languages were written on the project without a
translator, so every one of them is published as "translation not reviewed" and readers are told that the Swedish
text applies, until an editor records a translator's review. Legal names (Migrationsverket, återvandringsbidrag,
återetableringsstöd, Kronofogden, CSN) stay in Swedish beside the translation. Amounts, dates and the country list
are placeholders filled from the rules engine's parameters when a page is read, never typed in.

Idempotent: a page that already exists keeps every version it has, so an editor's changes survive `hemvag demo`;
only a language that has no version at all yet is added (and published) to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from hemvag.content import actions, queries
from hemvag.content.models import Audience
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
- مصلحة الهجرة (Migrationsverket) تقرر المنح والدعم وتدفعها. [مصلحة الهجرة عن منحة العودة]({MV_GRANT_2026})
- البلدية تقدم المعلومات وتساعدك في التواصل مع مصلحة الهجرة إذا أردت.

## أمور يجب التفكير فيها
قد يكون هذا قرارًا كبيرًا. اعرف ماذا يحدث لتصريح إقامتك وسكنك وعائلتك قبل أن تقرر. اقرأ [ماذا يحدث لتصريح الإقامة](page:residence-permit).""",
    ),
    "so": Text(
        "Waa maxay ku noqoshada ikhtiyaariga ah?",
        "In aad u guurto waddankaaga hooyo, ama waddan kale, maxaa yeelay adigaa doonaya.",
        f"""Ku noqoshada ikhtiyaariga ah waxay ka dhigan tahay in adiga oo haysta sharciga deganaanshaha Iswiidhan aad adigu dooranayso inaad u guurto waddankaaga hooyo ama waddan kale oo laguu oggol yahay inaad ku noolaato. [Migrationsverket oo ku saabsan ku noqoshada]({MV_RETURN})

## Waa doorashadaada
Cidna kuma qasbi karto inaad dib u noqoto. Waxaad ku sii joogi kartaa Iswiidhan sharciga aad haysato. Akhrinta boggan, samaynta is-hubinta ama la kulanka la-taliye macnaheedu maaha inaad go'aansatay.

## Yaa go'aamiya maxay?
- Adigaa go'aamiya inaad guurto iyo in kale.
- Migrationsverket ayaa go'aamiya deeqaha oo bixiya. [Migrationsverket oo ku saabsan deeqda]({MV_GRANT_2026})
- Degmadu waxay ku siisaa macluumaad waxayna kaa caawisaa xiriirka Migrationsverket haddii aad rabto.

## Waxyaabaha laga fikirayo
Go'aankani wuxuu noqon karaa mid weyn. Ogow waxa ku dhacaya sharcigaaga deganaanshaha, gurigaaga iyo qoyskaaga ka hor intaadan go'aansan. Akhri [waxa ku dhacaya sharciga deganaanshaha](page:residence-permit).""",
    ),
    "prs": Text(
        "بازگشت داوطلبانه چیست؟",
        "رفتن به کشور اصلی خود یا کشور دیگر، به خواست خودتان.",
        f"""بازگشت داوطلبانه یعنی شما که اجازه اقامت در سویدن دارید، خودتان انتخاب می‌کنید که به کشور اصلی خود یا کشور دیگری که اجازه زندگی در آن را دارید بروید. [اداره مهاجرت درباره بازگشت]({MV_RETURN})

## این انتخاب خود شماست
هیچ کس نمی‌تواند شما را مجبور به بازگشت کند. شما می‌توانید با اجازه اقامتی که دارید در سویدن بمانید. خواندن این صفحه، انجام آزمون خودی یا ملاقات با یک مشاور به این معنا نیست که شما تصمیم گرفته‌اید.

## چه کسی درباره چه چیزی تصمیم می‌گیرد؟
- شما تصمیم می‌گیرید که می‌خواهید بروید یا نه.
- اداره مهاجرت (Migrationsverket) درباره کمک هزینه تصمیم می‌گیرد و آن را می‌پردازد. [اداره مهاجرت درباره کمک هزینه بازگشت]({MV_GRANT_2026})
- شاروالی معلومات می‌دهد و اگر بخواهید در تماس با اداره مهاجرت به شما کمک می‌کند.

## چیزهایی که باید در نظر بگیرید
این می‌تواند یک تصمیم بزرگ باشد. پیش از تصمیم بفهمید که با اجازه اقامت، خانه و خانواده شما چه می‌شود. بخوانید [با اجازه اقامت چه می‌شود](page:residence-permit).""",
    ),
    "bs": Text(
        "Šta je dobrovoljni povratak?",
        "Preseljenje u domovinu, ili u drugu zemlju, zato što vi to želite.",
        f"""Dobrovoljni povratak znači da vi, koji imate boravišnu dozvolu u Švedskoj, sami odlučite da se preselite u svoju domovinu ili u drugu zemlju u kojoj smijete živjeti. [Migrationsverket o povratku]({MV_RETURN})

## To je vaš izbor
Niko vas ne može natjerati da se vratite. Možete ostati u Švedskoj s dozvolom koju imate. Ako čitate ovo, uradite samoprovjeru ili se sastanete sa savjetnikom, to ne znači da ste odlučili.

## Ko o čemu odlučuje?
- Vi odlučujete da li želite da se preselite.
- Migrationsverket odlučuje o pomoći i isplaćuje je. [Migrationsverket o pomoći za povratak]({MV_GRANT_2026})
- Grad daje informacije i pomaže vam u kontaktu s Migrationsverketom ako to želite.

## O čemu treba razmisliti
To može biti velika odluka. Prije nego što odlučite, saznajte šta će biti s vašom boravišnom dozvolom, vašim stanom i vašom porodicom. Pročitajte [šta se dešava s boravišnom dozvolom](page:residence-permit).""",
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
    "ar": Text(
        "منحة العودة (återvandringsbidrag) ودعم إعادة الاستقرار (återetableringsstöd)",
        "ما الأموال التي يمكن أن تدفعها مصلحة الهجرة (Migrationsverket)، ولمن.",
        f"""لدى مصلحة الهجرة (Migrationsverket) نوعان مختلفان من الدعم. المبالغ هنا سارية اليوم، وتأتي من القواعد نفسها التي يستخدمها الاختبار الذاتي.

## منحة العودة (återvandringsbidrag) – إذا كان لديك تصريح إقامة
المنحة {{amount:return_grant.amount_per_adult}} لكل شخص بالغ و{{amount:return_grant.amount_per_child}} لكل طفل دون 18 سنة. يحصل الزوجان أو الشريكان معًا على {{amount:return_grant.couple_cap}} كحد أقصى، والعائلة على {{amount:return_grant.household_cap}} كحد أقصى. [مصلحة الهجرة عن منحة العودة]({MV_GRANT_2026})

يمكنك الحصول على المنحة إذا:
- كنت مسجلًا في السجل السكاني في السويد ولست مواطنًا سويديًا،
- وحصلت على تصريح إقامتك في {{date:return_grant.permit_granted_on_or_before}} أو قبله بصفتك لاجئًا، أو شخصًا بحاجة إلى حماية بديلة، أو لاجئًا ضمن الحصص، أو بسبب ظروف إنسانية استثنائية (synnerligen ömmande omständigheter)،
- أو لديك تصريح دائم وفق قانون المدارس الثانوية (gymnasielagen) أو القانون المؤقت لعام 2016،
- وليست عليك ديون غير مدفوعة لمصلحة التنفيذ (Kronofogden) أو لهيئة القروض الدراسية (CSN). يشمل ذلك كل دين غير مدفوع، حتى الدين الذي تسدده وفق خطة تقسيط.

يُحسب أفراد العائلة إذا حصلوا على تصريحهم بسبب ارتباطهم بك في التاريخ نفسه أو قبله ويعيشون معك. [مصلحة الهجرة عن الشروط]({MV_GRANT_2026})

## دعم إعادة الاستقرار (återetableringsstöd) – إذا رُفض طلب لجوئك
هذا الدعم لك إذا رُفض طلب لجوئك أو سحبته، وتعود إلى أحد البلدان التي تذكرها مصلحة الهجرة: {{countries:reintegration_support.countries}}. [مصلحة الهجرة عن دعم إعادة الاستقرار]({MV_REINTEGRATION})

يجب أن تكون أنت وعائلتك في السويد عندما تقدم الطلب. ينبغي أن يصل الطلب خلال شهرين من الرفض، لكن مصلحة الهجرة يمكن أن تقبل طلبًا متأخرًا إذا كانت هناك أسباب.

الدعم {{amount:reintegration_support.amount_per_adult}} لكل بالغ و{{amount:reintegration_support.amount_per_child}} لكل طفل، و{{amount:reintegration_support.household_cap}} كحد أقصى لكل عائلة. هذه المبالغ مأخوذة من مصادر غير صفحات مصلحة الهجرة نفسها؛ اسأل مصلحة الهجرة. يُدفع الدعم في البلد الذي تنتقل إليه.

## مصلحة الهجرة هي التي تقرر
لا أحد غير مصلحة الهجرة يستطيع أن يعدك بالمال. [قم بالاختبار الذاتي](route:self_check) لترى ما قد ينطبق عليك.""",
    ),
    "so": Text(
        "Deeqda dib-u-noqoshada (återvandringsbidrag) iyo taageerada dib-u-dejinta (återetableringsstöd)",
        "Lacagta Migrationsverket bixin karo, iyo cidda loo bixiyo.",
        f"""Migrationsverket waxay leedahay laba nooc oo taageero ah. Lacagaha halkan ku qoran waxay khuseeyaan maanta, waxayna ka yimaadaan isla xeerarka uu isticmaalo is-hubinta.

## Deeqda dib-u-noqoshada (återvandringsbidrag) – haddii aad haysato sharci deganaansho
Deeqdu waa {{amount:return_grant.amount_per_adult}} qofkii qaangaar ah iyo {{amount:return_grant.amount_per_child}} ilmo kasta oo ka yar 18 sano. Lammaanaha ama is-qabayaashu waxay wadajir u helayaan ugu badnaan {{amount:return_grant.couple_cap}}, qoyskuna ugu badnaan {{amount:return_grant.household_cap}}. [Migrationsverket oo ku saabsan deeqda dib-u-noqoshada]({MV_GRANT_2026})

Waxaad heli kartaa deeqda haddii aad:
- ku diiwaangashan tahay Iswiidhan (folkbokförd) oo aadan ahayn muwaadin Iswiidhish ah,
- heshay sharcigaaga deganaanshaha {{date:return_grant.permit_granted_on_or_before}} ama ka hor, adiga oo ah qaxooti, qof u baahan ilaalin, qaxooti kootada ah ama sababo aad u naxariis badan (synnerligen ömmande omständigheter) awgood,
- ama haysato sharci joogto ah oo ku salaysan sharciga dugsiga sare (gymnasielagen) ama sharciga ku meel gaarka ah ee 2016,
- oo aadan lahayn deymo aan la bixin oo lagu leeyahay Kronofogden (hay'adda dayn-soo-celinta) ama CSN (hay'adda deymaha waxbarashada). Tani waxay khusaysaa dayn kasta oo aan la bixin, xitaa dayn aad ku bixinayso qorshe qaybqaybin ah.

Xubnaha qoyska waa la tiriyaa haddii ay heleen sharcigooda iyaga oo kula xiriira adiga isla taariikhdaas ama ka hor, oo ay kula nool yihiin. [Migrationsverket oo ku saabsan shuruudaha]({MV_GRANT_2026})

## Taageerada dib-u-dejinta (återetableringsstöd) – haddii codsigaaga magangalyada la diiday
Taageeradani waxay kuu tahay haddii codsigaaga magangalyada la diiday, ama aad dib u qaadatay, oo aad ku noqonayso mid ka mid ah waddamada ay Migrationsverket liiska ku qortay: {{countries:reintegration_support.countries}}. [Migrationsverket oo ku saabsan taageerada dib-u-dejinta]({MV_REINTEGRATION})

Adiga iyo qoyskaaguba waa inaad joogtaan Iswiidhan marka aad codsanayso. Codsigu waa inuu yimaadaa laba bilood gudahood kadib diidmada, laakiin Migrationsverket way aqbali kartaa codsi dambe haddii ay jiraan sababo.

Taageeradu waa {{amount:reintegration_support.amount_per_adult}} qofkii qaangaar ah iyo {{amount:reintegration_support.amount_per_child}} ilmo kasta, ugu badnaan {{amount:reintegration_support.household_cap}} qoyskiiba. Lacagahan waxay ka yimaadeen ilo kale oo aan ahayn bogagga Migrationsverket; weydii Migrationsverket. Waxaa lagu bixiyaa waddanka aad u guurayso.

## Migrationsverket ayaa go'aamisa
Cid aan Migrationsverket ahayn kuma ballan qaadi karto lacag. [Samee is-hubinta](route:self_check) si aad u aragto waxa adiga kuu khusayn kara.""",
    ),
    "prs": Text(
        "کمک هزینه بازگشت (återvandringsbidrag) و کمک برای اسکان دوباره (återetableringsstöd)",
        "اداره مهاجرت (Migrationsverket) چه پولی می‌تواند بپردازد و به چه کسی.",
        f"""اداره مهاجرت (Migrationsverket) دو نوع کمک مختلف دارد. مبلغ‌های این صفحه امروز معتبر اند و از همان قواعدی می‌آیند که آزمون خودی از آن‌ها استفاده می‌کند.

## کمک هزینه بازگشت (återvandringsbidrag) – اگر اجازه اقامت دارید
این کمک {{amount:return_grant.amount_per_adult}} برای هر بزرگسال و {{amount:return_grant.amount_per_child}} برای هر کودک زیر ۱۸ سال است. زن و شوهر یا شریک‌های زندگی با هم حداکثر {{amount:return_grant.couple_cap}} و یک خانواده حداکثر {{amount:return_grant.household_cap}} می‌گیرند. [اداره مهاجرت درباره کمک هزینه بازگشت]({MV_GRANT_2026})

شما می‌توانید این کمک را بگیرید اگر:
- در سویدن ثبت نفوس (folkbokförd) هستید و تابعیت سویدن را ندارید،
- اجازه اقامت خود را در {{date:return_grant.permit_granted_on_or_before}} یا پیش از آن به عنوان پناهنده، شخص نیازمند حمایت، پناهنده سهمیه‌ای یا به دلیل شرایط بسیار دشوار انسانی (synnerligen ömmande omständigheter) گرفته‌اید،
- یا اجازه اقامت دایمی طبق قانون لیسه (gymnasielagen) یا قانون موقت سال ۲۰۱۶ دارید،
- و هیچ قرض پرداخت‌نشده به اداره اجرائیه (Kronofogden) یا اداره قرضه تحصیلی (CSN) ندارید. این شامل هر قرض پرداخت‌نشده است، حتی قرضی که طبق پلان قسط‌بندی می‌پردازید.

اعضای خانواده حساب می‌شوند اگر اجازه اقامت خود را به دلیل پیوند با شما تا همان تاریخ گرفته باشند و با شما زندگی کنند. [اداره مهاجرت درباره شرایط]({MV_GRANT_2026})

## کمک برای اسکان دوباره (återetableringsstöd) – اگر درخواست پناهندگی شما رد شده است
این کمک برای شماست اگر درخواست پناهندگی شما رد شده یا آن را پس گرفته‌اید و به یکی از کشورهایی برمی‌گردید که اداره مهاجرت فهرست کرده است: {{countries:reintegration_support.countries}}. [اداره مهاجرت درباره کمک برای اسکان دوباره]({MV_REINTEGRATION})

شما و خانواده شما هنگام درخواست باید در سویدن باشید. درخواست باید در مدت دو ماه پس از رد شدن برسد، اما اداره مهاجرت اگر دلیلی باشد می‌تواند درخواست دیرتر را هم بپذیرد.

این کمک {{amount:reintegration_support.amount_per_adult}} برای هر بزرگسال و {{amount:reintegration_support.amount_per_child}} برای هر کودک است، حداکثر {{amount:reintegration_support.household_cap}} برای هر خانواده. این مبلغ‌ها از منابعی غیر از صفحه‌های خود اداره مهاجرت آمده‌اند؛ از اداره مهاجرت بپرسید. این کمک در کشوری پرداخت می‌شود که به آن می‌روید.

## اداره مهاجرت تصمیم می‌گیرد
هیچ کسی جز اداره مهاجرت نمی‌تواند به شما وعده پول بدهد. [آزمون خودی را انجام دهید](route:self_check) تا ببینید چه چیزی ممکن است برای شما صدق کند.""",
    ),
    "bs": Text(
        "Pomoć za povratak (återvandringsbidrag) i podrška za ponovno uspostavljanje (återetableringsstöd)",
        "Koji novac Migrationsverket može isplatiti, i kome.",
        f"""Migrationsverket ima dvije različite vrste podrške. Iznosi ovdje važe danas i dolaze iz istih pravila koja koristi samoprovjera.

## Pomoć za povratak (återvandringsbidrag) – ako imate boravišnu dozvolu
Pomoć iznosi {{amount:return_grant.amount_per_adult}} po odrasloj osobi i {{amount:return_grant.amount_per_child}} po djetetu mlađem od 18 godina. Supružnici ili partneri zajedno dobijaju najviše {{amount:return_grant.couple_cap}}, a porodica najviše {{amount:return_grant.household_cap}}. [Migrationsverket o pomoći za povratak]({MV_GRANT_2026})

Pomoć možete dobiti ako:
- ste prijavljeni kao stanovnik Švedske (folkbokförd) i niste švedski državljanin,
- ste dobili boravišnu dozvolu najkasnije {{date:return_grant.permit_granted_on_or_before}} kao izbjeglica, osoba kojoj je potrebna supsidijarna zaštita, izbjeglica po kvoti ili zbog posebno teških okolnosti (synnerligen ömmande omständigheter),
- ili imate stalnu dozvolu po zakonu o srednjoj školi (gymnasielagen) ili privremenom zakonu iz 2016,
- i nemate neplaćenih dugova prema Kronofogdenu (izvršnoj službi) ili CSN-u (službi za studentske kredite). To važi za svaki neplaćeni dug, i za dug koji otplaćujete po planu otplate.

Članovi porodice se računaju ako su dozvolu dobili na osnovu veze s vama do istog datuma i žive s vama. [Migrationsverket o uslovima]({MV_GRANT_2026})

## Podrška za ponovno uspostavljanje (återetableringsstöd) – ako vam je zahtjev za azil odbijen
Ova podrška je za vas ako vam je zahtjev za azil odbijen, ili ste ga povukli, i vraćate se u jednu od zemalja koje Migrationsverket navodi: {{countries:reintegration_support.countries}}. [Migrationsverket o podršci za ponovno uspostavljanje]({MV_REINTEGRATION})

Vi i vaša porodica morate biti u Švedskoj kada podnosite zahtjev. Zahtjev bi trebalo podnijeti u roku od dva mjeseca nakon odbijanja, ali Migrationsverket može prihvatiti i kasniji zahtjev ako za to postoje razlozi.

Podrška iznosi {{amount:reintegration_support.amount_per_adult}} po odrasloj osobi i {{amount:reintegration_support.amount_per_child}} po djetetu, najviše {{amount:reintegration_support.household_cap}} po porodici. Ovi iznosi dolaze iz drugih izvora, ne sa stranica samog Migrationsverketa; pitajte Migrationsverket. Isplaćuje se u zemlji u koju se selite.

## Migrationsverket odlučuje
Niko osim Migrationsverketa vam ne može obećati novac. [Uradite samoprovjeru](route:self_check) da vidite šta bi moglo važiti za vas.""",
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
    "ar": Text(
        "ماذا يحدث لتصريح إقامتي؟",
        "إذا انتقلت مع منحة العودة فقد تفقد تصريحك الدائم.",
        f"""## يُسحب تصريح الإقامة الدائمة
بعد أن تسافر مع منحة العودة (återvandringsbidrag) تسحب مصلحة الهجرة (Migrationsverket) تصريح إقامتك الدائمة. هذا يعني أنه لم يعد لك حق العيش في السويد. [مصلحة الهجرة عن العودة]({MV_RETURN})

## إذا أردت أن تعود إلى السويد
إذا عدت إلى السويد أو قدمت طلب لجوء مرة أخرى، فقد يكون عليك أن ترد المنحة، بحسب ما ذكرته وسائل الإعلام. لم تؤكد مصلحة الهجرة ذلك على صفحاتها بعد. [مصلحة الهجرة عن منحة العودة]({MV_GRANT_2026})

## إذا لم تأخذ المنحة
إذا انتقلت دون المنحة، تنطبق القواعد العادية لتصريحك. اسأل مصلحة الهجرة عمّا ينطبق عليك أنت قبل أن تسافر.

## الجنسية السويدية
المواطن السويدي لا يمكنه الحصول على المنحة. الانتقال لا يغيّر جنسيتك.""",
    ),
    "so": Text(
        "Maxaa ku dhacaya sharcigayga deganaanshaha?",
        "Haddii aad ku guurto deeqda dib-u-noqoshada, waxaa laga yaabaa inaad waydo sharcigaaga joogtada ah.",
        f"""## Sharciga deganaanshaha joogtada ah waa lagaala noqonayaa
Markaad ku safarto deeqda dib-u-noqoshada (återvandringsbidrag), Migrationsverket waxay kaa noqonaysaa sharcigaaga deganaanshaha joogtada ah. Taasi waxay ka dhigan tahay inaadan mar dambe xaq u lahayn inaad ku noolaato Iswiidhan. [Migrationsverket oo ku saabsan ku noqoshada]({MV_RETURN})

## Haddii aad rabto inaad soo noqoto
Haddii aad dib ugu soo guurto Iswiidhan ama aad mar kale codsato magangalyo, waxaa laga yaabaa inaad dib u bixiso deeqda, sida ay warbaahintu sheegtay. Migrationsverket weli kuma xaqiijin arrintan bogaggeeda. [Migrationsverket oo ku saabsan deeqda dib-u-noqoshada]({MV_GRANT_2026})

## Haddii aadan qaadan deeqda
Haddii aad guurto adiga oo aan deeqda qaadan, waxaa khuseeya xeerarka caadiga ah ee sharcigaaga. Weydii Migrationsverket waxa adiga kuu khuseeya ka hor intaadan safrin.

## Dhalashada Iswiidhan
Qofka muwaadinka Iswiidhan ah ma heli karo deeqda. Guurista isma beddesho dhalashadaada.""",
    ),
    "prs": Text(
        "با اجازه اقامت من چه می‌شود؟",
        "اگر با کمک هزینه بازگشت بروید، ممکن است اجازه اقامت دایمی خود را از دست بدهید.",
        f"""## اجازه اقامت دایمی لغو می‌شود
وقتی با کمک هزینه بازگشت (återvandringsbidrag) سفر کردید، اداره مهاجرت (Migrationsverket) اجازه اقامت دایمی شما را لغو می‌کند. این یعنی شما دیگر حق زندگی در سویدن را ندارید. [اداره مهاجرت درباره بازگشت]({MV_RETURN})

## اگر بخواهید دوباره برگردید
اگر دوباره به سویدن برگردید یا باز درخواست پناهندگی کنید، طبق گزارش‌های رسانه‌ها ممکن است لازم باشد کمک هزینه را پس بپردازید. اداره مهاجرت هنوز این را در صفحه‌های خود تأیید نکرده است. [اداره مهاجرت درباره کمک هزینه بازگشت]({MV_GRANT_2026})

## اگر کمک هزینه را نگیرید
اگر بدون کمک هزینه بروید، قواعد عادی اجازه اقامت شما صدق می‌کند. پیش از سفر از اداره مهاجرت بپرسید که برای خود شما چه چیزی صدق می‌کند.

## تابعیت سویدن
کسی که تابعیت سویدن دارد نمی‌تواند این کمک هزینه را بگیرد. رفتن شما تابعیت شما را تغییر نمی‌دهد.""",
    ),
    "bs": Text(
        "Šta će biti s mojom boravišnom dozvolom?",
        "Ako se preselite uz pomoć za povratak, možete izgubiti stalnu dozvolu.",
        f"""## Stalna boravišna dozvola se oduzima
Kada otputujete uz pomoć za povratak (återvandringsbidrag), Migrationsverket vam oduzima stalnu boravišnu dozvolu. To znači da više nemate pravo živjeti u Švedskoj. [Migrationsverket o povratku]({MV_RETURN})

## Ako se želite vratiti
Ako se vratite u Švedsku ili ponovo zatražite azil, prema pisanju medija možda ćete morati vratiti pomoć. Migrationsverket to još nije potvrdio na svojim stranicama. [Migrationsverket o pomoći za povratak]({MV_GRANT_2026})

## Ako ne uzmete pomoć
Ako se preselite bez pomoći, važe uobičajena pravila za vašu dozvolu. Prije putovanja pitajte Migrationsverket šta važi baš za vas.

## Švedsko državljanstvo
Švedski državljanin ne može dobiti pomoć. Preseljenje ne mijenja vaše državljanstvo.""",
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
    "ar": Text(
        "كيف تقدم الطلب إلى مصلحة الهجرة",
        "يُقدَّم الطلب إلى مصلحة الهجرة (Migrationsverket)، وليس إلى البلدية.",
        f"""## الطلب يذهب إلى مصلحة الهجرة
تقدم طلب منحة العودة (återvandringsbidrag) أو دعم إعادة الاستقرار (återetableringsstöd) إلى مصلحة الهجرة (Migrationsverket). البلدية لا تستطيع أن تمنح الدعم. [مصلحة الهجرة عن طريقة التقديم]({MV_GRANT_2026})

## جهّز هذه الوثائق
- جواز سفر وطني ساري المفعول من بلدك الأصلي. وثيقة السفر السويدية أو جواز الأجانب لا يكفي. [مصلحة الهجرة عن شرط جواز السفر]({MV_RETURN})
- تصريح للعيش في البلد الذي تنتقل إليه، إذا لم يكن بلدك الأصلي.
- تأشيرة عبور إذا كانت الرحلة تمر ببلد يحتاج إليها.

## ماذا يحدث بعد ذلك؟
تدرس مصلحة الهجرة الطلب وترسل قرارًا. وفق القواعد التي كانت سارية حتى نهاية 2025 كانت مصلحة الهجرة تدفع أيضًا تكاليف السفر؛ اسأل مصلحة الهجرة عمّا ينطبق عليك. [مصلحة الهجرة عن العودة]({MV_RETURN})

يُدفع دعم إعادة الاستقرار في البلد الذي تنتقل إليه. [مصلحة الهجرة عن دعم إعادة الاستقرار]({MV_REINTEGRATION})

## هل تريد مساعدة؟
يمكن لمستشار العودة في البلدية أن يراجع الطلب معك، مع مترجم فوري إذا احتجت. [اطلب موعدًا](route:contact).""",
    ),
    "so": Text(
        "Sida loo codsado Migrationsverket",
        "Codsiga waxaa loo gudbiyaa Migrationsverket, ma aha degmada.",
        f"""## Codsigu wuxuu aadaa Migrationsverket
Deeqda dib-u-noqoshada (återvandringsbidrag) ama taageerada dib-u-dejinta (återetableringsstöd) waxaad ka codsanaysaa Migrationsverket. Degmadu ma bixin karto taageerada. [Migrationsverket oo ku saabsan sida loo codsado]({MV_GRANT_2026})

## Diyaari dukumentiyadan
- Baasaboor waddani ah oo ansax ah oo ka yimid waddankaaga hooyo. Dukumentiga safarka ee Iswiidhan ama baasaboorka ajnabiga kuma filna. [Migrationsverket oo ku saabsan shuruudda baasaboorka]({MV_RETURN})
- Oggolaansho aad ku noolaan karto waddanka aad u guurayso, haddii uusan ahayn waddankaaga asalka ah.
- Fiisada marinka (transit) haddii safarku maro waddan looga baahan yahay.

## Maxaa xiga?
Migrationsverket ayaa baarta codsiga oo soo dirta go'aan. Sida xeerarkii jiray ilaa dhammaadka 2025, Migrationsverket waxay sidoo kale bixin jirtay safarka; weydii Migrationsverket waxa adiga kuu khuseeya. [Migrationsverket oo ku saabsan ku noqoshada]({MV_RETURN})

Taageerada dib-u-dejinta waxaa lagu bixiyaa waddanka aad u guurayso. [Migrationsverket oo ku saabsan taageerada dib-u-dejinta]({MV_REINTEGRATION})

## Ma rabtaa caawimaad?
La-taliyaha dib-u-noqoshada ee degmada ayaa kula eegi kara codsiga, isaga oo turjubaan kuu helaya haddii aad u baahato. [Codso kulan](route:contact).""",
    ),
    "prs": Text(
        "چگونه به اداره مهاجرت درخواست بدهید",
        "درخواست به اداره مهاجرت (Migrationsverket) داده می‌شود، نه به شاروالی.",
        f"""## درخواست به اداره مهاجرت می‌رود
شما درخواست کمک هزینه بازگشت (återvandringsbidrag) یا کمک برای اسکان دوباره (återetableringsstöd) را به اداره مهاجرت (Migrationsverket) می‌دهید. شاروالی نمی‌تواند این کمک را بدهد. [اداره مهاجرت درباره چگونگی درخواست]({MV_GRANT_2026})

## این اسناد را آماده کنید
- یک پاسپورت ملی معتبر از کشور اصلی شما. سند سفر سویدنی یا پاسپورت بیگانگان کافی نیست. [اداره مهاجرت درباره شرط پاسپورت]({MV_RETURN})
- اجازه زندگی در کشوری که به آن می‌روید، اگر کشور اصلی شما نیست.
- ویزای ترانزیت اگر سفر از کشوری می‌گذرد که به آن نیاز دارد.

## بعد چه می‌شود؟
اداره مهاجرت درخواست را بررسی می‌کند و تصمیم را می‌فرستد. طبق قواعدی که تا پایان سال ۲۰۲۵ معتبر بود، اداره مهاجرت هزینه سفر را هم می‌پرداخت؛ از اداره مهاجرت بپرسید که برای شما چه صدق می‌کند. [اداره مهاجرت درباره بازگشت]({MV_RETURN})

کمک برای اسکان دوباره در کشوری پرداخت می‌شود که به آن می‌روید. [اداره مهاجرت درباره کمک برای اسکان دوباره]({MV_REINTEGRATION})

## کمک می‌خواهید؟
یک مشاور بازگشت در شاروالی می‌تواند درخواست را با شما مرور کند، اگر لازم باشد با ترجمان. [درخواست ملاقات کنید](route:contact).""",
    ),
    "bs": Text(
        "Kako podnijeti zahtjev Migrationsverketu",
        "Zahtjev se podnosi Migrationsverketu, ne gradu.",
        f"""## Zahtjev ide Migrationsverketu
Zahtjev za pomoć za povratak (återvandringsbidrag) ili podršku za ponovno uspostavljanje (återetableringsstöd) podnosite Migrationsverketu. Grad ne može odobriti podršku. [Migrationsverket o tome kako podnijeti zahtjev]({MV_GRANT_2026})

## Pripremite ove dokumente
- Važeći nacionalni pasoš vaše domovine. Švedski putni dokument ili pasoš za strance nije dovoljan. [Migrationsverket o uslovu za pasoš]({MV_RETURN})
- Dozvolu za život u zemlji u koju se selite, ako to nije vaša zemlja porijekla.
- Tranzitne vize ako putovanje ide kroz zemlju u kojoj su potrebne.

## Šta se dešava poslije?
Migrationsverket razmatra zahtjev i šalje odluku. Po pravilima koja su važila do kraja 2025. Migrationsverket je plaćao i putovanje; pitajte Migrationsverket šta važi za vas. [Migrationsverket o povratku]({MV_RETURN})

Podrška za ponovno uspostavljanje isplaćuje se u zemlji u koju se selite. [Migrationsverket o podršci za ponovno uspostavljanje]({MV_REINTEGRATION})

## Želite li pomoć?
Savjetnik za povratak u gradu može s vama proći kroz zahtjev, uz tumača ako vam je potreban. [Zatražite sastanak](route:contact).""",
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
    "ar": Text(
        "ما الذي يمكن أن تساعدك فيه البلدية",
        "محادثات ومعلومات ومساعدة في التواصل مع مصلحة الهجرة – إذا أردت.",
        f"""## حديث مع مستشار العودة
يمكنك أن تلتقي بمستشار وتطرح أسئلتك. اللقاء مجاني. يمكنك الحصول على مترجم فوري. يشرح لك المستشار ما ينطبق، لكنه لا يقرر شيئًا نيابة عنك.

## مساعدة في التواصل مع مصلحة الهجرة
لا يحق للبلدية أن تعطي معلومات عنك لمصلحة الهجرة (Migrationsverket) إلا إذا وافقت. يمكنك أن تسحب موافقتك. [قانون العلنية والسرية]({OSL})

## التخطيط للانتقال
يمكن للمستشار أن يساعدك في التخطيط: الوثائق، والسكن، والعمل، وما يجب إنهاؤه في السويد. [مصلحة الهجرة عن دور البلديات]({MV_MUNICIPALITIES})

## كيف تحجز موعدًا
[املأ الاستمارة لتطلب موعدًا](route:contact). لا يلزمك أن تكتب اسمك الكامل. يتصل بك مستشار ليحجز لك وقتًا. على البلدية أن تساعد من يسأل، وفق [قانون الإجراءات الإدارية]({FL}).""",
    ),
    "so": Text(
        "Waxa degmadu kaa caawin karto",
        "Wada-hadal, macluumaad iyo caawimaad xiriirka Migrationsverket – haddii aad rabto.",
        f"""## La hadal la-taliyaha dib-u-noqoshada
Waxaad la kulmi kartaa la-taliye oo aad weydiin kartaa su'aalahaaga. Kulanku waa bilaash. Waxaad heli kartaa turjubaan. La-taliyuhu wuxuu kuu sheegayaa waxa khuseeya, laakiin waxba kuma go'aamiyo adiga beddelkaaga.

## Caawimaad xiriirka Migrationsverket
Degmadu waxay Migrationsverket siin kartaa macluumaad adiga kugu saabsan oo keliya haddii aad oggolaato. Waad ka noqon kartaa oggolaanshahaaga. [Sharciga furnaanta iyo sirta]({OSL})

## Qorsheynta guurista
La-taliyuhu wuxuu kaa caawin karaa qorsheynta: dukumentiyada, guriga, shaqada iyo waxa u baahan in la xiro Iswiidhan. [Migrationsverket oo ku saabsan doorka degmooyinka]({MV_MUNICIPALITIES})

## Sida loo ballansado kulan
[Buuxi foomka si aad u codsato kulan](route:contact). Uma baahnid inaad qorto magacaaga oo buuxa. La-taliye ayaa kula soo xiriiraya si uu waqti kuu ballansado. Degmadu waa inay caawisaa qofka wax weydiiya, sida uu dhigayo [sharciga maamulka]({FL}).""",
    ),
    "prs": Text(
        "شاروالی در این موارد می‌تواند به شما کمک کند",
        "گفتگو، معلومات و کمک در تماس با اداره مهاجرت – اگر بخواهید.",
        f"""## گفتگو با یک مشاور بازگشت
شما می‌توانید با یک مشاور ملاقات کنید و سوال‌های خود را بپرسید. ملاقات رایگان است. می‌توانید ترجمان داشته باشید. مشاور به شما می‌گوید چه قواعدی صدق می‌کند، اما به جای شما تصمیم نمی‌گیرد.

## کمک در تماس با اداره مهاجرت
شاروالی فقط وقتی می‌تواند معلومات شما را به اداره مهاجرت (Migrationsverket) بدهد که شما رضایت بدهید. شما می‌توانید رضایت خود را پس بگیرید. [قانون علنی بودن و محرمیت]({OSL})

## برنامه‌ریزی برای رفتن
مشاور می‌تواند در برنامه‌ریزی به شما کمک کند: اسناد، خانه، کار و کارهایی که در سویدن باید تمام شوند. [اداره مهاجرت درباره نقش شاروالی‌ها]({MV_MUNICIPALITIES})

## چگونه وقت ملاقات بگیرید
[فورمه را پر کنید تا درخواست ملاقات کنید](route:contact). لازم نیست نام کامل خود را بنویسید. یک مشاور با شما تماس می‌گیرد تا وقت ملاقات تعیین کند. شاروالی طبق [قانون اداری]({FL}) باید به کسی که می‌پرسد کمک کند.""",
    ),
    "bs": Text(
        "U čemu vam grad može pomoći",
        "Razgovori, informacije i pomoć u kontaktu s Migrationsverketom – ako to želite.",
        f"""## Razgovor sa savjetnikom za povratak
Možete se sastati sa savjetnikom i postaviti svoja pitanja. Sastanak je besplatan. Možete dobiti tumača. Savjetnik vam kaže šta važi, ali ništa ne odlučuje umjesto vas.

## Pomoć u kontaktu s Migrationsverketom
Grad smije dati podatke o vama Migrationsverketu samo ako pristanete. Svoj pristanak možete povući. [Zakon o javnosti i tajnosti]({OSL})

## Planiranje preseljenja
Savjetnik vam može pomoći da planirate: dokumente, stan, posao i ono što treba završiti u Švedskoj. [Migrationsverket o ulozi općina]({MV_MUNICIPALITIES})

## Kako zakazati sastanak
[Popunite obrazac da zatražite sastanak](route:contact). Ne morate navesti puno ime. Savjetnik će vas kontaktirati da zakaže termin. Grad mora pomoći onima koji pitaju, prema [Zakonu o upravnom postupku]({FL}).""",
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
    """Create and publish the demo pages that do not exist yet, and the languages an existing demo page has no
    version in; returns how many pages were created."""
    created = 0
    for spec in PAGES:
        page = queries.any_page(spec.slug)
        if page is None:
            page = actions.do_create_page(actor=SYSTEM, slug=spec.slug, audience=spec.audience, order=spec.order)
            created += 1
        present = queries.languages_with_a_version(page)
        for language, text in spec.texts.items():
            if language in present:
                continue
            version = actions.do_save_draft(
                actor=SYSTEM, page=page, language=language, title=text.title, summary=text.summary, body=text.body,
            )
            actions.do_publish(actor=SYSTEM, version=version)
    return created


def demo_step(*, create: bool) -> DemoOutcome | None:
    """Information pages for residents and staff."""
    if create:
        created = load()
        return DemoOutcome(summary=f"Demo information pages created: {created}.")
    return None
