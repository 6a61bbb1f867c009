"""Batch-CSV rows of one household -> the facts document (written independently of the engine's code)."""

from __future__ import annotations

import csv
import io
from typing import Any

from hemvag.rules.batch import ALL_COLUMNS

BOOLEANS = (
    "swedish_citizen", "registered_in_sweden", "lives_with_main_applicant", "special_reasons_accepted",
    "debts_to_authorities", "can_pay_journey", "has_valid_national_passport", "received_grant_before",
)  # fmt: skip


def _value(text: str) -> Any:
    return {"": None, "true": True, "false": False, "1": True, "0": False}.get(text, text)


def document_from_rows(rows: list[dict[str, str]]) -> dict[str, Any]:
    first = rows[0]
    members = [
        {
            "id": row["member_id"] or None,
            "role": row["role"],
            "birth_date": _value(row["birth_date"]),
            "permit": {k: _value(row[f"permit_{k}"]) for k in ("ground", "granted_on", "permanent", "valid")},
            "asylum": {
                k: _value(row.get(f"asylum_{k}", ""))
                for k in ("outcome", "decided_on", "admission_likely", "late_application_accepted")
            },
            **{k: _value(row[k]) for k in BOOLEANS},
        }
        for row in rows
    ]
    return {
        "application_date": first["application_date"] or None,
        "destination_country": _value(first["destination_country"]),
        "settles_permanently": _value(first["settles_permanently"]),
        "in_sweden": _value(first.get("in_sweden", "")),  # an optional column: absent = unknown
        "members": members,
    }


def households_from_csv(text: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        groups.setdefault(row["household_id"], []).append(row)
    return {household_id: document_from_rows(rows) for household_id, rows in groups.items()}


def rows_from_document(household_id: str, document: dict[str, Any]) -> list[dict[str, str]]:
    def text(value: Any) -> str:
        return "" if value is None else ("true" if value is True else "false" if value is False else str(value))

    rows = []
    for member in document["members"]:
        row = dict.fromkeys(ALL_COLUMNS, "")
        row.update(household_id=household_id, application_date=document["application_date"],
                   destination_country=text(document["destination_country"]),
                   settles_permanently=text(document["settles_permanently"]),
                   in_sweden=text(document.get("in_sweden")),
                   member_id=member["id"], role=member["role"], birth_date=text(member["birth_date"]))  # fmt: skip
        row.update({k: text(member[k]) for k in BOOLEANS})
        row.update({f"permit_{k}": text(v) for k, v in member["permit"].items()})
        row.update({f"asylum_{k}": text(v) for k, v in member["asylum"].items()})
        rows.append(row)
    return rows
