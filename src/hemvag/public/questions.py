"""The self-check's question texts, hints and answer choices: every string translatable.

A member question has two wordings: one to the visitor ("Are you …") and one about another member of the
household ("Is your partner …"), which names the person with `who`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hemvag.core.countries import countries_sorted
from hemvag.core.forms import AccessibleErrorsMixin
from hemvag.public.selfcheck import MAX_CHILDREN, Person, Question


@dataclass(frozen=True)
class Wording:
    to_you: Promise
    about: Promise  # "%(who)s" names the other person
    hint: Promise | str = ""


WORDINGS: dict[str, Wording] = {
    "swedish_citizen": Wording(
        gettext_lazy("Are you a Swedish citizen?"), gettext_lazy("Is %(who)s a Swedish citizen?"),
        gettext_lazy("Answer yes also if you are a citizen of Sweden and of another country."),
    ),
    "permit_ground": Wording(
        gettext_lazy("What is your residence permit based on?"),
        gettext_lazy("What is the residence permit of %(who)s based on?"),
        gettext_lazy("It says on the decision from Migrationsverket. If you are not sure, choose “I don't know”."),
    ),
    "permit_granted_on": Wording(
        gettext_lazy("When did you get your residence permit?"),
        gettext_lazy("When did %(who)s get the residence permit?"),
        gettext_lazy("The date of the first decision that gave the permit, for example 2017-06-01."),
    ),
    "permit_permanent": Wording(
        gettext_lazy("Is your residence permit permanent?"),
        gettext_lazy("Is the residence permit of %(who)s permanent?"),
        gettext_lazy("Permanent means that it has no end date (permanent uppehållstillstånd)."),
    ),
    "permit_valid": Wording(
        gettext_lazy("Is your residence permit valid today?"),
        gettext_lazy("Is the residence permit of %(who)s valid today?"),
    ),
    "asylum_outcome": Wording(
        gettext_lazy("What happened to your application for asylum?"),
        gettext_lazy("What happened to the application for asylum of %(who)s?"),
        gettext_lazy("Reintegration support is for people whose application for asylum was refused or withdrawn."),
    ),
    "asylum_decided_on": Wording(
        gettext_lazy("When was the decision on your application for asylum?"),
        gettext_lazy("When was the decision on the application for asylum of %(who)s?"),
        gettext_lazy("The date on the decision, for example 2026-09-15."),
    ),
    "asylum_late_application_accepted": Wording(
        gettext_lazy("Has Migrationsverket accepted your reasons for applying more than two months after the refusal?"),
        gettext_lazy("Has Migrationsverket accepted the reasons of %(who)s for applying more than two months after "
                     "the refusal?"),
        gettext_lazy("The application should come in within two months of the refusal, but Migrationsverket can "
                     "accept a later one if there are reasons. A counsellor can help you find out."),
    ),
    "in_sweden": Wording(
        gettext_lazy("Are you and your family in Sweden now?"), gettext_lazy("Are you and your family in Sweden now?"),
        gettext_lazy("Reintegration support can only be applied for while you and the family who move with you "
                     "are in Sweden."),
    ),
    "asylum_admission_likely": Wording(
        gettext_lazy("Will the country you move to let you in?"),
        gettext_lazy("Will the country let %(who)s in?"),
        gettext_lazy("For example because you are a citizen there and have, or can get, a passport."),
    ),
    "registered_in_sweden": Wording(
        gettext_lazy("Are you registered as living in Sweden (folkbokförd)?"),
        gettext_lazy("Is %(who)s registered as living in Sweden (folkbokförd)?"),
    ),
    "received_grant_before": Wording(
        gettext_lazy("Have you had this support from Migrationsverket before?"),
        gettext_lazy("Has %(who)s had this support from Migrationsverket before?"),
    ),
    "debts_to_authorities": Wording(
        gettext_lazy("Do you have unpaid debts to Kronofogden or CSN?"),
        gettext_lazy("Does %(who)s have unpaid debts to Kronofogden or CSN?"),
        gettext_lazy("Answer yes also if you pay according to a payment plan: a debt counts until it is paid in full."),
    ),
    "can_pay_journey": Wording(
        gettext_lazy("Do you have your own income or savings that are enough to pay for the journey?"),
        gettext_lazy("Does %(who)s have income or savings that are enough to pay for the journey?"),
    ),
    "lives_with_main_applicant": Wording(
        gettext_lazy("Do you live together?"), gettext_lazy("Does %(who)s live with you?"),
        gettext_lazy("Answer yes also if you lived together until just before you move."),
    ),
    "special_reasons_accepted": Wording(
        gettext_lazy("Has Migrationsverket accepted special reasons for you?"),
        gettext_lazy("Has Migrationsverket accepted special reasons for %(who)s to count in your family?"),
        gettext_lazy("Only for a partner you are not married to, or a child who is 18 or older. "
                     "A counsellor can help you find out."),
    ),
    "birth_date": Wording(
        gettext_lazy("What is your date of birth?"), gettext_lazy("What is the date of birth of %(who)s?"),
        gettext_lazy("For example 1985-04-23. It decides who counts as an adult."),
    ),
    "has_valid_national_passport": Wording(
        gettext_lazy("Do you have a valid passport from your home country?"),
        gettext_lazy("Does %(who)s have a valid passport from the home country?"),
    ),
    "destination_country": Wording(
        gettext_lazy("Which country would you move to?"), gettext_lazy("Which country would you move to?"),
    ),
    "settles_permanently": Wording(
        gettext_lazy("Do you plan to live there permanently?"), gettext_lazy("Do you plan to live there permanently?"),
        gettext_lazy("Both supports are for people who move to live in the other country, not for a visit."),
    ),
}

PROGRAM_LABELS = {
    "return_grant": gettext_lazy("Return grant – for people who have a residence permit in Sweden"),
    "reintegration_support": gettext_lazy(
        "Reintegration support – for people whose application for asylum was refused or withdrawn"
    ),
}
PROGRAM_NAMES = {
    "return_grant": gettext_lazy("the return grant"),
    "reintegration_support": gettext_lazy("reintegration support"),
}
PARTNER_LABELS = {
    "none": gettext_lazy("No"),
    "spouse": gettext_lazy("Yes, my husband or wife"),
    "cohabiting_partner": gettext_lazy("Yes, my partner (sambo) – we are not married"),
}
GROUND_LABELS = {
    "refugee": gettext_lazy("Refugee (flykting)"),
    "subsidiary_protection": gettext_lazy("Subsidiary protection (alternativt skyddsbehövande)"),
    "other_protection": gettext_lazy("Other need of protection (övrigt skyddsbehövande)"),
    "quota_refugee": gettext_lazy("Quota refugee (kvotflykting)"),
    "exceptionally_distressing": gettext_lazy("Exceptionally distressing circumstances (synnerligen ömmande)"),
    "particularly_distressing": gettext_lazy("Particularly distressing circumstances (särskilt ömmande), children"),
    "upper_secondary_school_act": gettext_lazy("The Upper Secondary School Act (gymnasielagen)"),
    "temporary_act_2016": gettext_lazy("The temporary act of 2016 (tillfälliga lagen)"),
    "temporary_protection_directive": gettext_lazy("Temporary protection directive (massflyktsdirektivet)"),
    "family_ties": gettext_lazy("Family ties to someone in Sweden (anknytning)"),
    "work": gettext_lazy("Work"),
    "studies": gettext_lazy("Studies"),
    "other": gettext_lazy("Other"),
}
ASYLUM_LABELS = {
    "refused": gettext_lazy("It was refused"),
    "withdrawn": gettext_lazy("I withdrew it"),
    "pending": gettext_lazy("I am still waiting for a decision"),
    "none": gettext_lazy("I have not applied for asylum"),
}
YES_NO = {"true": gettext_lazy("Yes"), "false": gettext_lazy("No")}


def who(person: Person) -> str:
    if person.role == "spouse":
        return _("your husband or wife")
    if person.role == "cohabiting_partner":
        return _("your partner")
    return _("child %(number)s") % {"number": person.number}


def heading(question: Question, people: list[Person]) -> str:
    if question.kind == "program":
        return _("Which support do you want to check?")
    if question.kind == "partner":
        return _("Would a husband, wife or partner move with you?")
    if question.kind == "children":
        return _("How many of your children would move with you?")
    wording = WORDINGS[question.column or ""]
    if question.member in (None, 0):
        return str(wording.to_you)
    return str(wording.about) % {"who": who(people[question.member])}


def hint(question: Question) -> str:
    if question.kind == "program":
        return _("You can check the other support afterwards.")
    if question.kind == "children":
        return _("Count children of any age who live with you and would move too. Write 0 if none.")
    wording = WORDINGS.get(question.column or "")
    return str(wording.hint) if wording else ""


def _choices(question: Question, language: str) -> list[tuple[str, str]]:
    labels = {
        "program": PROGRAM_LABELS, "partner": PARTNER_LABELS, "bool": YES_NO, "ground": GROUND_LABELS,
        "asylum_outcome": ASYLUM_LABELS,
    }.get(question.kind)
    if labels is not None:
        return [(value, str(label)) for value, label in labels.items()]
    if question.kind == "country":
        return [("", _("Choose a country")), *countries_sorted(language)]
    return []


class AnswerForm(AccessibleErrorsMixin, forms.Form):
    """One field, `value`, shaped by the kind of question; its label is the page's heading."""

    def __init__(self, question: Question, people: list[Person], language: str, *args: object,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        label, help_text = heading(question, people), hint(question)
        required = _("Choose an answer, or “I don't know”.")
        if question.kind in {"program", "partner", "bool", "ground", "asylum_outcome"}:
            field: forms.Field = forms.ChoiceField(
                choices=_choices(question, language), widget=forms.RadioSelect,
                error_messages={"required": required, "invalid_choice": required},
            )
        elif question.kind == "country":
            field = forms.ChoiceField(choices=_choices(question, language),
                                      error_messages={"required": _("Choose a country.")})
        elif question.kind == "children":
            field = forms.IntegerField(
                min_value=0, max_value=MAX_CHILDREN,
                error_messages={"required": _("Write a number, for example 0 or 2."),
                                "invalid": _("Write a number, for example 0 or 2."),
                                "min_value": _("Write a number from 0 to %(max)s.") % {"max": MAX_CHILDREN},
                                "max_value": _("Write a number from 0 to %(max)s.") % {"max": MAX_CHILDREN}},
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
            )
        else:  # date
            field = forms.DateField(
                input_formats=["%Y-%m-%d"],
                error_messages={"required": _("Write a date, for example 2017-06-01."),
                                "invalid": _("Write the date as year-month-day, for example 2017-06-01.")},
                widget=forms.DateInput(attrs={"type": "date", "class": "input-date"}, format="%Y-%m-%d"),
            )
        field.label, field.help_text = label, help_text
        self.fields["value"] = field

    def answer(self) -> str:
        """The cleaned answer as the text carried in the hidden fields."""
        value = self.cleaned_data["value"]
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
