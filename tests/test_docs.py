"""The documentation stands alone: README.md and docs/*.md link only to files in the repository.

A clone has no `../shared/` folder next to it, so no document may point there; every relative Markdown link
must resolve to a file or folder that exists, and a link to a heading (`file.md#heading`) must name a heading
that the target file has.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
INLINE_LINK = re.compile(r"!?\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(?P<target>\S+?)>?(?:\s+.*)?$", re.MULTILINE)
EXTERNAL = ("http://", "https://", "mailto:")
# Paths into the design folder that sits beside the project on the developers' machines, not in a clone.
OUTSIDE = re.compile(r"\.\./shared\b|(?<![\w/.-])shared/(?:design|domain|contracts|seeds|hooks)\b")
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$", re.MULTILINE)


def _prose(text: str) -> str:
    """The text without fenced code blocks and inline code, where brackets are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def links(text: str) -> list[str]:
    prose = _prose(text)
    return [m["target"] for m in INLINE_LINK.finditer(prose)] + [m["target"] for m in REFERENCE_LINK.finditer(prose)]


def slug(title: str) -> str:
    """The anchor a heading gets (GitHub's rule: lower case, punctuation dropped, spaces become hyphens)."""
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)  # a link in a heading keeps only its text
    title = unicodedata.normalize("NFC", title.replace("`", "").strip().lower())
    return re.sub(r"[^\w\- ]", "", title).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for match in HEADING.finditer(text):
        base = slug(match["title"])
        anchor, n = base, 0
        while anchor in found:  # repeated headings get -1, -2, …
            n += 1
            anchor = f"{base}-{n}"
        found.add(anchor)
    return found


def problems_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    problems = [f"mentions {m.group(0)!r}, which a clone does not have" for m in OUTSIDE.finditer(text)]
    for target in links(text):
        if target.startswith(EXTERNAL):
            continue
        file_part, _, fragment = target.partition("#")
        if not file_part:  # a link to a heading of this same file
            destination = path
        else:
            if file_part.startswith("/"):
                problems.append(f"link {target!r} is absolute; use a path relative to {path.name}")
                continue
            destination = (path.parent / file_part).resolve()
            if not destination.is_relative_to(ROOT):
                problems.append(f"link {target!r} leaves the repository")
                continue
            if not destination.exists():
                problems.append(f"link {target!r}: {destination.relative_to(ROOT)} does not exist")
                continue
        if fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            problems.append(f"link {target!r}: {destination.relative_to(ROOT)} has no heading #{fragment}")
    return problems


def test_there_are_docs() -> None:
    names = {path.name for path in DOCUMENTS}
    assert {"README.md", "architecture.md", "rules-engine.md", "privacy.md", "cli.md"} <= names
    assert (ROOT / "docs" / "README.md").exists()


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_stay_in_the_repository(path: Path) -> None:
    assert problems_in(path) == []


def test_the_readme_links_to_the_docs() -> None:
    targets = links((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "docs/README.md" in targets


def test_the_checker_finds_what_it_should(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = tmp_path.resolve()
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "here.md").write_text("# A heading\n", encoding="utf-8")
    document = tmp_path / "doc.md"
    document.write_text(
        "# Title\n"
        "[ok](here.md) [ok](here.md#a-heading) [ok](#title) [web](https://example.org/x) [mail](mailto:a@b.c)\n"
        "[gone](missing.md) [bad anchor](here.md#nope) [out](../../elsewhere.md) [abs](/etc/hosts)\n"
        "See ../shared/design/ARCHITECTURE.md.\n"
        "```\n[not a link](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    found = problems_in(document)
    assert len(found) == 5, found
    assert any("missing.md" in p for p in found)
    assert any("#nope" in p for p in found)
    assert any("leaves the repository" in p for p in found)
    assert any("absolute" in p for p in found)
    assert any("../shared" in p for p in found)
