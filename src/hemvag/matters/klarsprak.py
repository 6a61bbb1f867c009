"""Plain-language hints while a statement is written (klarspråk): long sentences and the passive voice, which
the Language Council's advice asks writers of public documents to keep down. Hints only: nothing is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

LONG_SENTENCE_WORDS = 30
# Swedish s-passive: "behandlas", "beviljades", "har remitterats", "bedöms". Common deponent verbs (they end in
# -s without being passive) are left out.
_PASSIVE = re.compile(r"\b\w{3,}(?:as|ades|ats|des|tes|ts)\b", re.IGNORECASE)
# Words with those endings that are not passive: deponent verbs and genitives of neuter nouns ("ärendets").
_DEPONENTS = frozenset({"hoppas", "lyckas", "lyckades", "låtsas", "andas", "åldras", "tycktes", "fanns",
                        "kommunernas", "alldeles", "ingenstans", "annars", "tillbakas"})


def _is_passive(word: str) -> bool:
    lower = word.lower()
    return lower not in _DEPONENTS and not lower.endswith("ets") and not word[0].isupper()


@dataclass(frozen=True)
class Hint:
    section: str
    kind: str  # "long" or "passive"
    excerpt: str


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def hints(sections: dict[str, str]) -> list[Hint]:
    found = []
    for name, text in sections.items():
        for sentence in _sentences(text):
            words = sentence.split()
            if len(words) > LONG_SENTENCE_WORDS:
                found.append(Hint(name, "long", " ".join(words[:12]) + " …"))
            passive = [w for w in _PASSIVE.findall(sentence) if _is_passive(w)]
            if passive:
                found.append(Hint(name, "passive", ", ".join(dict.fromkeys(passive))))
    return found
