"""Time hemvag.rules' batch path on a saved population, in its own process (for a clean peak RSS).

Prints one JSON line: median seconds over the repeats and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from population import load_arrays, peak_gb

from hemvag.rules.batch import Population, evaluate_population
from hemvag.rules.columns import Columns
from hemvag.rules.programs import PROGRAMS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--on", type=int, help="application date yyyymmdd for every household")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--save", type=Path, help="write outcome/amount arrays here")
    args = parser.parse_args()
    data, starts = load_arrays(args.folder)
    if args.on:
        data["application_date"] = np.full_like(data["application_date"], args.on)
    ids = [f"h{i + 1}" for i in range(len(starts))]
    loaded_rss = peak_gb()
    times, cpu = [], []
    for _ in range(args.repeat):
        population = Population(Columns(dict(data)), ids, starts)
        started, started_cpu = time.perf_counter(), time.process_time()
        results = evaluate_population(population, PROGRAMS.values())
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        del population
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for result in results:
            np.save(args.save / f"{result.program}_outcome.npy", result.outcome)
            np.save(args.save / f"{result.program}_amount.npy", result.amount)
    peak = peak_gb()
    print(json.dumps({
        "seconds": statistics.median(times), "all_seconds": times, "cpu_seconds": statistics.median(cpu),
        "peak_rss_gb": peak, "loaded_rss_gb": loaded_rss,
        "persons": len(data["role"]), "households": len(starts),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
