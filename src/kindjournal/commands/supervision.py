"""kj supervision: get ready for a session, record sessions and what was agreed in
them, the agreement, and what a supervisor sees.

Every screen is built as a list of lines and printed in one place (print_lines), so a
pager can take it whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import (
    JsonOpt,
    LimitOpt,
    is_interactive,
    open_db,
    print_json,
    print_lines,
    user_prompt_dir,
)
from kindjournal.commands.filter_options import SinceOpt

SessionArg = Annotated[str, typer.Argument(
    help="The session's number from 'kj supervision history'.", show_default=False)]
ShowOpt = Annotated[list[str] | None, typer.Option(
    "--show", help="Show a check-in rating (or 'summaries') left out before.", show_default=False)]
HideOpt = Annotated[list[str] | None, typer.Option(
    "--hide", help="Leave a check-in rating (e.g. detachment) or 'summaries' out.",
    show_default=False)]
KindOpt = Annotated[str | None, typer.Option(
    "--kind", help="clinical, managerial, peer or group.", show_default=False)]
SupervisorOpt = Annotated[str | None, typer.Option(
    "--supervisor", help="Your supervisor's name or role.", show_default=False)]
FunctionsOpt = Annotated[str | None, typer.Option(
    "--functions", help="What it served: support, learning, standards (one or more).",
    show_default=False)]
NoteOpt = Annotated[str | None, typer.Option(
    "--note", help="Notes to remember it by (keep names out).", show_default=False)]
ActionOpt = Annotated[list[str] | None, typer.Option(
    "--action", help="An action you agreed (repeat for each); 'kj actions' lists them.",
    show_default=False)]


def _width_and_colour() -> tuple[int, bool]:
    from kindjournal.text import terminal_width, use_bold

    return terminal_width(), use_bold()


def prepare(
    ctx: typer.Context,
    since: SinceOpt = None,
    show: ShowOpt = None,
    hide: HideOpt = None,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Also write a one-page summary of what is shown to FILE.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the --html file if it exists.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """What to bring to supervision: what you agreed last time, the entries you marked,
    your actions, then the trends since your last session and signs worth noticing.
    --since starts the period elsewhere than the day after your last recorded session;
    --show and --hide change, for this run, what is shown ('kj supervision choose'
    remembers it)."""
    if ctx.invoked_subcommand:
        return
    from datetime import date

    from kindjournal.trends.supervision_prep import build_prep
    from kindjournal.trends.supervision_text import LONG_LIST

    on_screen = html is None and not as_json  # the screen shows the first LONG_LIST
    prep = build_prep(open_db(), user_prompt_dir(), date.today(), since, show or [],
                      hide or [], LONG_LIST if on_screen else None)
    if html is not None:
        from kindjournal.trends.supervision_html import write_page

        written = write_page(prep, html.expanduser(), force)
        if not as_json:
            print_lines([f"Wrote {written}: only what this preparation shows. Open it in a "
                         "browser to print it or show it on a screen."])
        return
    if as_json:
        print_json(prep)
        return
    from kindjournal.screens.pager import show_long
    from kindjournal.text import visible_data
    from kindjournal.trends.supervision_text import format_prep

    show_long("\n".join(format_prep(visible_data(prep), *_width_and_colour())))


def record(
    when: Annotated[str, typer.Option(
        "--date", "-d", help="When the session took place: 'today', 'last friday', "
        "'2026-11-20'.")] = "today",
    kind: KindOpt = None, supervisor: SupervisorOpt = None, functions: FunctionsOpt = None,
    note: NoteOpt = None, action: ActionOpt = None,
    cpd: Annotated[bool, typer.Option(
        "--cpd", help="A peer or group session: also make a CPD record with peer "
        "reflection from it.")] = False,
) -> None:
    """Record a supervision session and what you agreed; the next preparation starts after
    it and asks how the agreed actions went. In a terminal with no details given, asks."""
    from datetime import date

    from kindjournal import dates
    from kindjournal.journal import supervision
    from kindjournal.text import weekday_date

    today = date.today()
    if all(value is None for value in (kind, supervisor, functions, note, action)) \
            and is_interactive():
        when, kind, supervisor, functions, note, action = _ask(when, today)
    session_day = dates.parse_day(when, today)
    kind_name, chosen = supervision.read_kind(kind), supervision.read_functions(functions)
    from kindjournal.revalidation.from_supervision import record_session

    session_id, record_id = record_session(
        open_db(create=True).require_writable(), session_day, note, today, cpd=cpd, kind=kind_name,
        supervisor=supervisor, functions=chosen, actions=action or [])
    made = _cpd_made(record_id) if record_id else None
    agreed = len([text for text in action or [] if text.strip()])
    lines = [f"Recorded supervision session {session_id} on {weekday_date(session_day)}"
             + (f", with {agreed} agreed action{'s' if agreed != 1 else ''} in 'kj actions'"
                if agreed else "") + ".",
             "'kj supervision' now prepares from the day after it."]
    print_lines(lines + ([made] if made else []))


def _ask(when: str, today) -> tuple:
    """Each answer checked as it is typed, so one slip costs one question, not the lot."""
    from kindjournal import dates
    from kindjournal.journal import supervision
    from kindjournal.screens.questions import ask

    typer.echo("Recording a supervision session. Press Enter to skip any question.")
    day = ask(f"When was it? (Enter for {when})",
              lambda reply: dates.parse_day(reply or when, today))
    kind = ask("What kind: clinical, managerial, peer or group? (Enter to skip)",
               supervision.read_kind)
    supervisor = ask("Your supervisor's name or role:") or None
    functions = ask("What did it serve: support, learning, standards (one or more)?",
                    supervision.read_functions)
    note = ask("A few words to remember it by (keep names out):") or None
    typer.echo("What did you agree to do? One action a line; an empty line ends.")
    actions = []
    while reply := ask(" >"):
        actions.append(reply)
    return day.isoformat(), kind, supervisor, ",".join(functions) or None, note, actions


def _cpd_made(record_id: int) -> str:
    return (f"Made CPD record {record_id} from it, with its notes as the peer reflection. "
            "'kj revalidation' counts it.")


def history(
    limit: LimitOpt = 20,
    in_bin: Annotated[bool, typer.Option(
        "--trash", "--bin", help="Sessions you deleted, in the trash.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List the supervision sessions you recorded, newest first."""
    from datetime import date

    from kindjournal.journal import supervision
    from kindjournal.journal import supervision_agreement as agreed

    db = open_db()
    rows = supervision.sessions(db, limit, deleted=in_bin)
    if as_json:
        print_json(rows)
        return
    from kindjournal.text import visible_data
    from kindjournal.trends.supervision_text import due_line, format_history

    width, colour = _width_and_colour()
    lines = format_history(visible_data(rows), width, colour, in_bin)
    if not in_bin:
        today = date.today()
        due = agreed.next_due(agreed.agreement(db), supervision.last_session(db, today), today)
        from kindjournal.text import wrap_words

        lines += wrap_words(due_line(due), width)
    print_lines(lines)


