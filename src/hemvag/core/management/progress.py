"""Progress of a command's long steps on the terminal, with rich (nothing is drawn when output is not a terminal)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class RichSteps:
    """Each step is a line of its own: a bar when its size is known, else a spinner until it is done."""

    def __init__(self, stream: Any) -> None:
        console = Console(file=stream, highlight=False)
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                                 disable=not stream.isatty())
        self.current: Any = None

    def __enter__(self) -> RichSteps:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish_current()
        self.progress.stop()

    def step(self, label: str, total: int | None = None) -> Any:
        self._finish_current()
        task = self.progress.add_task(label, total=total if total is not None else 1)
        self.current = task

        def advance(amount: int = 1) -> None:
            self.progress.advance(task, amount)

        return advance

    def _finish_current(self) -> None:
        if self.current is not None:
            task = self.progress.tasks[self.current]
            self.progress.update(self.current, completed=task.total)
            self.current = None
