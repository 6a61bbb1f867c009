"""End-to-end measurements for bench/rules/run.py: whole commands as a shell runs them, CSV in, CSV out.

Every measurement is one fresh process, timed from start to exit (interpreter start-up and imports
included), with its own peak resident memory (ru_maxrss of that child, from os.wait4).  Before each run
the input file is read once, so every process finds it in the page cache alike.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from hemvag.rules.batch import Population
from hemvag.rules.columnar import write_population
from hemvag.rules.columns import Columns
from hemvag.rules.simulate import simulate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HEMVAG = Path(sys.executable).parent / "hemvag"  # the console script, as a user runs it


def warm(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(64 << 20):
            pass


def timed(command: list[str], warm_file: Path | None = None) -> dict[str, Any]:
    """Wall-clock seconds and peak RSS of one process (through measure.py), and its standard output."""
    if warm_file is not None:
        warm(warm_file)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, str(HERE / "measure.py"), *command], capture_output=True, text=True,
                          env=env, check=False)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}: {done.stderr[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def output_of(command: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout


def repeated(command: list[str], repeat: int, warm_file: Path | None) -> dict[str, Any]:
    runs = [timed(command, warm_file) for _ in range(repeat)]
    seconds = [r["seconds"] for r in runs]
    return {"seconds": statistics.median(seconds), "all_seconds": seconds,
            "peak_rss_gb": max(r["peak_rss_gb"] for r in runs)}  # fmt: skip


def comparison_population(persons: int, seed: int, on: int) -> Population:
    """The simulated population with every household applying on ``on`` (OpenFisca runs one period), births
    after that day moved to it so that the file is valid for both engines."""
    population = simulate(persons, seed)
    data = dict(population.columns.data)
    data["application_date"] = np.full_like(data["application_date"], on)
    birth = data["birth_date"]
    data["birth_date"] = np.where(birth > on, on, birth).astype(birth.dtype)
    return Population(Columns(data), population.household_ids, population.starts)


def write_csv(population: Population, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        write_population(out, population)
    return path


def results_by_household(path: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["household_id"], r["program"]): (r["regime"], r["outcome"], r["amount_sek"])
                for r in csv.DictReader(handle)}  # fmt: skip


def versus_openfisca(python: Path, persons: int, seed: int, on: int, folder: Path, repeat: int) -> dict[str, Any]:
    """`hemvag eligibility --batch` against the OpenFisca worker's CSV-in, CSV-out run on the same file."""
    population = write_csv(comparison_population(persons, seed, on), folder / f"compare{persons}.csv")
    ours_out, theirs_out = folder / f"ours{persons}.csv", folder / f"theirs{persons}.csv"
    ours = repeated([str(HEMVAG), "eligibility", "--batch", str(population), "--out", str(ours_out)], repeat,
                    population)  # fmt: skip
    theirs_command = [str(python), str(HERE / "openfisca_worker.py"), "--csv", str(population), "--results",
                      str(theirs_out), "--on", str(on)]  # fmt: skip
    theirs = repeated(theirs_command, repeat, population)
    phases = json.loads(output_of(theirs_command).strip().splitlines()[-1])
    a, b = results_by_household(ours_out), results_by_household(theirs_out)
    counts: dict[str, int] = {}
    for (_, program), (_, outcome, _) in a.items():
        counts[f"{program} {outcome}"] = counts.get(f"{program} {outcome}", 0) + 1
    return {"ours": ours, "theirs": theirs, "theirs_phases": phases, "identical": a == b, "counts": counts,
            "households": len({h for h, _ in a}), "bytes": population.stat().st_size}  # fmt: skip


def big_batch(persons: int, seed: int, folder: Path, repeat: int) -> dict[str, Any]:
    """`hemvag eligibility --batch` on a simulated population of ``persons`` (both return-grant regimes)."""
    population = write_csv(simulate(persons, seed), folder / f"population{persons}.csv")
    out = folder / f"results{persons}.csv"
    result = repeated([str(HEMVAG), "eligibility", "--batch", str(population), "--out", str(out)], repeat, population)
    return {**result, "bytes": population.stat().st_size, "out_bytes": out.stat().st_size}


def forecasts(persons: int, seed: int, folder: Path, repeat: int) -> dict[str, dict[str, Any]]:
    """`hemvag forecast` over 4 years and 200 runs, on the synthetic population and on its batch CSV."""
    population = write_csv(simulate(persons, seed), folder / f"forecast{persons}.csv")
    scenario = {
        "program": "return_grant", "years": [2026, 2027, 2028, 2029],
        "take_up": {"default": 0.02, "by_permit_ground": {"refugee": 0.03}, "not_eligible": 0.001},
        "decision_lag_months": 4, "runs": 200, "seed": 1,
    }  # fmt: skip
    results = {}
    for name, source in (("synthetic", {"synthetic": {"persons": persons, "seed": seed}}),
                         ("CSV", {"population": population.name})):  # fmt: skip
        path = folder / f"scenario-{name}.yaml"
        path.write_text(yaml.safe_dump({"name": name, **source, **scenario}), encoding="utf-8")
        command = [str(HEMVAG), "forecast", str(path), "--format", "json", "--out", str(folder / f"{name}.json")]
        results[name] = repeated(command, repeat, population)
    first, second = (json.loads((folder / f"{name}.json").read_text()) for name in ("synthetic", "CSV"))
    for document in (first, second):
        document.pop("seconds")
        document.pop("name")
    results["same"] = {"identical": first == second}
    return results
