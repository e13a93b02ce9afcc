"""The interactive side of 'kj reflect': asks on the terminal, saves every reply at once.

Reading is plain input(), so it works the same in a terminal, under tmux and in
tests; showing goes through styled. Every line typed is saved to the draft before
the next is read, so Ctrl-C, a closed window or a crash loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kindjournal.journal import reads, writes
from kindjournal.reflect import flow
from kindjournal.reflect.packs import Pack, Signal
from kindjournal.screens import styled

if TYPE_CHECKING:
    from kindjournal.journal.database import Journal

ANSWER_HELP = (
    "Write as many lines as you like. Press Enter on an empty line to finish; "
    "press Enter straight away to skip."
)


FINISH_LATER_HELP = "Too tired now? Type 'later' to keep this as a draft and finish another time."


@dataclass
class InterviewOptions:
    use_editor: bool = False
    finish_later: bool = False  # 'later' typed alone keeps the draft (two-minute mode)
    ask_tags: bool = True
    private_names: tuple[str, ...] = ()  # for the identifier warning


def ask(question: str) -> str:
    """Print the question as it is (no wrapping, no markup) and read one line."""
    styled.console().file.write(question)
    styled.console().file.flush()
    return input()


ACKNOWLEDGED = {
    "done": "Well done. Marked as done.",
    "open": "Kept on your list for another time.",
    "dropped": "Let go. Not everything has to be done, and that is fine.",
}


def review_actions(db: Journal, today: date, shift_date: date | None = None) -> None:
    """One question at most before the check-in: did the latest action (from this shift
    or an earlier one) happen? Then a word on the rest, and on old ones that could be
    let go, with where to see them all."""
    from kindjournal.journal import action_list

    actions = reads.actions_to_review(db, today, shift_date, limit=1)
    if actions:
        action = actions[0]
        styled.print_heading("Last time you planned to carry something forward")
        when = styled.friendly_date(action["shift_date"])
        styled.print_text(f"• {action['text']}  (from {when})")
        while True:
            reply = ask("  Did it happen? d = done, n = not yet, x = let it go [n]: ")
            try:
                status = flow.parse_review(reply)
                break
            except ValueError:
                styled.print_note("  Please type d, n or x (or press Enter for not yet).")
        writes.review_action(db, action["id"], status, None)
        styled.print_note(f"  {ACKNOWLEDGED[status]}")
    asked_open = 1 if actions and status == "open" else 0
    others = action_list.open_count(db) - asked_open
    stale = action_list.stale_count(db, today)
    if others <= 0 or not (actions or stale):
        return
    line = (f"{others} other open action{'s' if others != 1 else ''}: "
            "'kj actions' shows them all.")
    if stale:
        many = "One of them has" if stale == 1 else f"{stale} of them have"
        line += (f" {many} waited over four weeks; "
                 "if they no longer fit, 'kj actions drop --stale' lets them go.")
    styled.print_note(line)


def offer_supervision(db: Journal, entry_id: int) -> bool:
    """After a heavy check-in: bring this shift to supervision too? (never forced)."""
    reply = ask("This sounds like a heavy shift. Mark it to bring to supervision? [y/N]: ")
    if reply.strip().lower() not in ("y", "yes"):
        return False
    from kindjournal.journal.edits import quick_edit

    quick_edit(db, entry_id, supervision=True)
    styled.print_note("Marked for supervision: 'kj supervision' will show it.")
    return True


def ask_shift() -> str | None:
    while True:
        reply = ask("Which shift? day, night, long day, early, late, other (Enter skips): ")
        if not reply.strip():
            return None
        try:
            return writes.normalise_shift(reply)
        except Exception:  # noqa: BLE001 - any unreadable reply is simply asked again
            styled.print_note("Please type one of the shift names, or press Enter to skip.")


def run_checkin(db: Journal, entry_id: int, signals: list[Signal]) -> None:
    if not signals:
        return
    styled.print_heading("Check-in")
    styled.print_note("Rate each from 0 to 4. Press Enter to skip one.")
    for signal in signals:
        styled.print_text(signal.question)
        while True:
            reply = ask(f"  0 = {signal.low} … 4 = {signal.high}: ")
            try:
                value = flow.parse_rating(reply)
                break
            except ValueError:
                styled.print_note("Please type a number from 0 to 4, or press Enter to skip.")
        writes.set_rating(db, entry_id, signal.key, value)


def offer_pack_change(db: Journal, entry_id: int, suggestion: Pack, history) -> Pack | None:
    styled.print_heading("A gentler set of prompts?")
    styled.print_text(
        f"Your check-in suggests this shift weighed on you. The '{suggestion.name}' prompts "
        f"are written for days like that. {suggestion.description}"
    )
    reply = ask(f"Use '{suggestion.name}' instead? [y/N]: ").strip().lower()
    if reply not in ("y", "yes"):
        return None
    writes.replace_prompts(db, entry_id, suggestion.name,
                            flow.draw_prompts(suggestion, history))
    return suggestion


def _answer_in_editor(prompt_text: str, partial: str) -> str:
    from kindjournal.reflect.external_editor import edit_text

    template = (f"# {prompt_text}\n# Write your answer below. Lines starting with # are "
                f"left out. Save and close to finish.\n{partial}")
    edited = edit_text(template)
    return "\n".join(line for line in edited.splitlines() if not line.startswith("#")).strip()


def run_prompts(db: Journal, entry_id: int, pack: Pack, rows: list[dict], total: int,
                options: InterviewOptions) -> None:
    if not rows:
        return
    first_position = total - len(rows) + 1
    # The intro is said once: not again when a draft is resumed part-way through.
    if pack.intro and first_position == 1 and rows[0]["answer"] is None:
        styled.print_heading(pack.title)
        styled.print_paragraphs(pack.intro)
    if not options.use_editor:
        styled.print_note(ANSWER_HELP)
    if options.finish_later:
        styled.print_note(FINISH_LATER_HELP)
    titles = {theme.key: theme.title for theme in pack.themes}
    for offset, row in enumerate(rows):
        theme_key = row["theme_key"]
        styled.print_prompt(titles.get(theme_key, theme_key), row["prompt_text"],
                            first_position + offset, total)
        partial = row["answer"] or ""
        if options.use_editor:
            answer = guard_identifiers(_answer_in_editor(row["prompt_text"], partial),
                                       options.private_names)
            writes.set_answer(db, entry_id, theme_key, answer, finished=True)
            continue
        theme = next((t for t in pack.themes if t.key == theme_key), None)
        if theme is not None and theme.choices and not partial:
            _ask_choices(db, entry_id, theme)
            continue
        lines = partial.splitlines() if partial else []
        if lines:
            styled.print_note("You had written (carry on below, or press Enter to finish):")
            styled.print_text(partial)
        saved_at = 0.0
        try:
            while True:
                line = ask("> ")
                if not line.strip():
                    break
                if options.finish_later and not lines and line.strip().casefold() == "later":
                    raise flow.FinishLater
                lines.append(line.rstrip())
                saved_at = _autosave(db, entry_id, theme_key, lines, saved_at)
        except BaseException:  # Ctrl-C or closed input: the draft keeps every line
            if lines:
                writes.set_answer(db, entry_id, theme_key, "\n".join(lines), finished=False)
            raise
        # The lines were autosaved as typed; finishing saves the (maybe replaced) text.
        answer = guard_identifiers("\n".join(lines), options.private_names)
        writes.set_answer(db, entry_id, theme_key, answer, finished=True)
    if pack.outro:  # shown once, after the last prompt: e.g. where to find support
        styled.console().print()
        styled.print_paragraphs(pack.outro)
        styled.console().print()


# Typed lines are saved at most this often: pasting 4,000 lines once re-saved the whole
# answer 4,000 times (64 s). A crash loses at most a second of typing.
AUTOSAVE_SECONDS = 1.0


def _autosave(db: Journal, entry_id: int, theme_key: str, lines: list[str],
              saved_at: float) -> float:
    import time

    now = time.monotonic()
    if now - saved_at < AUTOSAVE_SECONDS:
        return saved_at
    writes.set_answer(db, entry_id, theme_key, "\n".join(lines), finished=False)
    return now


def _ask_choices(db: Journal, entry_id: int, theme) -> None:
    """A theme with named choices: numbers pick them (words may follow, and more lines,
    ended by an empty one, as for any answer); words alone are kept as written."""
    for number, choice in enumerate(theme.choices, start=1):
        styled.print_text(f"  {number}. {choice}")
    styled.print_note("Type the numbers that fit (e.g. 1 3), then any words you want to add. "
                      "Enter on an empty line finishes; Enter straight away skips.")
    lines: list[str] = []
    while True:
        line = ask("> ")
        if not line.strip():
            break
        if not lines:
            picked = flow.parse_choices(line, theme.choices)
            if picked is None and line.strip()[0].isdigit():
                styled.print_note(f"Please use numbers from 1 to {len(theme.choices)}.")
                continue
            line = picked if picked is not None else line.rstrip()
        lines.append(line.rstrip())
        writes.set_answer(db, entry_id, theme.key, "\n".join(lines), finished=False)
    writes.set_answer(db, entry_id, theme.key, "\n".join(lines), finished=True)


def guard_identifiers(text: str, private_names) -> str:
    """A gentle word before an answer is kept, if it seems to hold an identifier."""
    from kindjournal import redaction

    found = redaction.kinds_found(redaction.find_identifiers(text, private_names))
    if not found:
        return text
    kinds = [redaction.describe(kind) for kind in found]
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    styled.print_text(f"This answer seems to hold {listed}. Notes are safest without "
                      "details that could identify someone.")
    examples = " or ".join(redaction.KINDS[kind][0] for kind in found[:2])
    reply = ask(f"Replace {'it' if len(found) == 1 else 'them'} with {examples} before "
                "saving? [Y/n]: ")
    if reply.strip().lower() not in ("", "y", "yes"):
        return text
    replaced = redaction.redact(text, private_names).text
    styled.print_text(f"Saved as: {replaced}")
    return replaced


def ask_tags(db: Journal, entry_id: int) -> None:
    # Short, so tags typed after it have most of an 80-column line.
    reply = ask("Tags, with commas between (Enter skips): ")
    tags = flow.parse_tags(reply)
    if tags:
        writes.add_tags(db, entry_id, tags)


