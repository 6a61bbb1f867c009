"""The command line: ``hemvag eligibility``, ``hemvag rules``, ``hemvag simulate`` and ``hemvag forecast``.

``main(argv)`` takes the arguments after ``hemvag`` (so ``argv[0]`` is the subcommand) and returns the
exit status; it never needs Django.  Exit 0 on valid input whatever the outcome; exit 2 on invalid
input or bad usage, with one line per problem on standard error and nothing on standard output
(docs/cli.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn, TextIO

from hemvag.rules.batch import BatchError, evaluate_population
from hemvag.rules.engine import default_parameters, evaluate
from hemvag.rules.parameters import ParameterError
from hemvag.rules.programs import PROGRAM_CHOICES, all_regimes, selected_programs
from hemvag.rules.render import regime_lines, render_document
from hemvag.rules.simulate import simulate
from hemvag.rules.validation import FactsError, FieldError, parse_date_text, parse_facts_json

COMMANDS = ("eligibility", "rules", "simulate", "forecast")


class UsageError(Exception):
    """Bad command-line usage: reported as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _date(text: str) -> dt.date:
    try:
        return parse_date_text(text)
    except FieldError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def _parser() -> _Parser:
    parser = _Parser(prog="hemvag", description="Eligibility for voluntary-return support (Hemväg).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    eligibility = commands.add_parser("eligibility", help="evaluate one household or a batch CSV")
    eligibility.add_argument("file", nargs="?", default="-", help="facts document (JSON), or - for stdin")
    eligibility.add_argument("--on", type=_date, help="application date (overrides the document's)")
    eligibility.add_argument("--program", choices=PROGRAM_CHOICES, default="all")
    eligibility.add_argument("--format", choices=("json", "text"), help="default: text on a terminal, else json")
    eligibility.add_argument("--lang", choices=("sv", "en"), default="sv")
    eligibility.add_argument(
        "--batch", metavar="FILE.csv", help="evaluate a population (CSV or .parquet), one row per person"
    )
    eligibility.add_argument("--out", metavar="RESULTS.csv", help="with --batch: write results here")

    rules = commands.add_parser("rules", help="list the rules and parameters with their sources")
    rule_commands = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    listing = rule_commands.add_parser("list", help="every condition and parameter value in force")
    listing.add_argument("--on", type=_date, help="only what is in force on this date")
    listing.add_argument("--unverified", action="store_true", help="only what is not verified")
    listing.add_argument("--lang", choices=("sv", "en"), default="sv")
    show = rule_commands.add_parser("show", help="one regime's conditions and parameter values")
    show.add_argument("regime", help="e.g. return_grant_2026")
    show.add_argument("--lang", choices=("sv", "en"), default="sv")

    simulation = commands.add_parser("simulate", help="write a seeded synthetic population as batch CSV")
    simulation.add_argument("--persons", type=_positive, required=True)
    simulation.add_argument("--seed", type=_integer, required=True)
    simulation.add_argument("--out", metavar="FILE.csv")

    forecasting = commands.add_parser("forecast", help="forecast applications, grants and costs per year")
    forecasting.add_argument("scenario", metavar="SCENARIO.yaml")
    forecasting.add_argument("--compare", metavar="OTHER.yaml", help="a reform scenario to set against SCENARIO")
    forecasting.add_argument("--format", choices=("json", "text"), help="default: text on a terminal, else json")
    forecasting.add_argument("--out", metavar="FILE", help="write the result here instead of standard output")
    forecasting.add_argument("--lang", choices=("sv", "en"), default="sv")
    return parser


def _problems(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 2


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8-sig")  # tolerate a byte-order mark
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"hemvag eligibility: cannot read {name}: {getattr(error, 'strerror', error)}") from None


def _single(args: argparse.Namespace) -> int:
    try:
        household = parse_facts_json(_read_text(args.file), on=args.on)
    except FactsError as error:
        return _problems([str(p) for p in error.problems])
    document = evaluate(household, program=args.program, lang=args.lang)
    output_format = args.format or ("text" if sys.stdout.isatty() else "json")
    if output_format == "json":
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_document(document, args.lang))
    return 0


@contextlib.contextmanager
def _progress(description: str) -> Iterator[None]:
    """A rich spinner on standard error, only when it is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(description):
        yield


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise UsageError(f"hemvag: cannot write {path}: {error.strerror}") from None
    with handle:
        yield handle


def _batch(args: argparse.Namespace) -> int:
    if args.file != "-":
        raise UsageError("hemvag eligibility: give either FILE or --batch, not both")
    from hemvag.rules.columnar import read_population_path, write_results  # pyarrow only for this command

    started = time.perf_counter()
    try:
        with _progress("Läser och kontrollerar …"):
            population = read_population_path(Path(args.batch), on=args.on)
    except OSError as error:
        raise UsageError(f"hemvag eligibility: cannot read {args.batch}: {error.strerror}") from None
    except UnicodeDecodeError:
        return _problems(["line 1: (file): not UTF-8 text"])
    except BatchError as error:
        return _problems(error.problems)
    with _progress("Beräknar …"):
        results = evaluate_population(population, selected_programs(args.program))
    with _output(args.out) as out, _progress("Skriver resultat …"):
        write_results(out, population, results)
    seconds = time.perf_counter() - started
    print(
        f"households: {population.households}, persons: {population.persons}, seconds: {seconds:.2f}",
        file=sys.stderr,
    )
    return 0


def _eligibility(args: argparse.Namespace) -> int:
    if args.out and not args.batch:
        raise UsageError("hemvag eligibility: --out needs --batch")
    return _batch(args) if args.batch else _single(args)


def _rules(args: argparse.Namespace) -> int:
    parameters = default_parameters()
    lines: list[str] = []
    if args.rules_command == "show":
        regimes = {r.id: r for r in all_regimes()}
        if args.regime not in regimes:
            raise UsageError(f"hemvag rules show: unknown regime '{args.regime}' (expected {', '.join(regimes)})")
        lines = regime_lines(regimes[args.regime], parameters, args.lang)
    else:
        for regime in all_regimes():
            if args.on is not None and parameters.on(args.on).get(f"{regime.program}.regime") != regime.id:
                continue
            lines += [*regime_lines(regime, parameters, args.lang, on=args.on, unverified_only=args.unverified), ""]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    from hemvag.rules.columnar import write_population

    population = simulate(args.persons, args.seed)
    with _output(args.out) as out, _progress("Skriver population …"):
        write_population(out, population)  # as csv.writer writes batch.csv_rows, at columnar speed
    return 0


def _forecast(args: argparse.Namespace) -> int:
    from hemvag.rules.forecast_cli import run_forecast  # NumPy work only for this command

    return run_forecast(args.scenario, args.compare, args.format, args.out, args.lang)


def main(argv: list[str]) -> int:
    """Run ``hemvag eligibility|rules|simulate|forecast …``; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
        handlers: dict[str, Any] = {
            "eligibility": _eligibility, "rules": _rules, "simulate": _simulate, "forecast": _forecast,
        }  # fmt: skip
        status: int = handlers[args.command](args)
        return status
    except UsageError as error:
        print(str(error), file=sys.stderr)
        return 2
    except ParameterError as error:
        print(f"hemvag: parameter files: {error}", file=sys.stderr)
        return 2
    except SystemExit as exit_:  # --help and --version exit through argparse
        return exit_.code if isinstance(exit_.code, int) else 0
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