def show(session_id: SessionArg, as_json: JsonOpt = False) -> None:
    """Show one session in full: kind, supervisor, functions, notes, agreed actions."""
    from kindjournal.journal import supervision

    session = supervision.get_session(open_db(), supervision.parse_session_id(session_id))
    if as_json:
        print_json(session)
        return
    from kindjournal.trends.supervision_text import format_session

    print_lines(format_session(session, *_width_and_colour()))


def edit(
    session_id: SessionArg,
    when: Annotated[str | None, typer.Option(
        "--date", "-d", help="The session's date.", show_default=False)] = None,
    kind: KindOpt = None, supervisor: SupervisorOpt = None, functions: FunctionsOpt = None,
    note: NoteOpt = None, action: ActionOpt = None,
) -> None:
    """Change a session's details, or add actions agreed in it."""
    from datetime import date

    from kindjournal import dates
    from kindjournal.errors import UsageError
    from kindjournal.journal import supervision

    number = supervision.parse_session_id(session_id)
    changes: dict = {}
    if when is not None:
        changes["date"] = dates.parse_day(when, date.today())
    if kind is not None:
        changes["kind"] = supervision.read_kind(kind)
    if supervisor is not None:
        changes["supervisor"] = supervisor
    if functions is not None:
        changes["functions"] = supervision.read_functions(functions)
    if note is not None:
        changes["note"] = note
    if not changes and not action:
        raise UsageError("Say what to change: --date, --kind, --supervisor, --functions, "
                         "--note or --action.")
    supervision.update_session(open_db().require_writable(), number, changes, action or [])
    print_lines([f"Changed supervision session {number}. 'kj supervision show {number}' "
                 "shows it."])


