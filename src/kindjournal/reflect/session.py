"""One guided reflection from start to end: a new draft or the unfinished one resumed,
the check-in, the prompts, the tags, and the entry completed.

The workflow behind 'kj reflect'. It asks through interview (the terminal side) and
saves through journal.writes as it goes, so Ctrl-C anywhere leaves a draft; the
command only reads its options, calls reflect() and shows the summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kindjournal.errors import UsageError
from kindjournal.journal import reads, writes
from kindjournal.reflect import flow, interview
from kindjournal.reflect.packs import Pack, PackError, checkin_signals, discover_packs, load_pack
from kindjournal.screens import styled


@dataclass(frozen=True)
class ReflectRequest:
    """What the person asked for on the command line."""

    today: date
    shift_date: date
    shift_type: str | None  # None: asked, when a new entry is started
    pack: Pack
    user_prompt_dir: Path | None
    tags: tuple[str, ...] = ()
    share: bool = False
    supervision: bool = False
    quick: bool = False  # the check-in alone
    short: bool = False  # two minutes: the check-in, one question, one thing to carry on
    use_editor: bool = False
    resume: bool | None = None  # None: ask when there is an unfinished draft


def reflect(db, request: ReflectRequest) -> tuple[int, dict | None]:
    """Start or resume, then interview until the entry is complete: its number, and the
    open action its carry-forward repeated (kept once), if any. flow.FinishLater when
    the person chose to finish another time (the draft stays)."""
    entry_id = start_or_resume(db, request)
    duplicate = _interview(db, entry_id, request)
    return entry_id, duplicate


def start_or_resume(db, request: ReflectRequest) -> int:
    """The draft to carry on (asking first unless --resume/--new said), or a new one."""
    draft = reads.latest_draft(db)
    resume = request.resume
    if resume and draft is None:
        raise UsageError("There is no unfinished reflection to resume; run 'kj reflect' "
                         "to start one.")
    if draft is not None and resume is None:
        state = reads.draft_state(db, draft["id"])
        styled.print_text(
            f"You have an unfinished reflection from "
            f"{styled.friendly_date(draft['shift_date'])} "
            f"({flow.describe_draft(state)})."
        )
        reply = interview.ask("Carry on with it? [Y/n]: ").strip().lower()
        resume = reply in ("", "y", "yes")
    if not resume and draft is not None and flow.holds_nothing(reads.draft_state(db, draft["id"])):
        # Left as it was, it would sit in 'kj list' for ever as '(draft)' with no text.
        from kindjournal.journal.edits import empty_trash

        empty_trash(db, draft["id"])
        styled.print_note("The unfinished reflection held nothing yet, so it is removed. "
                          "Starting a new one.")
    if resume:
        if request.tags:
            writes.add_tags(db, draft["id"], list(request.tags))
        return draft["id"]

    styled.print_heading(f"Reflecting on {styled.friendly_date(request.shift_date.isoformat())}")
    styled.print_note("A few minutes, a few words. Everything is saved as you go; "
                      "Ctrl-C keeps a draft.")
    if db.created:  # the journal was made a moment ago: offer encryption, once, no question
        styled.print_note("Your journal is new, and only you can read the file. To lock it "
                          "with a passphrase as well, run 'kj encrypt' afterwards.")
    interview.review_actions(db, request.today, request.shift_date)
    shift_type = request.shift_type
    if shift_type is None:
        shift_type = interview.ask_shift()
    pack = request.pack
    if request.short:  # the moment's question is picked after the check-in
        prompts = flow.short_prompts(pack, "usual")
    elif request.quick:
        prompts = []
    else:
        prompts = flow.draw_prompts(pack, reads.wording_history(db, pack.name))
    return writes.create_draft(db, pack=pack.name, shift_date=request.shift_date,
                               shift_type=shift_type, share=request.share,
                               supervision=request.supervision, prompts=prompts,
                               tags=list(request.tags))


def _interview(db, entry_id: int, request: ReflectRequest) -> dict | None:
    from kindjournal.journal.redaction_names import list_names

    prompt_dir = request.user_prompt_dir
    draft = reads.draft_state(db, entry_id)
    try:
        pack = load_pack(draft["pack"], prompt_dir)
    except PackError as error:
        raise UsageError(f"This draft uses pack '{draft['pack']}', which cannot be loaded: "
                         f"{str(error).splitlines()[0]}") from None
    signals = checkin_signals(pack, prompt_dir)
    todo = flow.progress(draft, signals)
    interview.run_checkin(db, entry_id, todo.ratings_to_ask)

    short = pack.name == flow.SHORT_PACK and len(draft["prompts"]) == 2
    # Before any answer: also when resuming a draft left at the offer (Ctrl-C there once
    # skipped it and went on to the usual prompts).
    if draft["prompts"] and not any(row["answer"] is not None for row in draft["prompts"]) \
            and (todo.ratings_to_ask or not short):
        ratings = reads.draft_state(db, entry_id)["ratings"]
        if short:  # the two-minute question, picked for the moment the check-in tells
            writes.replace_prompts(db, entry_id, pack.name,
                                   flow.short_prompts(pack, flow.moment(ratings, signals)))
        else:  # a heavy check-in before any answer: offer the gentler pack it suggests
            packs, _problems = discover_packs(prompt_dir)
            suggestion = flow.suggest_pack(ratings, signals, set(packs), pack.name)
            if suggestion:
                history = reads.wording_history(db, suggestion)
                pack = (interview.offer_pack_change(db, entry_id, packs[suggestion], history)
                        or pack)
    if todo.ratings_to_ask and not draft["supervision"] and flow.is_heavy(
            reads.draft_state(db, entry_id)["ratings"], signals):
        interview.offer_supervision(db, entry_id)

    todo = flow.progress(reads.draft_state(db, entry_id), signals)
    interview.run_prompts(db, entry_id, pack, todo.prompts_to_ask, todo.total_prompts,
                          interview.InterviewOptions(use_editor=request.use_editor,
                                                     finish_later=short,
                                                     private_names=tuple(list_names(db))))
    if not short:  # two minutes: the tags given with --tag, nothing more asked
        interview.ask_tags(db, entry_id)
    forward = pack.forward_theme
    return writes.complete_entry(db, entry_id, forward.key if forward else None)


def summary(db, entry_id: int, user_prompt_dir: Path | None) -> dict:
    """What the closing panel shows about the finished entry."""
    entry = reads.entry_details(db, entry_id)
    pack = load_pack(entry["pack"], user_prompt_dir)
    signals = checkin_signals(pack, user_prompt_dir)
    result = flow.summary(entry, len(signals), reads.count_prompts(db, entry_id))
    # After a heavy check-in, one calm pointer to support, unless the pack's own closing
    # words (hard-day's) have just given it.
    result["support"] = (flow.is_heavy(entry["checkin"], signals)
                         and "kj support" not in (pack.outro or ""))
    return result
