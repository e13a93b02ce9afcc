"""kj record: practice hours, CPD, feedback, the reflective discussion and confirmation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import (
    JsonOpt,
    is_interactive,
    open_db,
    print_json,
    print_lines,
)
from kindjournal.errors import UsageError

KindArg = Annotated[str, typer.Argument(
    help="hours, cpd, feedback, discussion or confirmation.", show_default=False)]
IdArg = Annotated[str, typer.Argument(help="The record's number from 'kj record list KIND'.")]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="field=value (repeat; 'kj record fields KIND' lists the fields).",
    show_default=False)]
DateOpt = Annotated[str | None, typer.Option(
    "--date", "-d", help="The record's date: 'today', 'last friday', '2026-11-20'.",
    show_default=False)]
HoursOpt = Annotated[str | None, typer.Option("--hours", help="Hours.", show_default=False)]
WithOthersOpt = Annotated[str | None, typer.Option(
    "--participatory", help="CPD hours spent learning with other people.", show_default=False)]


def _given(kind, sets, when, hours, participatory) -> dict:
    given: dict = {}
    for item in sets or ():
        name, equals, value = item.partition("=")
        if not equals:
            raise UsageError(f"--set '{item}' needs the form field=value.")
        given[name.strip()] = value
    if when is not None:
        given[kind.date_field] = when
    if hours is not None:
        given["hours"] = hours
    if participatory is not None:
        given["participatory_hours"] = participatory
    return given


def list_default(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Your revalidation records: practice hours, CPD, feedback, the reflective
    discussion and confirmation. 'kj record add KIND' adds one."""
    if ctx.invoked_subcommand:
        return
    list_records(None, False, as_json)


def add(
    kind_name: Annotated[str | None, typer.Argument(
        help="hours, cpd, feedback, discussion or confirmation (not needed with --from).",
        show_default=False)] = None,
    sets: SetOpt = None, when: DateOpt = None, hours: HoursOpt = None,
    participatory: WithOthersOpt = None,
    from_file: Annotated[str | None, typer.Option(
        "--from", help="Add records from a JSON file ('-' for stdin) without asking.",
        show_default=False)] = None,
) -> None:
    """Add a record: asked field by field, or given with --set / --date / --hours."""
    from datetime import date

    from kindjournal.journal import records as store
    from kindjournal.journal.record_kinds import check_values, record_kind
    from kindjournal.revalidation import records_file

    today = date.today()
    if from_file is not None:
        from kindjournal.reflect.from_file import read_input_file

        raw, label = read_input_file(from_file)
        document = records_file.read(raw, label, today)
        counts = store.import_records(open_db(create=True).require_writable(), document)
        typer.echo(f"Added {counts['added']} record{'s' if counts['added'] != 1 else ''} "
                   f"from {label}.")
        return
    if kind_name is None:
        raise UsageError("Say which kind of record: kj record add hours|cpd|feedback|"
                         "discussion|confirmation.")
    kind = record_kind(kind_name)
    given = _given(kind, sets, when, hours, participatory)
    if not given:
        if not is_interactive():
            raise UsageError(f"Give the fields with --set (kj record fields {kind.name}), or "
                             "run it in a terminal to be asked.")
        given = _ask(kind, today)
    values = check_values(kind, given, today)
    record_id = store.add(open_db(create=True).require_writable(), kind, values)
    typer.echo(f"Added {kind.noun} {record_id}. 'kj revalidation' shows where you are.")


def _ask(kind, today) -> dict:
    """Field by field, each answer checked as it is typed and the question asked again
    when it cannot be used, so a slip never costs the answers before it."""
    from kindjournal.journal.record_kinds import field_value, more_than_hours
    from kindjournal.screens.questions import ask

    if any(field.personal for field in kind.fields):
        typer.echo("These details are about someone else: kj keeps them in your journal "
                   "only, for your own records (docs/revalidation.md).")
    given: dict = {}

    def read(field):
        def checked(reply: str):
            if field.required and not reply:
                raise ValueError(f"This one is needed: {field.label.lower()}.")
            value = field_value(field, reply, today)
            if (too_many := more_than_hours({**given, field.name: value})) is not None:
                raise ValueError(f"{too_many[:-1]}; give {given['hours']:g} or fewer.")
            return value
        return checked

    for field in kind.fields:
        value = ask(field.question, read(field))
        if value not in (None, ""):
            given[field.name] = value
    return given


