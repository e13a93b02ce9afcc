"""Records as plain-text lines for 'kj record list'."""

from __future__ import annotations

from kindjournal.text import quantity, short_date

# The field that says what a record is, after its date and hours.
_SUMMARY = {"hours": "organisation", "cpd": "topic", "feedback": "source",
            "discussion": "partner_name", "confirmation": "confirmer_name"}


def one_line(kind, record: dict) -> str:
    parts = [f"{record['id']:>3}", short_date(record[kind.date_field])]
    if kind.name in ("hours", "cpd") and record.get("hours") is not None:
        text = f"{quantity(record['hours'])} h"
        if kind.name == "cpd" and record.get("participatory_hours"):
            text += f" ({quantity(record['participatory_hours'])} with others)"
        parts.append(text)
    summary = record.get(_SUMMARY[kind.name]) or ""
    if kind.name == "cpd" and (record.get("peer_reflection") or "").strip():
        summary += " · peer reflection"
    parts.append(summary[:50])
    return "  ".join(part for part in parts if part)


def record_lines(kinds, found: dict[str, list[dict]], trash: bool) -> list[str]:
    lines: list[str] = []
    for kind in kinds:
        rows = found[kind.name]
        if not rows and len(kinds) > 1:
            continue
        if lines:
            lines.append("")
        lines.append(f"{kind.plural[0].upper()}{kind.plural[1:]}"
                     + (" in the trash" if trash else "") + f" ({len(rows)})")
        lines += [f"  {one_line(kind, record)}" for record in rows]
        if not rows:
            lines.append(f"  None yet. 'kj record add {kind.name}' adds one.")
    if not lines:
        lines.append("No records in the trash." if trash else
                     "No records yet. 'kj record add hours|cpd|feedback|discussion|"
                     "confirmation' adds one.")
    return lines
