"""hemvag.rules: eligibility for the state's voluntary-return support, as dated rules with sources.

Pure Python (no Django).  Facts and sources: docs/rules-engine.md; interface:
docs/cli.md.  The main entry points:

- ``parse_facts(document, on=None)`` / ``parse_facts_json(text, on=None)`` -> ``Household``; raise
  ``FactsError`` whose ``problems`` are (JSON path, message) pairs, all of them.
- ``evaluate(household, program="all", lang="sv")`` -> the contract's result document (a dict).
- ``read_population_path`` / ``write_results`` (hemvag.rules.columnar, pyarrow) and ``evaluate_population``
  (hemvag.rules.batch): the batch path; ``batch.read_population`` is the exact csv-module reader behind it.
- ``hemvag.rules.cli.main(argv)``: ``hemvag eligibility|rules|simulate``.

Interpretations of points RULES.md leaves open (each also noted where it is encoded):
- Regime by application date: ``return_grant_1984`` up to 2025-12-31 (encoded from 2010-01-01, the
  current wording of förordning 1984:890), ``return_grant_2026`` from 2026-01-01,
  ``reintegration_support_2008`` from 2008-11-01 (when förordning 2008:778 came into force).
- Household conditions are judged on the main applicant (and the household facts); a known failure
  there makes the household ``not_eligible``.  A family member who fails a member condition is only
  excluded (``counted_as: "excluded"``); the household keeps its result.
- Unknown facts give ``needs_information`` only when they could change the outcome or the amount: the
  engine computes the lowest and highest amount any answer could give, so an unknown member of a
  household already at its cap does not block a decided amount (amounts.py).
- Family members (1984 and reintegration support): spouse (and, under 2008:778, cohabiting partner)
  and children under 18 count; a cohabiting partner (1984) or other relative, including a child who is
  18 or older on the application date, counts only when living with the applicant and special reasons
  were accepted; unknown special reasons -> ``needs_information``.  From 2026 any family member counts
  with an own permit on ties granted on or before 2024-09-12 who lives with the main applicant.
- A family member with an own qualifying permit (not on ties) also counts; reported with
  ``verified: false``.  Personal exclusions (citizenship; 1984 and 2008: received before) apply to each
  member.  ``received_grant_before`` is read as "has had this programme's support before".
- Main applicant under 18 is paid the child amount (amounts are per adult/child by age).
- Conditions RULES.md marks as unverified (debts: no payment-plan exception in 1984, the exact wording in
  2026; settlement outside EU/EEA/CH; other protection need in 1984; reintegration amounts; the
  country list before the day it was read, 2026-12-01) carry ``verified: false``, and so do the
  reported consequences and the instalment schedule: ``hemvag rules list --unverified`` lists them.
- ``debts_to_authorities`` is any unpaid debt to Kronofogden or CSN: a payment plan is no exception.
- 1984 regime: no valid-permit condition (no source names one; the permit must have been granted).
- Reintegration support: the two months are a guideline (2 §): a later application needs
  ``asylum.late_application_accepted``; the applicant and family must be in Sweden (``in_sweden``).
- What only Migrationsverket can know (criminal records, whether funds remain) is listed in
  ``agency_checks``; what follows from a grant in ``consequences``; neither is ever a condition.
  ``instalments`` shows the 2026 payment in three parts with the reported (unverified) schedule.
- Document requirements never change the outcome: ``documents_to_show`` marks those the facts say are
  missing (``has_valid_national_passport: false``).
"""

from hemvag.rules.engine import evaluate, evaluate_numeric
from hemvag.rules.facts import Asylum, Household, Member, Permit
from hemvag.rules.validation import FactsError, Problem, parse_facts, parse_facts_json

__all__ = [
    "Asylum",
    "FactsError",
    "Household",
    "Member",
    "Permit",
    "Problem",
    "evaluate",
    "evaluate_numeric",
    "parse_facts",
    "parse_facts_json",
]
