"""How much a request may carry, enforced once for every page and API route (settings.py sets the numbers).

- A body larger than allowed is refused by its `Content-Length`, before anything reads it: 413. A multipart body
  (a file upload) may be `REQUEST_MAX_BYTES` (the largest file, `UPLOAD_MAX_BYTES`, plus the form around it);
  anything else `DATA_UPLOAD_MAX_MEMORY_SIZE`.
- A JSON body may nest at most `JSON_MAX_DEPTH` levels (a deeper one would exhaust Python's recursion in the
  parser, and no document of ours is deeper than a handful): 400. Checked for every API route whatever the body
  claims to be, and for any JSON body elsewhere.
- Uploads stream to a temporary file above FILE_UPLOAD_MAX_MEMORY_SIZE, and `CappedUploadHandler` keeps at most
  one byte more than `UPLOAD_MAX_BYTES` of a file, so a file that is too large is refused with the document
  checks' own message without ever being held whole.

The API answers in its error shape (hemvag.core.apierrors), pages with the bilingual error page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hemvag.core.apierrors import error_body
from hemvag.core.permissions import ViewMiddleware, is_api

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
# A string, or an unterminated one to the end: every quote starts a match, so the scan stays linear.
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|\Z)', re.DOTALL)
# Opening brackets become 2, closing ones 0, everything else is deleted: accumulate(b - 1) is the depth.
_BRACKETS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[{]}")


def json_too_deep(body: bytes, max_depth: int) -> bool:
    """Whether JSON text nests deeper than `max_depth` (brackets inside strings do not count). Linear, without
    recursion, and without parsing: it runs before any parser sees the text."""
    if body.count(b"[") + body.count(b"{") <= max_depth:  # the usual small document
        return False
    brackets = JSON_STRING.sub(b"", body).translate(_BRACKETS, _NOT_BRACKETS)
    return max(accumulate(b - 1 for b in brackets), default=0) > max_depth


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads no body it cannot measure


def _refuse(request: HttpRequest, status: int, message: str, api: bool) -> HttpResponse:
    if api:
        return JsonResponse(error_body(message), status=status)
    return render(request, f"{status}.html", {"message": message}, status=status)


class RequestLimitsMiddleware(ViewMiddleware):
    """Before CSRF (which reads a form body) and before any view: size by Content-Length, then JSON depth."""

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Iterable[Any], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        api = request.resolver_match is not None and is_api(request.resolver_match.namespaces)
        content_type = request.content_type or ""
        length = _content_length(request)
        if content_type == "multipart/form-data":
            if length > settings.REQUEST_MAX_BYTES:
                return _refuse(request, 413, _(
                    "The upload is too large: a file may be at most %(size)s. Scan at a lower resolution or split it."
                ) % {"size": _megabytes(settings.UPLOAD_MAX_BYTES)}, api)
            return None
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return _refuse(request, 413, _("The request is too large: at most %(size)s.")
                           % {"size": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}, api)
        checks_json = (api and content_type not in FORM_TYPES) or content_type.endswith(("/json", "+json"))
        if length and checks_json and json_too_deep(request.body, settings.JSON_MAX_DEPTH):
            return _refuse(request, 400, _("The JSON is nested too deeply: at most %(depth)d levels.")
                           % {"depth": settings.JSON_MAX_DEPTH}, api)
        return None


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Streams a file to a temporary file, keeping at most UPLOAD_MAX_BYTES + 1 bytes of it: enough for the
    document checks to refuse a file that is too large, never more on disk or in memory."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = settings.UPLOAD_MAX_BYTES + 1 - self.kept
        if room > 0:
            self.file.write(raw_data[:room])
            self.kept += min(room, len(raw_data))

    def file_complete(self, file_size: int) -> Any:
        self.file.seek(0)
        self.file.size = self.kept
        return self.file