def list_records(kind_name: Annotated[str | None, typer.Argument(
        help="hours, cpd, feedback, discussion or confirmation (default: all).",
        show_default=False)] = None,
        trash: Annotated[bool, typer.Option("--trash", help="Records in the trash.")] = False,
        as_json: JsonOpt = False) -> None:
    """List records, oldest first."""
    from kindjournal.journal import records as store
    from kindjournal.journal.record_kinds import KINDS, record_kind

    kinds = [record_kind(kind_name)] if kind_name else list(KINDS.values())
    db = open_db()
    found = {kind.name: store.records(db, kind, deleted=trash) for kind in kinds}
    if as_json:
        print_json(found if kind_name is None else found[kinds[0].name])
        return
    from kindjournal.revalidation.record_lines import record_lines

    print_lines(record_lines(kinds, found, trash))


def show_fields(kind_name: KindArg) -> None:
    """The fields of one kind of record, for --set and --from."""
    from kindjournal.journal.record_kinds import record_kind

    kind = record_kind(kind_name)
    print_lines([f"{field.name:<20} {field.label}"
                 + (" (required)" if field.required else "") for field in kind.fields])


def edit(kind_name: KindArg, record_id: IdArg, sets: SetOpt = None, when: DateOpt = None,
         hours: HoursOpt = None, participatory: WithOthersOpt = None) -> None:
    """Change fields of a record (--set field=value); an empty value clears a field."""
    from datetime import date

    from kindjournal.journal import records as store
    from kindjournal.journal.record_kinds import check_values, record_kind

    kind = record_kind(kind_name)
    number = store.parse_id(record_id)
    given = _given(kind, sets, when, hours, participatory)
    if not given:
        raise UsageError("Say what to change: --set field=value (kj record fields "
                         f"{kind.name}).")
    db = open_db()
    current = store.get(db, kind, number)
    values = check_values(kind, {**{f.name: current[f.name] for f in kind.fields
                                    if current[f.name] is not None}, **given}, date.today())
    store.update(db, kind, number, {name: values.get(name) for name in given})
    typer.echo(f"Changed {kind.noun} {number}.")


def delete(kind_name: KindArg, record_id: IdArg,
           for_good: Annotated[bool, typer.Option(
               "--for-good", help="Remove it from the journal, trash included (for someone "
               "else's details you no longer need).")] = False) -> None:
    """Move a record to the trash ('kj record restore' brings it back)."""
    from kindjournal.journal import records as store
    from kindjournal.journal.record_kinds import record_kind

    kind = record_kind(kind_name)
    number = store.parse_id(record_id)
    if for_good:
        store.delete_for_good(open_db().require_writable(), kind, number)
        typer.echo(f"Removed {kind.noun} {number} for good. Backups made before still "
                   "hold it.")
        return
    store.trash(open_db().require_writable(), kind, number)
    typer.echo(f"Moved {kind.noun} {number} to the trash. "
               f"'kj record restore {kind.name} {number}' brings it back.")


def restore(kind_name: KindArg, record_id: IdArg) -> None:
    """Bring a record back from the trash."""
    from kindjournal.journal import records as store
    from kindjournal.journal.record_kinds import record_kind

    kind = record_kind(kind_name)
    number = store.parse_id(record_id)
    store.restore(open_db().require_writable(), kind, number)
    typer.echo(f"Restored {kind.noun} {number}.")


def export_records(output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this new file (0600) instead of the screen.",
        show_default=False)] = None,
        force: Annotated[bool, typer.Option("--force", help="Replace the -o file.")] = False,
        ) -> None:
    """Every record as JSON, to keep or to bring into another journal with 'kj import'.
    It holds your discussion partner's and confirmer's details: it is for you alone."""
    from kindjournal.files import write_private_json
    from kindjournal.journal import records as store
    from kindjournal.revalidation.records_file import export_document

    document = export_document(store.every_record(open_db()))
    if output is None:
        print_json(document)
        return
    output = output.expanduser()
    write_private_json(output, document, force)
    count = sum(len(rows) for rows in document["records"].values())
    typer.echo(f"Exported {count} records to {output}.", err=True)


def import_records(path: Annotated[str, typer.Argument(
        help="A file from 'kj record export' ('-' for stdin).")]) -> None:
    """Bring in records from 'kj record export'; a record already here is replaced only
    by a newer copy."""
    from datetime import date

    from kindjournal.reflect.from_file import read_input_file
    from kindjournal.revalidation import records_file

    raw, label = read_input_file(path)
    typer.echo(records_file.import_document(open_db(create=True).require_writable(), raw, label,
                                            date.today()))
