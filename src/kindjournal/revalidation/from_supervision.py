"""A CPD record with peer reflection made from a recorded peer or group supervision
session, so a social worker does not type the same conversation twice.

Social Work England asks for CPD records each year, at least one with peer reflection
(regulators/social-work-england.toml). A peer or group session is that reflection: its
notes become the record's peer reflection, its date the record's date, and the session
remembers the record (cpd_uuid) so it is made once and 'kj revalidation' stops
suggesting it.
"""

from __future__ import annotations

from datetime import date

from kindjournal.errors import UsageError

METHODS = {"peer": "Peer supervision", "group": "Group supervision"}


def make_cpd_record(db, session: dict, today: date, *, topic: str | None = None,
                    learned: str | None = None, hours: str | None = None) -> int:
    """The new CPD record's number; a usage error when the session cannot give one."""
    from kindjournal.journal import records as store
    from kindjournal.journal import supervision
    from kindjournal.journal.database import writing
    from kindjournal.journal.record_kinds import KINDS, check_values

    if session["kind"] not in METHODS:
        raise UsageError(f"Session {session['id']} is not a peer or group session; only "
                         "those count as peer reflection. 'kj supervision edit "
                         f"{session['id']} --kind peer' changes it if it was one.")
    if session.get("cpd_uuid"):
        raise UsageError(f"Session {session['id']} already has a CPD record made from it; "
                         "'kj record list cpd' shows it.")
    reflection = (session["note"] or "").strip()
    if not reflection:
        raise UsageError(f"Session {session['id']} has no notes to use as the peer "
                         f"reflection: add them with 'kj supervision edit {session['id']} "
                         "--note \"what you learned from the discussion\"'.")
    topic = (topic or "").strip() or reflection.splitlines()[0][:80]
    given = {"start_date": session["date"], "method": METHODS[session["kind"]],
             "topic": topic, "peer_reflection": reflection}
    if learned:
        given["learned"] = learned
    if hours is not None:
        given["hours"] = hours
        given["participatory_hours"] = hours  # a supervision session is all with others
    kind = KINDS["cpd"]
    values = check_values(kind, given, today)
    with writing(db):
        record_id = store.add(db, kind, values)
        supervision.set_cpd_uuid(db, session["id"], store.get(db, kind, record_id)["uuid"])
    return record_id


def record_session(db, session_date: date, note: str | None, today: date, *, cpd: bool,
                   **details) -> tuple[int, int | None]:
    """Record a session and, with cpd, its CPD record: both or neither. (session number,
    CPD record number or None)."""
    from kindjournal.journal import supervision
    from kindjournal.journal.database import writing

    if cpd and details.get("kind") not in METHODS:
        raise UsageError("--cpd is for a peer or group session: add --kind peer or "
                         "--kind group.")
    with writing(db):
        session_id = supervision.record_session(db, session_date, note, **details)
        record_id = (make_cpd_record(db, supervision.get_session(db, session_id), today)
                     if cpd else None)
    return session_id, record_id
