"""Benchmark of hemvag.rules (run by `make bench` as `python bench/rules/run.py`; never by `make test`).

One run, one table:
- single household: evaluations per second and median latency (the full result document, all programmes);
- batch: seconds and peak memory for 1,000,000 and 10,500,000 persons (each in a fresh process);
- OpenFisca: the same rules in openfisca-core (bench/.venv) on the same population at one application
  date, with the throughput ratio and a check that outcomes and amounts are identical;
- end to end (end_to_end.py): whole commands, CSV in and CSV out, against OpenFisca reading the same CSV and
  writing a results CSV; 10,500,000 persons through `hemvag eligibility --batch`; `hemvag forecast`.
The table is printed and written into bench/README.md between the result markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))
import end_to_end  # noqa: E402
from population import save  # noqa: E402

from hemvag.rules.batch import household_document  # noqa: E402
from hemvag.rules.engine import evaluate  # noqa: E402
from hemvag.rules.simulate import simulate  # noqa: E402
from hemvag.rules.validation import parse_facts  # noqa: E402

BENCH_VENV = ROOT / "bench" / ".venv"
README = ROOT / "bench" / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
COMPARE_ON = 20260301  # OpenFisca runs one period: every household applies on this day in the comparison


def single_household(seed: int, households: int = 2000, rounds: int = 5) -> dict[str, float]:
    population = simulate(households * 3, seed)
    facts = [parse_facts(household_document(population, h)) for h in range(min(households, population.households))]
    latencies, cpu = [], []
    for _ in range(rounds):
        for household in facts:
            started, started_cpu = time.perf_counter_ns(), time.thread_time_ns()
            evaluate(household)
            latencies.append(time.perf_counter_ns() - started)
            cpu.append(time.thread_time_ns() - started_cpu)
    median_us = statistics.median(latencies) / 1000
    return {"median_us": median_us, "per_second": 1e6 / median_us, "households": len(facts),
            "cpu_us": statistics.median(cpu) / 1000}  # fmt: skip


def worker(python: Path, script: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [str(python), str(HERE / script), *args], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{script} failed: {done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}"
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def openfisca_python() -> tuple[Path | None, str]:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        created = subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], capture_output=True, text=True)
        if created.returncode != 0:
            return None, f"could not create bench/.venv: {created.stderr.strip()}"
    probe = subprocess.run([str(python), "-c", "import openfisca_core"], capture_output=True, text=True)
    if probe.returncode != 0:
        installed = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "bench" / "requirements.txt")],
            capture_output=True, text=True,
        )  # fmt: skip
        if installed.returncode != 0:
            return None, f"pip install -r bench/requirements.txt failed: {installed.stderr.strip()[-300:]}"
    version = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('openfisca-core'))"],
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
    return python, version


def compare(ours: Path, theirs: Path) -> tuple[bool, str]:
    details = []
    same = True
    for program in ("return_grant", "reintegration_support"):
        a, b = (np.load(folder / f"{program}_outcome.npy") for folder in (ours, theirs))
        x, y = (np.load(folder / f"{program}_amount.npy") for folder in (ours, theirs))
        equal = bool(np.array_equal(a, b) and np.array_equal(x, y))
        same &= equal
        counts = np.bincount(a, minlength=3)
        details.append(f"{program}: {'identical' if equal else 'DIFFERENT'} "
                       f"(eligible {counts[2]}, needs information {counts[1]}, not eligible {counts[0]})")  # fmt: skip
    return same, "; ".join(details)


def gb(value: float) -> str:
    return f"{value:.2f} GB"


def batch_row(persons: int, result: dict[str, Any]) -> str:
    target = "—"
    if persons >= 10_000_000:  # the targets are for Sweden's population, 10.5 million persons
        met = result["seconds"] <= 3 and result["peak_rss_gb"] <= 4
        target = f"≤ 3 s and ≤ 4 GB: {'met' if met else 'MISSED'}"
    timing = (
        f"{result['seconds']:.2f} s (best of {len(result['all_seconds'])}: {min(result['all_seconds']):.2f} s; "
        f"CPU {result['cpu_seconds']:.2f} s)"
    )
    memory = f"peak RSS {gb(result['peak_rss_gb'])} (of which {gb(result['loaded_rss_gb'])} the loaded columns)"
    population = (
        f"{persons:,} persons ({result['households']:,} households; application dates 2025-07-01…2026-06-30, "
        "both return-grant regimes)"
    )
    return f"| batch, {population} | {timing}, {memory} | {target} |"


def e2e_rows(args: argparse.Namespace, python: Path | None, version: str, tmp: Path) -> list[str]:
    """Whole commands, CSV in and CSV out, each a fresh process (bench/rules/end_to_end.py)."""
    rows = []
    repeat = args.e2e_repeat
    for persons in args.e2e_compare:
        if python is None:
            rows.append(f"| end to end vs OpenFisca | not run: {version} | ≥ 10× |")
            break
        r = end_to_end.versus_openfisca(python, persons, args.seed, COMPARE_ON, tmp, repeat)
        ours, theirs, phases = r["ours"], r["theirs"], r["theirs_phases"]
        ratio = theirs["seconds"] / ours["seconds"]
        counts = ", ".join(f"{k} {v:,}" for k, v in sorted(r["counts"].items()))
        rows.append(
            f"| end to end vs OpenFisca {version}, {persons:,} persons ({r['households']:,} households, "
            f"{r['bytes'] / 1e6:.0f} MB CSV), all applying on {COMPARE_ON // 10000}-03-01: batch CSV in, results "
            f"CSV out, each a fresh process, median of {repeat} | `hemvag eligibility --batch` {ours['seconds']:.2f} s "
            f"({gb(ours['peak_rss_gb'])}); OpenFisca with pandas {theirs['seconds']:.2f} s "
            f"({gb(theirs['peak_rss_gb'])}; in one run: read {phases['read_seconds']:.2f} s, simulation "
            f"{phases['calculate_seconds']:.2f} s, write {phases['write_seconds']:.2f} s): **{ratio:.1f}×**; regime, "
            f"outcome and amount {'identical' if r['identical'] else 'DIFFERENT'} ({counts}) | ≥ 10× and identical: "
            f"{'met' if ratio >= 10 and r['identical'] else 'MISSED'} |"
        )  # fmt: skip
    for persons in args.e2e_persons:
        r = end_to_end.big_batch(persons, args.seed, tmp, repeat)
        met = r["seconds"] <= 10 and r["peak_rss_gb"] <= 6
        runs = ", ".join(f"{x:.2f}" for x in r["all_seconds"])
        rows.append(
            f"| end to end, `hemvag eligibility --batch FILE.csv --out RESULTS.csv`, {persons:,} persons "
            f"({r['bytes'] / 1e9:.2f} GB CSV in, {r['out_bytes'] / 1e6:.0f} MB out; application dates "
            f"2025-07-01…2026-06-30), a fresh process, median of {repeat} | {r['seconds']:.2f} s ({runs}), peak RSS "
            f"{gb(r['peak_rss_gb'])} | ≤ 10 s and ≤ 6 GB: {'met' if met else 'MISSED'} |"
        )  # fmt: skip
    if args.forecast:
        r = end_to_end.forecasts(args.forecast, args.seed, tmp, repeat)
        for name in ("synthetic", "CSV"):
            f = r[name]
            runs = ", ".join(f"{x:.2f}" for x in f["all_seconds"])
            source = "`synthetic: {persons, seed}`" if name == "synthetic" else "the same population as batch CSV"
            rows.append(
                f"| `hemvag forecast`, {args.forecast:,} persons from {source}, 4 years, 200 runs, a fresh process, "
                f"median of {repeat} | {f['seconds']:.2f} s ({runs}), peak RSS {gb(f['peak_rss_gb'])}"
                f"{'; same result as from synthetic' if name == 'CSV' and r['same']['identical'] else ''} | "
                f"≤ 5 s: {'met' if f['seconds'] <= 5 else 'MISSED'} |"
            )  # fmt: skip
    return rows


def table(args: argparse.Namespace) -> list[str]:
    rows = ["| measurement | result | target |", "|---|---|---|"]
    if args.only_end_to_end:
        python, version = openfisca_python()
        with tempfile.TemporaryDirectory(prefix="hemvag-bench-") as tmp:
            return rows + e2e_rows(args, python, version, Path(tmp))
    single = single_household(args.seed)
    mark = "met" if single["median_us"] <= 100 else "MISSED"
    rows.append(f"| single household, full result document (both programmes), median of "
                f"{single['households']} × 5 | {single['median_us']:.0f} µs → {single['per_second']:,.0f} "
                f"evaluations/s (median CPU time {single['cpu_us']:.0f} µs) | ≤ 100 µs: {mark} |")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="hemvag-bench-") as tmp:
        folders = {}
        for persons in args.persons:
            folder = Path(tmp) / str(persons)
            save(simulate(persons, args.seed), folder)
            folders[persons] = folder
            result = worker(Path(sys.executable), "batch_worker.py", str(folder), "--repeat", str(args.repeat))
            rows.append(batch_row(persons, result))
        python, version = openfisca_python()
        if python is None:
            rows.append(f"| OpenFisca comparison | not run: {version} | ≥ 3× |")
            return rows + e2e_rows(args, python, version, Path(tmp))
        for persons in args.compare:
            folder = folders.get(persons)
            if folder is None:
                folder = Path(tmp) / f"c{persons}"
                save(simulate(persons, args.seed), folder)
            ours_out, theirs_out = Path(tmp) / f"ours{persons}", Path(tmp) / f"theirs{persons}"
            ours = worker(Path(sys.executable), "batch_worker.py", str(folder), "--on", str(COMPARE_ON),
                          "--repeat", str(args.repeat), "--save", str(ours_out))  # fmt: skip
            theirs = worker(python, "openfisca_worker.py", str(folder), "--on", str(COMPARE_ON),
                            "--repeat", str(args.repeat), "--save", str(theirs_out))  # fmt: skip
            same, details = compare(ours_out, theirs_out)
            ratio = theirs["seconds"] / ours["seconds"]
            rows.append(
                f"| vs OpenFisca {version}, {persons:,} persons, all applying on {COMPARE_ON // 10000}-03-01 "
                f"(return_grant_2026 + reintegration_support_2008) | hemvag.rules {ours['seconds']:.2f} s "
                f"({gb(ours['peak_rss_gb'])}), OpenFisca {theirs['seconds']:.2f} s ({gb(theirs['peak_rss_gb'])}): "
                f"**{ratio:.1f}×** throughput; outcomes and amounts {details} | ≥ 3× and identical: "
                f"{'met' if ratio >= 3 and same else 'MISSED'} |"
            )  # fmt: skip
        rows += e2e_rows(args, python, version, Path(tmp))
    return rows


def write_readme(rows: list[str], command: str, load_at_start: str) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
               f"{platform.python_version()}, load average at the start {load_at_start}, "
               f"at the end {load}")  # fmt: skip
    block = "\n".join([START, f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine} with:", "",
                       f"    {command}", "", *rows, END])  # fmt: skip
    text = README.read_text(encoding="utf-8") if README.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text += "\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--persons", type=int, nargs="+", default=[1_000_000, 10_500_000])
    parser.add_argument("--compare", type=int, nargs="+", default=[1_000_000, 10_500_000],
                        help="population sizes for the OpenFisca comparison")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--e2e-compare", type=int, nargs="*", default=[1_000_000],
                        help="end to end against OpenFisca (CSV in, CSV out) at these sizes")  # fmt: skip
    parser.add_argument("--e2e-persons", type=int, nargs="*", default=[10_500_000],
                        help="end to end `hemvag eligibility --batch` at these sizes")  # fmt: skip
    parser.add_argument("--forecast", type=int, default=1_000_000, help="persons for the forecast (0: none)")
    parser.add_argument("--e2e-repeat", type=int, default=3)
    parser.add_argument("--only-end-to-end", action="store_true", help="only the end-to-end measurements")
    parser.add_argument("--no-readme", action="store_true", help="print only; do not update bench/README.md")
    args = parser.parse_args()
    load_at_start = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = table(args)
    print("\n".join(rows))
    if not args.no_readme:
        write_readme(rows, " ".join(["python bench/rules/run.py", *sys.argv[1:]]), load_at_start)


if __name__ == "__main__":
    main()
