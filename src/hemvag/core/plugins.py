"""How apps plug into core: each app declares what it contributes in one module, `<app>/plugin.py`, as
`CONTRIBUTIONS = Contributions(...)`; core collects them from the installed apps and never imports an app.

What an app may contribute: permissions (and the roles that hold them), staff menu entries, start-page panels,
demo-data steps (in order), page URLs, its API router, the exceptions it raises and how the API answers them,
and — for the reporting apps — report sections and the fact blocks that motions and remisser can quote; and the
kinds of record it disposes of when their retention period has passed.

Everything is named by dotted path, not imported, so a plugin module stays a table that any newcomer can read
and that costs nothing to load. The collection is made once (after the app registry is ready) and never
changes while the process runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string

PLUGIN_MODULE = "plugin"


@dataclass(frozen=True)
class NavEntry:
    """A staff menu entry, shown to whoever holds `permission` in one of their units."""

    url_name: str
    label: Promise | str
    permission: str
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A start-page block: `render` (dotted path) takes the request and returns a panel or None."""

    render: str
    order: int = 100


@dataclass(frozen=True)
class DemoStep:
    """A demo-data step: `load` (dotted path) takes no argument and returns a DemoOutcome (or None)."""

    load: str
    order: int
    status: str = ""  # shown while the step runs, when it takes a while


@dataclass(frozen=True)
class DemoOutcome:
    summary: str = ""
    logins: tuple[tuple[str, str, str], ...] = ()  # (user name, role label, unit name)


@dataclass(frozen=True)
class Urls:
    """Page URLs: `module` is included under `prefix`; `localised` ones get a language prefix (/sv/…)."""

    prefix: str
    module: str
    localised: bool = False


@dataclass(frozen=True)
class ErrorType:
    """An exception the app raises and how the API answers it: `status` with `{"detail": str(exc)}`, or with
    `{"errors": [...]}` from `errors` (dotted path: exc -> list of {"field", "path", "message"})."""

    exception: str
    status: int
    code: str
    errors: str = ""


@dataclass(frozen=True)
class ReportSection:
    """A section of the annual activity report: `render` (dotted path) takes (actor, period: core.reporting.
    ReportPeriod) and returns a core.reporting.Section, or None when it has nothing to report."""

    key: str
    title: Promise | str
    render: str
    order: int = 100


@dataclass(frozen=True)
class FactBlock:
    """A live fact a statement on a motion or remiss can quote: `provider` (dotted path) takes (actor, unit,
    argument) and returns a `core.reporting.Fact`, or raises `core.reporting.FactError` with a message for the
    drafter; `argument` is what the drafter typed in the field labelled `argument_label` (empty if none)."""

    key: str
    title: Promise | str
    provider: str
    argument_label: Promise | str = ""


@dataclass(frozen=True)
class RetentionKind:
    """A kind of record that is disposed of (gallras) when its retention period has passed. The period and its
    legal basis are data (core/retention.yaml, one rule per `key`); the app says which records are due:
    `due` (dotted path) takes (cutoff: date, today: date) and returns the core.retention.Due records whose period
    started on or before `cutoff`; `dispose` (dotted path) takes one Due record and removes its personal data,
    inside the transaction core's action opens for it (which writes its audit event)."""

    key: str
    title: Promise | str
    counted_from: Promise | str  # when the period starts, in words (the `due` function is its one home in code)
    due: str
    dispose: str


@dataclass(frozen=True)
class Contributions:
    permissions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # action -> role values
    navigation: tuple[NavEntry, ...] = ()
    panels: tuple[Panel, ...] = ()
    demo: tuple[DemoStep, ...] = ()
    urls: tuple[Urls, ...] = ()
    api_router: str = ""  # dotted path to a HemvagRouter
    errors: tuple[ErrorType, ...] = ()
    report_sections: tuple[ReportSection, ...] = ()
    fact_blocks: tuple[FactBlock, ...] = ()
    retention: tuple[RetentionKind, ...] = ()


@dataclass(frozen=True)
class Plugin:
    app_label: str
    contributions: Contributions


@cache
def plugins() -> tuple[Plugin, ...]:
    """The contributions of every installed app that has a plugin module, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{PLUGIN_MODULE}"
        if find_spec(name) is None:
            continue
        contributions = getattr(import_module(name), "CONTRIBUTIONS", None)
        if not isinstance(contributions, Contributions):
            raise TypeError(f"{name} must define CONTRIBUTIONS = Contributions(...)")
        found.append(Plugin(config.label, contributions))
    return tuple(found)


def _each(attribute: str) -> Iterator[Any]:
    for plugin in plugins():
        yield from getattr(plugin.contributions, attribute)


def permissions() -> dict[str, frozenset[str]]:
    """Every contributed permission; the same name from two apps is a mistake, refused at start-up."""
    merged: dict[str, frozenset[str]] = {}
    for plugin in plugins():
        for action, roles in plugin.contributions.permissions.items():
            if action in merged:
                raise ValueError(f"Permission {action!r} is declared twice (again by {plugin.app_label}).")
            merged[action] = frozenset(roles)
    return merged


def navigation() -> list[NavEntry]:
    return sorted(_each("navigation"), key=lambda entry: entry.order)


def panels() -> list[Callable[..., Any]]:
    return [import_string(panel.render) for panel in sorted(_each("panels"), key=lambda panel: panel.order)]


def demo_steps() -> list[DemoStep]:
    return sorted(_each("demo"), key=lambda step: step.order)


def urls() -> list[Urls]:
    return list(_each("urls"))


def api_routers() -> list[Any]:
    return [import_string(plugin.contributions.api_router) for plugin in plugins() if plugin.contributions.api_router]


def error_types() -> list[tuple[type[BaseException], ErrorType]]:
    seen: dict[type[BaseException], ErrorType] = {}
    for error in _each("errors"):
        seen.setdefault(import_string(error.exception), error)
    return list(seen.items())


def report_sections() -> list[ReportSection]:
    return sorted(_each("report_sections"), key=lambda section: section.order)


def fact_blocks() -> list[FactBlock]:
    return list(_each("fact_blocks"))


def retention_kinds() -> list[RetentionKind]:
    return list(_each("retention"))
