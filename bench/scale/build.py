"""Fill a PostgreSQL database with a large synthetic register, fast (never part of `make test`).

    HEMVAG_DATABASE_URL=postgresql://…/scale .venv/bin/hemvag migrate --no-input
    HEMVAG_DATABASE_URL=postgresql://…/scale .venv/bin/hemvag demo
    .venv/bin/python bench/scale/build.py --postgres postgresql://…/scale --cases 1000000

The statistics benchmark's register (`hemvag cases generate`, through the import) has cases and persons only and
takes minutes per million; the case list, the search and the case page also need what a working register has
inside its cases. This script writes, in SQL (`INSERT … SELECT … generate_series`, one statement per table),
beside the demo's own data:

- counsellors: 19 more in the demo's Stockholm unit (`sth-fa`), 9 more in Gothenburg (`gbg-fa`), who cannot sign
  in (no usable password); the demo's `counsellor` and `counsellor2` share the cases with them;
- cases: 70 % in `sth-fa`, 30 % in `gbg-fa`, opened 2015-01-01 … today with more cases in recent years; a case
  older than two years is nearly always closed, withdrawn or closed without an application, newer ones stand in
  every stage; references continue each unit's and year's counter (`STH-2019-012345`);
- a household per case: a main applicant, a spouse in 45 % of them, children (0–4) in families with a spouse;
  invented names ("Demo-…", 60 first names × 1,200 family names); adults have an identity number in 60 % of
  cases, always with serial numbers 980–999 (the range of the Swedish tax agency's test numbers), so none is a
  real person's; 0.5 % of the persons have a protected identity;
- counselling notes (1–3 per case past the inquiry), tasks (0–3 per case; about 10 % of all tasks open, on open
  cases), and the timeline (the opening and each stage change).

Foreign keys are not checked while loading (`session_replication_role = replica`, superuser only): the rows are
consistent by construction, and the script counts orphans at the end to show it. Nor do triggers fire, so the
register's distinct names (`people_personname`, which the name search reads) are counted again at the end, as
`people` migration 0005 counts them. No audit events are written: this is a bench fixture, not the actions'
work. Then ANALYZE. Reproducible with --seed (PostgreSQL's random()).
"""

# ruff: noqa: E501, S608 -- SQL built from this file's own constants (no input reaches it); long lines of SQL.
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import time

import psycopg
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

PERSON_NAMES = importlib.import_module("hemvag.people.migrations.0005_person_names")

FIRST_NAMES = (
    "Amina", "Hassan", "Leyla", "Omar", "Fatima", "Emir", "Selma", "Yusuf", "Nour", "Hodan", "Farid", "Zahra",
    "Adnan", "Mina", "Jamal", "Lejla", "Abdi", "Sahar", "Kenan", "Dario", "Ali", "Maryam", "Ahmed", "Sara",
    "Mohammed", "Aisha", "Ibrahim", "Hiba", "Khalid", "Rania", "Tariq", "Samira", "Nasir", "Layla", "Idris",
    "Asma", "Bilal", "Dina", "Faisal", "Hana", "Jasmin", "Karim", "Lina", "Mustafa", "Noor", "Rashid", "Salma",
    "Yasmin", "Zain", "Amir", "Edin", "Mirza", "Alma", "Haris", "Amra", "Senad", "Aida", "Dawit", "Meron", "Saba",
)
FAMILY_STEMS = (
    "Haddad", "Begović", "Warsame", "Rahimi", "Karimi", "Hodžić", "Abdullahi", "Nasser", "Mahmoud", "Osmanović",
    "Tesfay", "Hosseini", "Ahmadi", "Jusufović", "Mohamud", "Hussein", "Alizadeh", "Delić", "Farah", "Ghani",
    "Hamid", "Ibrahimović", "Jama", "Kadir", "Latif", "Mehmedović", "Nuri", "Omerović", "Qasim", "Rashidi",
    "Salih", "Tahir", "Usman", "Wali", "Yilmaz", "Zaman", "Berhane", "Gebre", "Halilović", "Sultani",
)
FAMILY_ENDINGS = (
    "", "-Ali", "-Omar", "-Said", "-Amin", "-Aziz", "-Bakr", "-Dahir", "-Elmi", "-Faraj", "-Gul", "-Hadi",
    "-Isse", "-Jalal", "-Kamal", "-Lutf", "-Malik", "-Nabi", "-Obeid", "-Pasha", "-Rauf", "-Sami", "-Taha",
    "-Umar", "-Vaziri", "-Wahid", "-Yasin", "-Zaki", "-Bey", "-Noor",
)
# The demo generator's seven destinations with its weights, then a long tail of twenty more.
COUNTRIES = (("IQ", 30), ("SO", 20), ("AF", 15), ("BA", 12), ("ER", 8), ("SY", 8), ("IR", 7), ("ET", 3),
             ("TR", 3), ("LB", 2), ("PS", 2), ("SD", 2), ("YE", 2), ("RS", 1), ("XK", 1), ("MA", 1), ("DZ", 1),
             ("TN", 1), ("EG", 1), ("PK", 1), ("BD", 1), ("UA", 1), ("RU", 1), ("GE", 1), ("AM", 1), ("CL", 1),
             ("CO", 1))