def delete(session_id: SessionArg) -> None:
    """Move a session (and its agreed actions) to the trash; 'kj supervision restore N'
    brings it back."""
    from kindjournal.journal import supervision

    number = supervision.parse_session_id(session_id)
    session = supervision.trash_session(open_db().require_writable(), number)
    print_lines([f"Moved supervision session {number} ({session['date']}) to the trash. "
                 f"'kj supervision restore {number}' brings it back."])


def restore(session_id: SessionArg) -> None:
    """Bring a session back from the trash, with its agreed actions."""
    from kindjournal.journal import supervision

    number = supervision.parse_session_id(session_id)
    session = supervision.restore_session(open_db().require_writable(), number)
    print_lines([f"Brought back supervision session {number} ({session['date']})."])


def agreement(
    every: Annotated[int | None, typer.Option(
        "--every", help="How often sessions should happen, in weeks (1 to 52).",
        show_default=False)] = None,
    supervisor: SupervisorOpt = None,
    confidential: Annotated[str | None, typer.Option(
        "--confidential", help="What stays between you and your supervisor.",
        show_default=False)] = None,
    limits: Annotated[str | None, typer.Option(
        "--limits", help="The limits of that: when something would be passed on.",
        show_default=False)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Your supervision agreement, made once: how often, who, what is confidential and its
    limits. With no options, shows it."""
    from kindjournal.errors import UsageError
    from kindjournal.journal import supervision_agreement as agreed

    if every is not None and not 1 <= every <= 52:
        raise UsageError(f"--every {every}: give the weeks between sessions, 1 to 52.")
    changes = {name: value for name, value in (
        ("every_weeks", every), ("supervisor", supervisor), ("confidential", confidential),
        ("limits", limits)) if value is not None}
    db = open_db(create=bool(changes))  # setting the agreement may start the journal
    current = agreed.save(db.require_writable(), changes) if changes else agreed.agreement(db)
    if as_json:
        print_json(current)
        return
    from kindjournal.trends.supervision_text import format_agreement

    print_lines(format_agreement(current, *_width_and_colour()))


def choose(show: ShowOpt = None, hide: HideOpt = None) -> None:
    """Choose, once, what the preparation shows your supervisor: check-in ratings to leave out
    (--hide detachment) and whether the 0-100 summaries appear (--hide summaries)."""
    from kindjournal.journal import supervision_agreement as agreed
    from kindjournal.trends.report import checkin_pack
    from kindjournal.trends.supervision_text import format_agreement

    signals, _, _ = checkin_pack(user_prompt_dir())
    db = open_db(create=bool(show or hide))
    current = agreed.agreement(db)
    if show or hide:
        hidden, summaries = agreed.choose_shown(current, show or [], hide or [],
                                                [signal.key for signal in signals])
        current = agreed.save(db.require_writable(), {"hidden_signals": hidden,
                                                      "show_summaries": summaries})
    lines = format_agreement(current, *_width_and_colour())
    from kindjournal.text import wrap_words

    print_lines(lines[-1:] + wrap_words("Check-in ratings you can choose: " + ", ".join(
        signal.key for signal in signals) + ", and summaries.", _width_and_colour()[0]))


def export_sessions(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The JSON file to write ('kj import FILE' reads it back).")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write every session, its agreed actions and the agreement to a JSON file."""
    from kindjournal.files import write_private_json
    from kindjournal.share import supervision_file

    document = supervision_file.export_document(open_db())
    write_private_json(output.expanduser(), document, force)
    count = len(document["sessions"])
    print_lines([f"Wrote {count} supervision session{'s' if count != 1 else ''} to "
                 f"{output}. 'kj import {output}' reads them back."])


def cpd(
    session_id: SessionArg,
    topic: Annotated[str | None, typer.Option(
        "--topic", help="The CPD topic (default: the first line of the notes).",
        show_default=False)] = None,
    learned: Annotated[str | None, typer.Option(
        "--learned", help="What you learned from it.", show_default=False)] = None,
    hours: Annotated[str | None, typer.Option(
        "--hours", help="How long the session was, in hours.", show_default=False)] = None,
) -> None:
    """Make a CPD record with peer reflection from a peer or group session, for Social
    Work England, without typing it again."""
    from datetime import date

    from kindjournal.journal import supervision
    from kindjournal.revalidation.from_supervision import make_cpd_record

    db = open_db().require_writable()
    session = supervision.get_session(db, supervision.parse_session_id(session_id))
    print_lines([_cpd_made(make_cpd_record(db, session, date.today(), topic=topic,
                                           learned=learned, hours=hours))])
