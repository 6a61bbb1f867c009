"""Walk the self-check as a visitor would: read the question on the page, answer it from a script, post."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QUESTION = re.compile(r'data-question="([^"]+)"')
ANSWER = re.compile(r'name="answer" value="([^"]+)"')
DONT_KNOW = "?"


@dataclass
class Walk:
    asked: list[str] = field(default_factory=list)
    page: str = ""
    status_codes: list[int] = field(default_factory=list)
    cookies: set[str] = field(default_factory=set)
    questions: dict[str, str] = field(default_factory=dict)  # question key -> the page that asked it


def carried_answers(page: str) -> list[str]:
    return list(dict.fromkeys(ANSWER.findall(page)))  # the back form and the question form carry the same


def walk(client, script: dict[str, str], language: str = "sv", htmx: bool = False, limit: int = 60) -> Walk:
    """Answer every question from `script` ("?" or a missing key = "I don't know") until the result shows."""
    headers = {"HX-Request": "true"} if htmx else {}
    result = Walk()
    response = client.get(f"/{language}/self-check/")
    for _step in range(limit):
        result.status_codes.append(response.status_code)
        result.cookies |= set(response.cookies)
        page = response.content.decode()
        found = QUESTION.search(page)
        if found is None:
            result.page = page
            return result
        key = found.group(1)
        result.asked.append(key)
        result.questions[key] = page
        value = script.get(key, DONT_KNOW)
        data: dict[str, object] = {"answer": carried_answers(page)}
        if value == DONT_KNOW:
            data["action"] = "unknown"
        else:
            data.update(action="next", value=value)
        response = client.post(f"/{language}/self-check/", data, headers=headers)
    raise AssertionError(f"no result after {limit} questions: {result.asked}")
