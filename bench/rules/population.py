"""Save and load a synthetic population as .npy files, so every engine reads the very same data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np


def save(population: Any, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, values in population.columns.data.items():
        np.save(folder / f"{name}.npy", values)
    np.save(folder / "starts.npy", population.starts)
    (folder / "meta.json").write_text(json.dumps({"persons": population.persons, "households": population.households}))


def load_arrays(folder: Path) -> tuple[dict[str, np.ndarray], np.ndarray]:
    columns = {p.stem: np.load(p) for p in folder.glob("*.npy") if p.stem != "starts"}
    return columns, np.load(folder / "starts.npy")


def peak_gb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss it is not inherited across fork/exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")