NOTE_TEXTS = (
    "Samtal om möjligheterna att återvandra och vad staden kan hjälpa till med (syntetisk anteckning).",
    "Genomgång av bidragen och de dokument som behövs inför ansökan (syntetisk anteckning).",
    "Uppföljning av pass och resehandlingar; tolk deltog (syntetisk anteckning).",
    "Familjen vill fundera vidare; nytt samtal bokat (syntetisk anteckning).",
    "Planering av bostad och arbete i hemlandet tillsammans med partnerorganisationen (syntetisk anteckning).",
)
TASKS = (("passport", "Ansök om nytt pass"), ("visa", "Kontrollera visum"), ("tickets", "Boka biljetter"),
         ("deregistration", "Anmäl flytt till Skatteverket"), ("housing", "Säg upp bostaden"),
         ("other", "Ring tillbaka om intyget"))
MAIN_PATH = ("inquiry", "counselling", "preparing_application", "submitted", "decided", "departure_planned",
             "departed", "follow_up", "closed")
STAGE_LABEL = {"inquiry": "Inkommen förfrågan", "counselling": "Rådgivning", "preparing_application":
               "Förbereder ansökan", "submitted": "Ansökan inskickad", "decided": "Beslut",
               "departure_planned": "Avresa planerad", "departed": "Avrest", "follow_up": "Uppföljning",
               "closed": "Avslutat", "withdrawn": "Återkallat", "closed_without_application": "Avslutat utan ansökan"}
PER_CASE = 6  # ids of persons, members, notes, tasks: base + (case number - 1) * PER_CASE + k (gaps are fine)


