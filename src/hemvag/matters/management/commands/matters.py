"""`hemvag matters export REF --format pdf|docx|json [--out FILE] [--draft]`: a matter's documents, as the
installation (SYSTEM).

REF is our reference (STH-FA-2023-0001) or the sender's diary number as written (KS 2023/1387, 2017/000991). A
matter whose consulted bodies answered exports the remissammanställning, after the statement when there is one;
otherwise the statement. A statement not yet approved exports only with --draft, every page marked UTKAST.
Without --out the document goes to standard output. Every export is audited.

Exit 0 on success; 2 with one line on standard error, and nothing written, when REF is unknown, the format is
not offered, the matter is a draft and --draft is missing, or the file cannot be written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hemvag.core.permissions import SYSTEM
from hemvag.matters import exporting, queries
from hemvag.matters.documents import ExportError

INVALID_INPUT = 2


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a query, not a deployment: start fast (`hemvag check` checks)
    help = "Motions and referrals: `export` writes a matter's statement or remissammanställning."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        export = sub.add_parser("export", help="A matter's documents as PDF, Word (docx) or JSON.")
        export.add_argument("reference", metavar="REF",
                            help="Our reference or the sender's diary number, e.g. 'KS 2023/1387'.")
        export.add_argument("--format", dest="file_format", required=True, metavar="pdf|docx|json",
                            help="pdf, docx or json.")
        export.add_argument("--out", default="", help="The file to write (default: standard output).")
        export.add_argument("--draft", action="store_true",
                            help="Allow a statement that is not approved yet; every page says UTKAST.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        with translation.override("en"):  # the command line speaks English, whatever the locale
            self._export(options["reference"], options["file_format"], options["out"], options["draft"])

    def _invalid(self, line: str) -> NoReturn:
        self.stderr.write(line)
        raise SystemExit(INVALID_INPUT)

    def _export(self, reference: str, file_format: str, out: str, draft: bool) -> None:
        try:
            exporting.check_format(file_format)
        except ExportError as error:
            self._invalid(f"--format: {error}")
        matter = queries.matter_by_reference(reference)
        if matter is None:
            self._invalid(_("%(reference)s: no matter has this reference or diary number.")
                          % {"reference": reference})
        try:
            rendered = exporting.render(matter, file_format, draft=draft)
        except ExportError as error:
            self._invalid(str(error))
        try:
            with transaction.atomic():  # the audit event only when the document was written, and vice versa
                exporting.record(SYSTEM, matter, rendered)
                if out:
                    _write_file(Path(out), rendered.data)
                else:
                    stream: BinaryIO = sys.stdout.buffer
                    stream.write(rendered.data)
                    stream.flush()
        except OSError as error:
            problem = _("cannot be written")
            self._invalid(f"{out or 'stdout'}: {problem}: {error.strerror or error}")
        if out:
            self.stderr.write(_("%(file)s: %(document)s of %(reference)s, %(bytes)s bytes.") % {
                "file": out, "document": rendered.document, "reference": matter.reference,
                "bytes": f"{len(rendered.data):,}"})


def _write_file(path: Path, data: bytes) -> None:
    """All or nothing: a temporary file beside the target, renamed over it once complete."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # as an ordinary new file would be (mkstemp makes it private)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
