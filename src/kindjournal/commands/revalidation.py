"""kj revalidation, kj registration and kj portfolio: progress against a regulator's
requirements, which regulators apply, and the whole set printed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kindjournal.commands.common import JsonOpt, open_db, print_json, print_lines, say
from kindjournal.errors import UsageError

RegulatorOpt = Annotated[str | None, typer.Option(
    "--regulator", "-r", help="One profile (e.g. nmc, social-work-england); default: every "
    "one you set with 'kj registration'.", show_default=False)]


def _chosen(db, name: str | None, today) -> list:
    from kindjournal.journal import records as store
    from kindjournal.revalidation import profiles
    from kindjournal.revalidation.progress import progress

    registrations = {row["profile"]: row for row in store.registrations(db)}
    if name is None and not registrations:
        raise UsageError("No regulator set yet. Start with 'kj registration nmc --renewal "
                         "YYYY-MM-DD' or 'kj registration social-work-england'.")
    names = [name] if name else list(registrations)
    return [progress(db, profiles.load(one), registrations.get(one), today) for one in names]


def revalidation(regulator: RegulatorOpt = None, as_json: JsonOpt = False) -> None:
    """Where you are with revalidation or CPD. What is done, what is missing, in the order
    to do it, against your renewal date."""
    from datetime import date

    states = _chosen(open_db(), regulator, date.today())
    if as_json:
        from kindjournal.revalidation.screen import progress_json

        print_json([progress_json(state) for state in states])
        return
    from kindjournal.revalidation.screen import progress_lines
    from kindjournal.text import terminal_width

    lines: list[str] = []
    for state in states:
        lines += ([""] if lines else []) + progress_lines(state, terminal_width())
    print_lines(lines)


def registration(
    name: Annotated[str | None, typer.Argument(
        help="The regulator profile that applies to you: nmc or social-work-england "
        "(or your own).", show_default=False)] = None,
    renewal: Annotated[str | None, typer.Option(
        "--renewal", help="Your renewal date, YYYY-MM-DD (NMC: in NMC Online).",
        show_default=False)] = None,
    sets: Annotated[list[str] | None, typer.Option(
        "--set", help="Change a figure for you: requirement=number, e.g. "
        "practice-hours=900.", show_default=False)] = None,
    declare: Annotated[list[str] | None, typer.Option(
        "--declare", help="Tick a declaration, e.g. health-character, indemnity.",
        show_default=False)] = None,
    undeclare: Annotated[list[str] | None, typer.Option(
        "--undeclare", help="Untick a declaration.", show_default=False)] = None,
    remove: Annotated[bool, typer.Option("--remove", help="This regulator no longer "
                                         "applies (your records stay).")] = False,
    check: Annotated[Path | None, typer.Option(
        "--check", help="Check a profile file you wrote: every problem, by field.",
        show_default=False)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Say which regulator's rules apply to you, and your dates. Alone, it
    lists the profiles and which apply."""
    from kindjournal.journal import records as store
    from kindjournal.revalidation import profiles

    if check is not None:
        profile = profiles.load_file(check.expanduser())
        typer.echo(f"{check} is a valid profile: {profile.title}, "
                   f"{len(profile.requirements)} requirements.")
        return
    if name is None:
        rows = {row["profile"]: row for row in store.registrations(open_db(create=True))}
        found = {key: profiles.load_file(path) for key, path in profiles.available().items()}
        if as_json:
            print_json([{"profile": key, "title": profile.title, "applies": key in rows,
                         "period_end": rows.get(key, {}).get("period_end"),
                         "checked": profile.checked, "file": profile.file}
                        for key, profile in found.items()])
            return
        import textwrap

        from kindjournal.text import terminal_width

        lines = []
        for key, profile in found.items():
            row = rows.get(key)
            state = ("applies" + (f", renewal {row['period_end']}" if row["period_end"]
                                  else "")) if row else "not set"
            # Broken between words under the title: a terminal left to wrap it cut
            # "2026-11" from "-28".
            lines += textwrap.wrap(f"{key:<22} {profile.title} ({state}; figures checked "
                                   f"{profile.checked})", terminal_width() - 1,
                                   subsequent_indent=" " * 23, break_long_words=False,
                                   break_on_hyphens=False)
        lines.append("")
        lines.append("Set one: kj registration nmc --renewal YYYY-MM-DD")
        print_lines(lines)
        return
    profile = profiles.load(name)
    db = open_db(create=True)
    current = next((row for row in store.registrations(db) if row["profile"] == name), None)
    if remove:
        store.remove_registration(db, name)
        say(f"{profile.title} no longer applies; your records are kept.")
        return
    period_end = current["period_end"] if current else None
    if renewal is not None:
        period_end = _future_date(renewal)
    if profile.period_kind == "renewal" and not period_end:
        raise UsageError(f"{profile.title} counts to your renewal date: add --renewal "
                         "YYYY-MM-DD.")
    overrides = dict(current["overrides"]) if current else {}
    keys = {requirement.key for requirement in profile.requirements}
    for item in sets or ():
        key, equals, value = item.partition("=")
        if not equals or key.split(".")[0] not in keys:
            raise UsageError(f"--set '{item}': use requirement=number, with one of "
                             f"{', '.join(sorted(keys))}.")
        try:
            overrides[key] = float(value)
        except ValueError:
            raise UsageError(f"--set '{item}': '{value}' is not a number.") from None
    declared = set(current["declared"]) if current else set()
    declarations = {r.key for r in profile.requirements if r.kind == "declaration"}
    for key in (declare or []) + (undeclare or []):
        if key not in declarations:
            raise UsageError(f"'{key}' is not a declaration of {profile.title}; use one of "
                             f"{', '.join(sorted(declarations)) or 'none'}.")
    declared = (declared | set(declare or ())) - set(undeclare or ())
    store.save_registration(db, name, period_end, overrides, sorted(declared))
    say(f"{profile.title} applies to you"
        + (f", renewal {period_end}" if profile.period_kind == "renewal" else "")
        + ". 'kj revalidation' shows where you are.")