def sql_array(values: tuple[str, ...]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def country_case(column: str) -> str:
    total = sum(weight for _code, weight in COUNTRIES)
    parts, running = [], 0
    for code, weight in COUNTRIES[:-1]:
        running += weight
        parts.append(f"WHEN {column} < {running / total:.6f} THEN '{code}'")
    return f"CASE {' '.join(parts)} ELSE '{COUNTRIES[-1][0]}' END"


def stage_case() -> str:
    old = ("CASE WHEN r_stage < 0.02 THEN 'follow_up' WHEN r_stage < 0.60 THEN 'closed' "
           "WHEN r_stage < 0.80 THEN 'withdrawn' ELSE 'closed_without_application' END")
    recent = [("inquiry", .08), ("counselling", .23), ("preparing_application", .35), ("submitted", .50),
              ("decided", .58), ("departure_planned", .63), ("departed", .67), ("follow_up", .75), ("closed", .87),
              ("withdrawn", .93)]
    new = "CASE " + " ".join(f"WHEN r_stage < {p} THEN '{s}'" for s, p in recent) + \
        " ELSE 'closed_without_application' END"
    return f"CASE WHEN current_date - opened_on > 730 THEN {old} ELSE {new} END"


LUHN = """
CREATE OR REPLACE FUNCTION pg_temp.luhn_digit(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT ((10 - sum(CASE WHEN i % 2 = 1 THEN (substr(t, i, 1)::int * 2) / 10 + (substr(t, i, 1)::int * 2) % 10
                         ELSE substr(t, i, 1)::int END) % 10) % 10)::text
  FROM generate_series(1, 9) AS i
$$;
"""


def steps(n: int, seed: float) -> list[tuple[str, str]]:
    stages = stage_case()
    return [
        ("random seed and helpers", f"SELECT setseed({seed}); {LUHN}"),
        ("counsellors", """
            CREATE TEMP TABLE bench_counsellors (id bigint, unit_id bigint);
            INSERT INTO core_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                   is_active, date_joined)
            SELECT '!', false, format('bench-%s%s', u.tag, lpad(k::text, 2, '0')), 'Rådgivare',
                   format('%s (bench)', k), '', false, true, now()
            FROM (VALUES ('sth-fa', 's', 19), ('gbg-fa', 'g', 9)) AS u(code, tag, n), generate_series(1, u.n) AS k
            ON CONFLICT (username) DO NOTHING;
            INSERT INTO core_membership (role, created_at, user_id, unit_id)
            SELECT 'counsellor', now(), usr.id, unit.id FROM core_user usr
            JOIN core_unit unit ON unit.code = CASE WHEN usr.username LIKE 'bench-s%' THEN 'sth-fa' ELSE 'gbg-fa' END
            WHERE usr.username LIKE 'bench-%' ON CONFLICT DO NOTHING;
            INSERT INTO bench_counsellors SELECT m.user_id, m.unit_id FROM core_membership m
            JOIN core_unit unit ON unit.id = m.unit_id WHERE unit.code IN ('sth-fa', 'gbg-fa') AND m.role = 'counsellor';
        """),
        ("the cases' plan", f"""
            CREATE TEMP TABLE bench_bases AS SELECT
              (SELECT coalesce(max(id), 0) + 1 FROM cases_case) AS c, (SELECT coalesce(max(id), 0) + 1 FROM people_household) AS h,
              (SELECT coalesce(max(id), 0) + 1 FROM people_person) AS p, (SELECT coalesce(max(id), 0) + 1 FROM people_householdmember) AS m,
              (SELECT coalesce(max(id), 0) + 1 FROM cases_counsellingnote) AS n, (SELECT coalesce(max(id), 0) + 1 FROM cases_task) AS t;
            CREATE TEMP TABLE bench_seed AS
            WITH r AS (
              SELECT i, random() AS r_unit, random() AS r_date, random() AS r_stage, random() AS r_country,
                     random() AS r_prog, random() AS r_chan, random() AS r_couns, random() AS r_spouse,
                     random() AS r_children, random() AS r_refused, random() AS r_name1, random() AS r_name2,
                     random() AS r_unassigned
              FROM generate_series(1, {n}) AS i
            ), units AS (
              SELECT u.id, u.code, (SELECT array_agg(c.id ORDER BY c.id) FROM bench_counsellors c WHERE c.unit_id = u.id) AS a
              FROM core_unit u WHERE u.code IN ('sth-fa', 'gbg-fa')
            ), d AS (
              SELECT r.*, units.id AS unit_id, units.a AS counsellors,
                     date '2015-01-01' + floor(sqrt(r_date) * (current_date - date '2015-01-01'))::int AS opened_on
              FROM r JOIN units ON units.code = CASE WHEN r_unit < 0.7 THEN 'sth-fa' ELSE 'gbg-fa' END
            ), s AS (SELECT d.*, {stages} AS stage FROM d)
            SELECT s.i, s.unit_id, s.opened_on, s.stage, s.r_children, s.r_name1, s.r_name2,
                   CASE WHEN s.stage = 'closed' AND s.r_refused < 0.4 THEN 5
                        WHEN s.stage IN ('withdrawn', 'closed_without_application') THEN 2
                        ELSE array_position({sql_array(MAIN_PATH)}, s.stage) - 1 END AS rank,
                   {country_case("s.r_country")} AS country,
                   CASE WHEN s.stage IN ('inquiry', 'counselling') AND s.r_prog < 0.5 THEN 'undecided'
                        WHEN s.r_prog < 0.9 THEN 'return_grant' ELSE 'reintegration_support' END AS programme,
                   CASE WHEN s.r_chan < 0.8 THEN 'counsellor' WHEN s.r_chan < 0.92 THEN 'contact_request'
                        ELSE 'staff_referral' END AS channel,
                   CASE WHEN s.stage = 'inquiry' AND s.r_unassigned < 0.6 THEN NULL
                        ELSE s.counsellors[1 + floor(s.r_couns * array_length(s.counsellors, 1))::int] END
                        AS counsellor_id,
                   s.counsellors[1] AS default_counsellor_id,
                   s.r_spouse < 0.45 AS spouse,
                   CASE WHEN s.r_spouse >= 0.45 THEN 0 WHEN s.r_children < 0.55 THEN 0 WHEN s.r_children < 0.70 THEN 1
                        WHEN s.r_children < 0.85 THEN 2 WHEN s.r_children < 0.95 THEN 3 ELSE 4 END AS children,
                   (s.opened_on + time '08:00' + random() * interval '9 hours') AT TIME ZONE 'Europe/Stockholm' AS created_at
            FROM s;
            ALTER TABLE bench_seed ADD PRIMARY KEY (i);
        """),
        ("households", """
            INSERT INTO people_household (id, created_at, unit_id)
            SELECT b.h + s.i - 1, s.created_at, s.unit_id FROM bench_seed s, bench_bases b;
        """),
        ("persons", f"""
            CREATE TEMP TABLE bench_persons AS
            SELECT b.p + (s.i - 1) * {PER_CASE} + k - 1 AS id, b.m + (s.i - 1) * {PER_CASE} + k - 1 AS member_id,
                   b.h + s.i - 1 AS household_id, s.unit_id, s.created_at, k,
                   CASE WHEN k = 1 THEN 'main_applicant' WHEN k = 2 THEN 'spouse' ELSE 'child' END AS relation,
                   ({sql_array(FIRST_NAMES)})[1 + floor(random() * {len(FIRST_NAMES)})::int] AS first_name,
                   'Demo-' || ({sql_array(FAMILY_STEMS)})[1 + floor(s.r_name1 * {len(FAMILY_STEMS)})::int]
                     || ({sql_array(FAMILY_ENDINGS)})[1 + floor(s.r_name2 * {len(FAMILY_ENDINGS)})::int] AS last_name,
                   s.opened_on - (CASE WHEN k = 1 THEN 25 + floor(random() * 47) WHEN k = 2 THEN 23 + floor(random() * 45)
                                  ELSE floor(random() * 18) END)::int * 365 - floor(random() * 365)::int AS birth_date,
                   random() AS r_number, lpad((980 + floor(random() * 20))::int::text, 3, '0') AS serial,
                   random() AS r_protected, random() AS r_sex
            FROM bench_seed s CROSS JOIN bench_bases b
            CROSS JOIN LATERAL generate_series(1, 1 + s.spouse::int + s.children) AS k;
            INSERT INTO people_person (id, first_name, last_name, identity_number, is_coordination_number, birth_date,
                                       protected_identity, languages, interpreter_needed, interpreter_language, phone,
                                       email, address, contact_notes, created_at, updated_at, unit_id, birth_year, sex)
            SELECT id, first_name, last_name,
                   CASE WHEN number <> '' AND row_number() OVER (PARTITION BY unit_id, number ORDER BY id) = 1
                        AND NOT EXISTS (SELECT 1 FROM people_person old WHERE old.unit_id = x.unit_id
                                        AND old.identity_number = x.number) THEN number ELSE '' END,
                   false, birth_date, r_protected < 0.005, 'arabiska, svenska', r_sex < 0.3, '',
                   '', '', '', '', created_at, created_at, unit_id, NULL,
                   CASE WHEN k = 1 THEN CASE WHEN r_sex < 0.62 THEN 'male' ELSE 'female' END
                        WHEN k = 2 THEN CASE WHEN r_sex < 0.62 THEN 'female' ELSE 'male' END
                        WHEN r_sex < 0.5 THEN 'female' ELSE 'male' END
            FROM (SELECT p.*, CASE WHEN p.k <= 2 AND p.r_number < 0.6 AND p.birth_date < current_date - 6570
                                   THEN to_char(p.birth_date, 'YYYYMMDD') || p.serial
                                        || pg_temp.luhn_digit(to_char(p.birth_date, 'YYMMDD') || p.serial)
                                   ELSE '' END AS number
                  FROM bench_persons p) AS x;
        """),
        ("household members", """
            INSERT INTO people_householdmember (id, relation, lives_with_main_person, added_at, added_by_id,
                                                household_id, person_id)
            SELECT member_id, relation, CASE WHEN k = 1 THEN NULL ELSE true END, created_at, NULL, household_id, id
            FROM bench_persons;
        """),
        ("cases", """
            CREATE TEMP TABLE bench_numbers AS
            SELECT i, prefix || '-' || year || '-' || CASE WHEN n < 10000 THEN to_char(n, 'FM0000') ELSE n::text END
                   AS reference
            FROM (SELECT s.i, u.reference_prefix AS prefix, extract(year FROM s.opened_on)::int AS year,
                         coalesce(cc.last_number, 0) + row_number() OVER (
                             PARTITION BY s.unit_id, extract(year FROM s.opened_on) ORDER BY s.created_at, s.i) AS n
                  FROM bench_seed s JOIN core_unit u ON u.id = s.unit_id
                  LEFT JOIN cases_casecounter cc ON cc.unit_id = s.unit_id AND cc.year = extract(year FROM s.opened_on)
                 ) AS numbered;
            INSERT INTO cases_case (id, reference, stage, programme, destination_country, channel, inquiry_message,
                inquiry_consent_text, facts, submitted_on, migration_agency_case_number, decision, decided_on,
                decided_amount_sek, decision_reasons, planned_departure_on, departed_on, repayment_flag, closed_at,
                created_at, updated_at, assigned_counsellor_id, created_by_id, household_id, referred_by_id, unit_id,
                closed_on, opened_on, register_ref, personal_data_removed_on)
            SELECT b.c + s.i - 1, n.reference, s.stage, s.programme, s.country, s.channel, '', '', '{}'::jsonb,
                   CASE WHEN s.rank >= 3 THEN least(s.opened_on + 30 + (s.i % 90), current_date) END,
                   CASE WHEN s.rank >= 3 THEN format('%s-%s', 1000000 + s.i, extract(year FROM s.opened_on)) ELSE '' END,
                   CASE WHEN s.rank >= 4 THEN CASE WHEN s.rank = 5 AND s.stage = 'closed' THEN 'refused'
                                                   WHEN s.stage = 'decided' AND s.i % 3 = 0 THEN 'refused'
                                                   ELSE 'granted' END ELSE '' END,
                   CASE WHEN s.rank >= 4 THEN least(s.opened_on + 90 + (s.i % 120), current_date) END,
                   CASE WHEN s.rank >= 5 AND NOT (s.rank = 5 AND s.stage = 'closed') THEN 350000 END,
                   '',
                   CASE WHEN s.rank >= 5 AND NOT (s.rank = 5 AND s.stage = 'closed') THEN least(s.opened_on + 150 + (s.i % 60), current_date) END,
                   CASE WHEN s.rank >= 6 THEN least(s.opened_on + 160 + (s.i % 60), current_date) END,
                   false,
                   CASE WHEN s.stage IN ('closed', 'withdrawn', 'closed_without_application')
                        THEN s.created_at + (least(current_date, s.opened_on + 40 * (s.rank + 1)) - s.opened_on) * interval '1 day' END,
                   s.created_at, s.created_at + (least(current_date, s.opened_on + 40 * (s.rank + 1)) - s.opened_on) * interval '1 day',
                   s.counsellor_id, s.default_counsellor_id, b.h + s.i - 1, NULL, s.unit_id,
                   CASE WHEN s.stage IN ('closed', 'withdrawn', 'closed_without_application')
                        THEN least(current_date, s.opened_on + 40 * (s.rank + 1)) END,
                   s.opened_on, '', NULL
            FROM bench_seed s JOIN bench_numbers n ON n.i = s.i CROSS JOIN bench_bases b;
            INSERT INTO cases_casecounter (unit_id, year, last_number)
            SELECT s.unit_id, extract(year FROM s.opened_on)::int, count(*) FROM bench_seed s GROUP BY 1, 2
            ON CONFLICT (unit_id, year) DO UPDATE SET last_number = cases_casecounter.last_number + excluded.last_number;
        """),
        ("counselling notes", f"""
            INSERT INTO cases_counsellingnote (id, held_on, form, interpreter_used, language, text, created_at,
                                               author_id, case_id)
            SELECT b.n + (s.i - 1) * {PER_CASE} + k - 1, least(s.opened_on + 14 * k, current_date),
                   (ARRAY['meeting', 'phone', 'video'])[1 + (s.i + k) % 3], (s.i + k) % 4 = 0,
                   CASE WHEN (s.i + k) % 4 = 0 THEN 'arabiska' ELSE '' END,
                   ({sql_array(NOTE_TEXTS)})[1 + (s.i * 7 + k) % {len(NOTE_TEXTS)}],
                   s.created_at + k * interval '14 days', coalesce(s.counsellor_id, s.default_counsellor_id),
                   b.c + s.i - 1
            FROM bench_seed s CROSS JOIN bench_bases b
            CROSS JOIN LATERAL generate_series(1, CASE WHEN s.rank = 0 THEN 0 ELSE 1 + (s.i % 3) END) AS k;
        """),
        ("tasks", f"""
            INSERT INTO cases_task (id, kind, title, due_on, done_on, created_at, case_id, owner_id)
            SELECT b.t + (s.i - 1) * {PER_CASE} + k - 1, t.kind, t.title,
                   CASE WHEN open THEN current_date + (s.i % 150) - 60 ELSE s.opened_on + 30 + 20 * k END,
                   CASE WHEN open THEN NULL ELSE least(current_date, s.opened_on + 25 + 20 * k) END,
                   s.created_at + k * interval '7 days', b.c + s.i - 1, coalesce(s.counsellor_id, s.default_counsellor_id)
            FROM bench_seed s CROSS JOIN bench_bases b
            CROSS JOIN LATERAL generate_series(1, (s.i / 7) % 4) AS k
            CROSS JOIN LATERAL (SELECT s.stage NOT IN ('closed', 'withdrawn', 'closed_without_application')
                                       AND (s.i + k) % 2 = 0 AS open) AS o
            CROSS JOIN LATERAL (SELECT kind, title FROM (VALUES {", ".join(f"({i}, '{k}', '{t}')" for i, (k, t) in enumerate(TASKS))})
                                AS v(n, kind, title) WHERE v.n = (s.i + k) % {len(TASKS)}) AS t;
        """),
        ("timelines", f"""
            INSERT INTO cases_timelineentry (at, kind, summary, from_stage, to_stage, actor_id, case_id)
            SELECT s.created_at + k * interval '40 days',
                   CASE WHEN k = 0 THEN 'case.opened' ELSE 'case.stage_changed' END,
                   CASE WHEN k = 0 THEN 'Ärendet öppnat'
                        ELSE (SELECT label FROM bench_labels WHERE stage = path.from_stage) || ' → ' ||
                             (SELECT label FROM bench_labels WHERE stage = path.to_stage) END,
                   CASE WHEN k = 0 THEN '' ELSE path.from_stage END, path.to_stage,
                   coalesce(s.counsellor_id, s.default_counsellor_id), b.c + s.i - 1
            FROM bench_seed s CROSS JOIN bench_bases b
            CROSS JOIN LATERAL generate_series(0, s.rank) AS k
            CROSS JOIN LATERAL (SELECT
                CASE WHEN k = 0 THEN '' WHEN s.rank = 2 AND s.stage <> 'preparing_application' AND k = 2 THEN 'counselling'
                     WHEN s.rank = 5 AND s.stage = 'closed' AND k = 5 THEN 'decided'
                     ELSE ({sql_array(MAIN_PATH)})[k] END AS from_stage,
                CASE WHEN s.rank = 2 AND s.stage <> 'preparing_application' AND k = 2 THEN s.stage
                     WHEN s.rank = 5 AND s.stage = 'closed' AND k = 5 THEN 'closed'
                     ELSE ({sql_array(MAIN_PATH)})[k + 1] END AS to_stage) AS path;
        """),
    ]


SEQUENCES = ("core_user", "core_membership", "people_household", "people_person", "people_householdmember",
             "cases_case", "cases_counsellingnote", "cases_task", "cases_timelineentry", "cases_casecounter")
ORPHANS = {
    "cases without a household": "SELECT count(*) FROM cases_case c LEFT JOIN people_household h "
                                 "ON h.id = c.household_id WHERE h.id IS NULL",
    "members without a person": "SELECT count(*) FROM people_householdmember m LEFT JOIN people_person p "
                                "ON p.id = m.person_id WHERE p.id IS NULL",
    "notes without a case": "SELECT count(*) FROM cases_counsellingnote n LEFT JOIN cases_case c "
                            "ON c.id = n.case_id WHERE c.id IS NULL",
    "tasks without a case": "SELECT count(*) FROM cases_task t LEFT JOIN cases_case c ON c.id = t.case_id "
                            "WHERE c.id IS NULL",
    "timeline entries without a case": "SELECT count(*) FROM cases_timelineentry t LEFT JOIN cases_case c "
                                       "ON c.id = t.case_id WHERE c.id IS NULL",
}
COUNTS = ("cases_case", "people_household", "people_person", "people_householdmember", "cases_counsellingnote",
          "cases_task", "cases_timelineentry")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", required=True, help="URL of a migrated database with `hemvag demo` loaded.")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=float, default=0.2026)
    options = parser.parse_args()
    console = Console()
    started = time.perf_counter()
    timings: list[tuple[str, float]] = []
    with psycopg.connect(options.postgres, autocommit=True) as conn:
        units = conn.execute("SELECT count(*) FROM core_unit WHERE code IN ('sth-fa', 'gbg-fa')").fetchone()
        if not units or units[0] != 2:
            console.print("[red]The database has no demo units: run `hemvag migrate` and `hemvag demo` first.")
            return 2
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET work_mem = '256MB'")
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("CREATE TEMP TABLE bench_labels (stage text, label text)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO bench_labels VALUES (%s, %s)", list(STAGE_LABEL.items()))
        plan = steps(options.cases, options.seed)
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console) as progress:
            bar = progress.add_task("building", total=len(plan) + 3)
            for name, sql in plan:
                progress.update(bar, description=f"{name}…")
                step_started = time.perf_counter()
                with conn.transaction():
                    conn.execute(sql)
                timings.append((name, time.perf_counter() - step_started))
                progress.advance(bar)
            progress.update(bar, description="names…")
            step_started = time.perf_counter()
            with conn.transaction():
                conn.execute("TRUNCATE people_personname")
                conn.execute(PERSON_NAMES.FILL)
            timings.append(("names", time.perf_counter() - step_started))
            progress.advance(bar)
            progress.update(bar, description="sequences…")
            for table in SEQUENCES:
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT coalesce(max(id), 1) FROM {table}))")
            progress.advance(bar)
            progress.update(bar, description="ANALYZE…")
            step_started = time.perf_counter()
            conn.execute("SET session_replication_role = DEFAULT")
            conn.execute("ANALYZE")
            timings.append(("ANALYZE", time.perf_counter() - step_started))
            progress.advance(bar)
        for name, seconds in timings:
            console.print(f"  {name:<24} {seconds:7.1f} s")
        total = time.perf_counter() - started
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTS}  # type: ignore[index]
        open_tasks = conn.execute("SELECT count(*) FROM cases_task WHERE done_on IS NULL").fetchone()[0]  # type: ignore[index]
        numbers = conn.execute("SELECT count(*) FROM people_person WHERE identity_number <> ''").fetchone()[0]  # type: ignore[index]
        orphans = {name: conn.execute(sql).fetchone()[0] for name, sql in ORPHANS.items()}  # type: ignore[index]
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]  # type: ignore[index]
    console.print(f"Built in {total:.0f} s on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; database {size}.")
    for table, count in counts.items():
        console.print(f"  {table:<26} {count:>10,}")
    console.print(f"  open tasks {open_tasks:,} ({open_tasks / max(counts['cases_task'], 1):.1%}); "
                  f"persons with an identity number {numbers:,}")
    console.print("  orphans: " + ", ".join(f"{name} {count}" for name, count in orphans.items()))
    return 1 if any(orphans.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
