"""The return grant (2026 regime) and reintegration support written for OpenFisca, as a yard-stick.

Runs in bench/.venv (openfisca-core is a bench-only dependency).  The same three-valued logic as
hemvag.rules (0 not met, 1 unknown, 2 met; AND = min, OR = max), written the OpenFisca way: one
Variable per condition with a vectorised formula, amounts as OpenFisca parameters read from our YAML.
Only the column encoding (codes of grounds, countries …) is shared with hemvag.rules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import MONTH
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))
from population import load_arrays, peak_gb  # noqa: E402

from hemvag.rules.columns import CHOICES  # noqa: E402  (codes only: the rules below are written anew)

PARAMETER_FILES = sorted((ROOT / "src/hemvag/rules/parameters").glob("*.yaml"))
Person = build_entity(key="person", plural="persons", label="Person", is_person=True)
Household = build_entity(
    key="household", plural="households", label="Household",
    roles=[{"key": "member", "plural": "members", "label": "Member"}],
)  # fmt: skip
U, MET = 1, 2


def yaml_values(on: dt.date) -> dict[str, object]:
    """Every parameter value in force on the day (for lists and dates, which OpenFisca parameters lack)."""
    values: dict[str, object] = {}
    for path in PARAMETER_FILES:
        for key, definition in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for entry in sorted(definition["values"], key=lambda v: v["start"]):
                if entry["start"] <= on:
                    values[key] = entry["value"]
    return values


def parameter_tree() -> ParameterNode:
    """Numeric parameters (amounts, caps, ages) as an OpenFisca parameter tree with their dated values."""
    tree: dict[str, dict[str, object]] = {}
    for path in PARAMETER_FILES:
        for key, definition in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if definition["type"] not in ("amount", "integer"):
                continue
            program, name = key.split(".", 1)
            dated = {str(v["start"]): {"value": v["value"]} for v in definition["values"]}
            tree.setdefault(program, {})[name] = {"values": dated}
    return ParameterNode("", data=tree)


def table(kind: str, allowed: object, unknown: int = U) -> np.ndarray:
    chosen = set(allowed or [])
    return np.array([unknown if chosen else 0] + [MET if c in chosen else 0 for c in CHOICES[kind]], dtype=np.int32)


INPUTS = {
    Person: ["role", "birth_date", "application_date", "swedish_citizen", "registered_in_sweden",
             "lives_with_main_applicant", "special_reasons_accepted", "permit_ground", "permit_granted_on",
             "permit_permanent", "permit_valid", "debts_to_authorities", "can_pay_journey", "received_grant_before",
             "asylum_outcome", "asylum_decided_on", "asylum_admission_likely", "asylum_late_application_accepted"],
    Household: ["destination_country", "settles_permanently", "in_sweden"],
}  # fmt: skip


def variable(name: str, entity: object, formula: object = None) -> type[Variable]:
    attributes = {"value_type": int, "entity": entity, "definition_period": MONTH, "label": name}
    if formula is not None:
        attributes["formula"] = formula
    return type(name, (Variable,), attributes)


def build_system(on: dt.date) -> TaxBenefitSystem:
    v = yaml_values(on)
    cutoff = int(str(v["return_grant.permit_granted_on_or_before"]).replace("-", ""))
    grounds = table("ground", v["return_grant.qualifying_grounds"])
    permanent_grounds = table("ground", v["return_grant.grounds_requiring_permanent_permit"])
    family_ground = table("ground", v["return_grant.family_grounds"])
    excluded = table("country", v["return_grant.excluded_destinations"])
    listed = table("country", v["reintegration_support.countries"])
    asylum_ok = table("asylum_outcome", v["reintegration_support.qualifying_asylum_outcomes"])
    partner_roles = np.array([r in ("main_applicant", "spouse", "cohabiting_partner")
                              for r in CHOICES["role"]], dtype=np.int32)  # fmt: skip
    rs_family_roles = np.array([MET if r in v["reintegration_support.family_roles"] else 0
                                for r in CHOICES["role"]], dtype=np.int32)  # fmt: skip
    child_role = CHOICES["role"].index("child")

    def tri_not(x: np.ndarray) -> np.ndarray:
        return 2 - x

    def known_date(values: np.ndarray, test: np.ndarray) -> np.ndarray:
        return np.where(values == 0, U, np.where(test, MET, 0))

    def add_months(day: np.ndarray, months: int) -> np.ndarray:
        m = (day // 100) % 100 - 1 + months
        return (day // 10000 + m // 12) * 10000 + (m % 12 + 1) * 100 + day % 100

    def rates(status: np.ndarray, adult: np.ndarray, adult_amount: int, child_amount: int) -> tuple:
        by_age_low = np.where(adult == MET, adult_amount, child_amount)
        by_age_high = np.where(adult == 0, child_amount, adult_amount)
        return np.where(status == MET, by_age_low, 0), np.where(status == 0, 0, by_age_high)

    def capped(h, low, high, couple, couple_cap, household_cap):
        def total(x):
            couple_sum = h.sum(x * couple)
            others = h.sum(x) - couple_sum
            if couple_cap is not None:
                couple_sum = np.minimum(couple_sum, couple_cap)
            return np.minimum(couple_sum + others, household_cap)

        return total(low), total(high)

    f = {
        "is_main": lambda p, t, _: (p("role", t) == 0).astype(np.int32),
        "adult": lambda p, t, par: known_date(
            p("birth_date", t), p("application_date", t) - p("birth_date", t) >= par(t).common.adult_age * 10000
        ),
        # return grant 2026: conditions on the main applicant
        "rg_ground": lambda p, t, _: np.maximum(
            grounds[p("permit_ground", t)],
            np.minimum(permanent_grounds[p("permit_ground", t)], p("permit_permanent", t)),
        ),
        "rg_permit_date": lambda p, t, _: known_date(p("permit_granted_on", t), p("permit_granted_on", t) <= cutoff),
        "rg_person_main": lambda p, t, _: np.minimum.reduce(
            [
                tri_not(p("swedish_citizen", t)),
                p("rg_ground", t),
                p("rg_permit_date", t),
                p("permit_valid", t),
                p("registered_in_sweden", t),
                tri_not(p("debts_to_authorities", t)),
            ]
        ),
        "rg_main": lambda h, t, _: np.minimum.reduce(
            [
                h.sum(h.members("rg_person_main", t) * h.members("is_main", t)),
                h("settles_permanently", t),
                tri_not(excluded[h("destination_country", t)]),
            ]
        ),
        "rg_own": lambda p, t, _: np.where(
            p("is_main", t) == 1,
            MET,
            np.minimum.reduce(
                [
                    tri_not(p("swedish_citizen", t)),
                    np.maximum(family_ground[p("permit_ground", t)], p("rg_ground", t)),
                    p("rg_permit_date", t),
                    p("lives_with_main_applicant", t),
                ]
            ),
        ),
        # reintegration support 2008
        "rs_person_main": lambda p, t, _: np.minimum.reduce(
            [
                tri_not(p("swedish_citizen", t)),
                asylum_ok[p("asylum_outcome", t)],
                p("asylum_admission_likely", t),
                np.maximum(  # within the months after the refusal, or a later application accepted
                    known_date(
                        p("asylum_decided_on", t),
                        (p("asylum_decided_on", t) <= p("application_date", t))
                        & (p("application_date", t) <= add_months(p("asylum_decided_on", t), par_months(t))),
                    ),
                    p("asylum_late_application_accepted", t),
                ),
                tri_not(p("received_grant_before", t)),
            ]
        ),
        "rs_main": lambda h, t, _: np.minimum.reduce(
            [
                h.sum(h.members("rs_person_main", t) * h.members("is_main", t)),
                listed[h("destination_country", t)],
                h("in_sweden", t),
            ]
        ),
        "rs_own": lambda p, t, _: np.where(
            p("is_main", t) == 1,
            MET,
            np.minimum.reduce(
                [
                    tri_not(p("swedish_citizen", t)),
                    tri_not(p("received_grant_before", t)),
                    np.maximum.reduce(
                        [
                            rs_family_roles[p("role", t)],
                            np.minimum(np.where(p("role", t) == child_role, MET, 0), tri_not(p("adult", t))),
                            np.minimum(p("lives_with_main_applicant", t), p("special_reasons_accepted", t)),
                        ]
                    ),
                ]
            ),
        ),
    }

    months = {"value": 0}

    def par_months(_t: object) -> int:
        return months["value"]

    def outcome_formula(prefix: str):
        def formula(h, t, par):
            program = par(t).return_grant if prefix == "rg" else par(t).reintegration_support
            main = h(f"{prefix}_main", t)
            own = h.members(f"{prefix}_own", t)
            adult = h.members("adult", t)
            low, high = rates(own, adult, program.amount_per_adult, program.amount_per_child)
            couple = partner_roles[h.members("role", t)]
            couple_cap = program.couple_cap if prefix == "rg" else None
            low_total, high_total = capped(h, low, high, couple, couple_cap, program.household_cap)
            outcome = np.where(main == 0, 0, np.where((main == U) | (low_total != high_total), U, MET))
            return outcome * 10_000_000 + np.where(outcome == MET, low_total, 0)  # outcome and amount in one

        return formula

    system = TaxBenefitSystem([Person, Household])
    for entity, names in INPUTS.items():
        for name in names:
            system.add_variable(variable(name, entity))
    for name, formula in f.items():
        entity = Household if name in ("rg_main", "rs_main") else Person
        system.add_variable(variable(name, entity, formula))
    for prefix in ("rg", "rs"):
        system.add_variable(variable(f"{prefix}_result", Household, outcome_formula(prefix)))
    system.parameters = parameter_tree()
    months["value"] = int(v["reintegration_support.months_after_refusal"])
    return system


def simulate(system: TaxBenefitSystem, data: dict[str, np.ndarray], starts: np.ndarray, period: str):
    persons = len(data["role"])
    sizes = np.diff(np.append(starts, persons))
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", np.arange(persons))
    households = builder.declare_entity("household", np.arange(len(starts)))
    builder.join_with_persons(households, np.repeat(np.arange(len(starts)), sizes), np.full(persons, "member"))
    simulation = builder.build(system)
    for name in INPUTS[Person]:
        simulation.set_input(name, period, data[name].astype(np.int32))
    for name in INPUTS[Household]:
        simulation.set_input(name, period, data[name][starts].astype(np.int32))
    return simulation


# --- end to end: the batch CSV in, a results CSV out -----------------------------------------------------

BOOL_CODES = {"true": MET, "1": MET, "false": 0, "0": 0, "": U}
OUTCOME_TEXT = np.array(["not_eligible", "needs_information", "eligible"], dtype=object)
REGIMES = {"rg": ("return_grant", "return_grant_2026"), "rs": ("reintegration_support", "reintegration_support_2008")}


def kind_of(name: str) -> str:
    if name == "role":
        return "role"
    if name in ("birth_date", "application_date", "permit_granted_on", "asylum_decided_on"):
        return "date"
    return {"permit_ground": "ground", "asylum_outcome": "asylum_outcome", "destination_country": "country"}.get(
        name, "bool"
    )


def encode(column: pd.Series, kind: str) -> np.ndarray:
    """Categorical text cells -> the integer codes the variables read: each category (distinct text) is
    converted once, then the codes are looked up (pandas, vectorised)."""
    categories = [str(c) for c in column.cat.categories]
    if kind == "date":
        table = [int(c.replace("-", "")) if c else 0 for c in categories]
    elif kind == "bool":
        table = [BOOL_CODES[c] for c in categories]
    else:
        choices = CHOICES[kind]
        offset = 0 if kind == "role" else 1
        table = [choices.index(c) + offset if c in choices else 0 for c in categories]
    return np.asarray(table, dtype=np.int32)[column.cat.codes.to_numpy()]


def read_population_csv(path: Path, on: int) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """The batch CSV as OpenFisca inputs, rows grouped by household in file order (pandas.read_csv, the
    coded columns read as categoricals)."""
    wanted = [name for names in INPUTS.values() for name in names if name != "application_date"]
    dtypes = {name: "category" for name in wanted} | {"household_id": str}
    frame = pd.read_csv(path, usecols=["household_id", *wanted], dtype=dtypes, keep_default_na=False,
                        na_filter=False)  # fmt: skip
    household, ids = pd.factorize(frame["household_id"])
    order = np.argsort(household, kind="stable")
    sizes = np.bincount(household, minlength=len(ids))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    data = {name: encode(frame[name], kind_of(name))[order] for name in wanted}
    data["application_date"] = np.full(len(frame), on, np.int32)
    return data, starts, np.asarray(ids, dtype=object)


def write_results_csv(path: Path, ids: np.ndarray, results: dict[str, np.ndarray]) -> None:
    """household_id, program, regime, outcome, amount_sek per household and programme (pandas.to_csv)."""
    frames = []
    for order, (prefix, (program, regime)) in enumerate(REGIMES.items()):
        combined = results[prefix].astype(np.int64)
        outcome = combined // 10_000_000
        amount = pd.array(np.where(outcome == MET, combined % 10_000_000, 0), dtype="Int64")
        amount[outcome != MET] = pd.NA
        frames.append(pd.DataFrame({
            "household_id": ids, "program": program, "regime": regime, "outcome": OUTCOME_TEXT[outcome],
            "amount_sek": amount, "order": order, "row": np.arange(len(ids)),
        }))  # fmt: skip
    table = pd.concat(frames).sort_values(["row", "order"], kind="stable")
    table.drop(columns=["order", "row"]).to_csv(path, index=False, lineterminator="\n")


def end_to_end(csv_path: Path, out: Path, on_int: int) -> dict[str, float]:
    """One run as a user would: read the CSV, build and calculate the simulation, write the results."""
    on = dt.date(on_int // 10000, on_int // 100 % 100, on_int % 100)
    started = time.perf_counter()
    data, starts, ids = read_population_csv(csv_path, on_int)
    read = time.perf_counter()
    system = build_system(on)
    period = f"{on.year}-{on.month:02d}"
    simulation = simulate(system, data, starts, period)
    results = {p: simulation.calculate(f"{p}_result", period) for p in ("rg", "rs")}
    calculated = time.perf_counter()
    write_results_csv(out, ids, results)
    done = time.perf_counter()
    return {"read_seconds": read - started, "calculate_seconds": calculated - read, "write_seconds": done - calculated,
            "persons": len(data["role"]), "households": len(starts), "peak_rss_gb": peak_gb()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--on", type=int, required=True, help="application date yyyymmdd for every household")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--csv", type=Path, help="end to end: read this batch CSV …")
    parser.add_argument("--results", type=Path, help="… and write the results CSV here")
    args = parser.parse_args()
    if args.csv is not None:
        print(json.dumps(end_to_end(args.csv, args.results, args.on)))
        return
    on = dt.date(args.on // 10000, args.on // 100 % 100, args.on % 100)
    data, starts = load_arrays(args.folder)
    data["application_date"] = np.full_like(data["application_date"], args.on)
    system = build_system(on)
    period = f"{on.year}-{on.month:02d}"
    times, results = [], {}
    for _ in range(args.repeat):
        started = time.perf_counter()
        simulation = simulate(system, data, starts, period)  # loading inputs is part of OpenFisca's run
        results = {p: simulation.calculate(f"{p}_result", period) for p in ("rg", "rs")}
        times.append(time.perf_counter() - started)
        del simulation
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for prefix, program in (("rg", "return_grant"), ("rs", "reintegration_support")):
            combined = results[prefix].astype(np.int64)
            outcome = combined // 10_000_000
            np.save(args.save / f"{program}_outcome.npy", outcome.astype(np.int8))
            np.save(args.save / f"{program}_amount.npy", np.where(outcome == MET, combined % 10_000_000, -1))
    print(json.dumps({"seconds": sorted(times)[len(times) // 2], "all_seconds": times,
                      "peak_rss_gb": peak_gb()}))  # fmt: skip


if __name__ == "__main__":
    main()