def _future_date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        pass
    day, _, rest = text.strip().partition("/")
    month, _, year = rest.partition("/")
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise UsageError(f"'{text}' is not a date: give it as 2027-03-31 or "
                         "31/03/2027.") from None


def portfolio(
    regulator: RegulatorOpt = None,
    format_name: Annotated[str, typer.Option(
        "--format", "-f", help="html (printable, one file), markdown, or docx (a Word "
        "document; needs -o).")] = "html",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this new file (0600) instead of the screen.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the -o file.")] = False,
    redact: Annotated[bool, typer.Option(
        "--redact/--no-redact", help="Replace names and identifying details in your "
        "writing with placeholders (on by default: a confirmer reads this).")] = True,
) -> None:
    """Your portfolio for a regulator: a page, Markdown or Word. Logs, accounts, discussion,
    confirmation and a checklist, to print or keep."""
    from datetime import date

    from kindjournal.revalidation import portfolio as build

    if format_name not in build.FORMATS:
        raise UsageError(f"'{format_name}' is not a portfolio format: use html, markdown "
                         "or docx.")
    if output is None and format_name == "docx":
        # A Word document is not text: it goes to a file kj makes private (0600).
        raise UsageError("A Word document goes in a file: add -o portfolio.docx.")
    if output is None and format_name == "html" and _to_a_terminal():
        # Raw HTML poured into a terminal is unreadable; a page belongs in a file.
        raise UsageError("The portfolio page is for a browser: add -o portfolio.html to "
                         "write it to a file, or --format markdown to read it here.")
    if not redact:
        typer.echo("Warning: --no-redact keeps names and other identifying details in your "
                   "writing. Check every line before anyone else reads it.", err=True)
    db = open_db()
    names = ()
    if redact:
        from kindjournal.journal.redaction_names import list_names

        names = tuple(list_names(db))
    states = _chosen(db, regulator, date.today())
    if output is not None:
        from kindjournal.files import refuse_existing

        output = output.expanduser()
        # Checked before the work (and before python-docx loads), as private_text_file
        # checks them for the text formats.
        refuse_existing(output, force)
        if not output.parent.is_dir():
            raise UsageError(f"The folder {output.parent} does not exist; create it first.")
    text = build.render(db, states, format_name, redact, names)
    if output is None:
        from kindjournal.text import visible

        # Printed, not written to a file: control characters are shown (issue 12).
        typer.echo(visible(text), nl=False)
        return
    if isinstance(text, bytes):
        from kindjournal.files import DestinationExists, write_private_bytes

        try:
            write_private_bytes(output, text, replace=force)
        except DestinationExists:
            raise UsageError(f"{output} appeared while kj was writing; nothing was "
                             "replaced. Add --force to replace it.") from None
    else:
        from kindjournal.files import private_text_file

        with private_text_file(output, force) as handle:
            handle.write(text)
    typer.echo(f"Wrote your portfolio to {output}.", err=True)


def _to_a_terminal() -> bool:
    import sys

    return sys.stdout.isatty()
