"""`kj demo`: six months of invented reflections, to see the trends at once.

Everything here is made up: no people, no places, nothing from a real journal. The
story in the numbers: a settled spell, a stretch of rising strain (nights heavier
than days, support thinning), then a recovery after talking it through. The
answers are short and generic, as a tired person might write them.
"""

from __future__ import annotations

import datetime
import random

from kindjournal.errors import KindJournalError
from kindjournal.journal.writes import AnswerInput, EntryInput

WEEKS = 26
SEED = 2026  # the same story every time for the same day

_ANSWERS = {
    "person": ["Took time to ask about their garden; they lit up.",
               "Noticed they were frightened more than confused, and slowed down.",
               "Remembered how they like their tea, and it mattered to them."],
    "contribution": ["Sitting with someone for ten minutes settled the whole evening.",
                     "Explaining the plan twice meant they could sleep.",
                     "A calm handover made the morning easier for everyone."],
    "agency": ["Could choose the order of my round today, which helped.",
               "Felt rushed by the rota and could not stop to talk.",
               "Spoke up about the staffing and was listened to."],
    "skills": ["Used the calm voice I practised; it worked.",
               "Want to get better at difficult conversations with families.",
               "More confident with the new hoist now."],
    "hard": ["A death on the ward; I felt it on the drive home.",
             "Short of staff again and I felt stretched thin.",
             "A family were angry and I took it personally at first."],
    "colleagues": ["A colleague brought me a drink when I was flagging.",
                   "We covered for each other at break and it helped.",
                   "The team felt tense; everyone is tired."],
    "forward": ["Take my break away from the ward.",
                "Ask for a debrief after hard shifts.",
                "Bring the staffing worries to supervision.",
                "Go for a walk before a night shift."],
}
_TAGS = ["handover", "nights", "family", "end of life", "teamwork", "short-staffed",
         "learning", "breaks"]


def strain_level(week: int) -> float:
    """The story's strain on the 0-4 scale, week 0 being the first."""
    if week < 10:
        return 1.2
    if week < 18:  # the rising stretch
        return 1.2 + (week - 9) * 0.26
    if week < 22:  # recovery after support
        return 3.3 - (week - 17) * 0.45
    return 1.4


def _rating(rng: random.Random, level: float) -> int:
    return max(0, min(4, round(level + rng.uniform(-0.8, 0.8))))


def demo_entries(pack, today: datetime.date) -> tuple[list[EntryInput], list[tuple]]:
    """The invented entries, oldest first, and supervision sessions (date, note)."""
    rng = random.Random(SEED)
    start = today - datetime.timedelta(weeks=WEEKS)
    themes = {theme.key: theme for theme in pack.themes}
    entries: list[EntryInput] = []
    day = start
    while day <= today:
        week = (day - start).days // 7
        if rng.random() < 0.55:  # about four shifts a week
            shift = rng.choice(["day", "day", "long-day", "night", "night", "early"])
            strain = strain_level(week) + (0.5 if shift == "night" else 0.0)
            resource = 4.2 - strain * 0.8
            checkin = {signal.key: _rating(rng, strain if signal.polarity == "strain"
                                           else resource) for signal in pack.signals}
            if rng.random() < 0.05:
                checkin[rng.choice(list(checkin))] = None  # skipped, as people do
            quick = rng.random() < 0.3
            answers = []
            for key in ("person", "hard", "colleagues", "forward"):
                if key in themes and not quick:
                    wording = rng.choice(themes[key].wordings)
                    answers.append(AnswerInput(key, wording.text, rng.choice(_ANSWERS[key]),
                                               wording.key))
            stamp = f"{day.isoformat()}T{'08' if shift == 'night' else '20'}:30:00+00:00"
            forward = next((a.answer for a in answers if a.theme_key == "forward"), None)
            actions = []
            if forward:
                reviewed = day + datetime.timedelta(days=rng.randint(2, 9))
                closed = reviewed < today and rng.random() < 0.6
                actions = [{"text": forward, "status": "done" if closed else "open",
                            "created_at": stamp,
                            "reviewed_at": f"{reviewed.isoformat()}T12:00:00+00:00"
                            if closed else None,
                            "review_note": "It helped." if closed else None}]
            entries.append(EntryInput(
                shift_date=day, pack=pack.name, shift_type=shift, checkin=checkin,
                answers=answers, tags=rng.sample(_TAGS, rng.randint(0, 2)),
                share=rng.random() < 0.08, supervision=rng.random() < 0.12 or (
                    14 <= week <= 17 and rng.random() < 0.3),
                created_at=stamp, actions=actions))
        day += datetime.timedelta(days=1)
    # Each: (week, note, actions agreed); the last one's come back in 'kj supervision'.
    sessions = [(start + datetime.timedelta(weeks=week, days=2), note, agreed)
                for week, note, agreed in (
        (5, "First session with the new supervisor.", ()),
        (12, "Talked about the staffing.", ()),
        (19, "Talked about tiredness; agreed a plan.",
         ("Ask for a debrief after hard shifts.",)),
        (WEEKS - 3, "Feeling steadier.", ("Take my breaks away from the ward.",
                                          "Ask about the end of life care study day.")))]
    return entries, sessions


def add_demo(db, today: datetime.date, force: bool = False) -> tuple[int, int]:
    """Write the invented entries and supervision sessions in one transaction; how many
    of each. A journal that holds entries (trashed ones too) is left alone unless
    force: the story is meant for a file of its own."""
    from kindjournal.journal.database import writing
    from kindjournal.journal.reads import count_entries
    from kindjournal.journal.supervision import FUNCTIONS, record_session
    from kindjournal.journal.writes import add_entries
    from kindjournal.reflect.packs import DEFAULT_PACK, builtin_prompts_dir, load_pack_file

    existing = count_entries(db, include_trashed=True)
    if existing and not force:
        raise KindJournalError(
            f"This journal already holds {existing} entries, so nothing was added. Try the "
            "demo in its own file: kj --db demo.db demo (or add --force to mix them in).")
    # The built-in pack, so the story's signals match even if yours differ.
    pack = load_pack_file(builtin_prompts_dir() / f"{DEFAULT_PACK}.toml")
    entries, sessions = demo_entries(pack, today)
    with writing(db):
        added = add_entries(db, entries)
        for session_day, note, agreed in sessions:
            record_session(db, session_day, note, kind="clinical",
                           supervisor="Practice supervisor", functions=FUNCTIONS,
                           actions=agreed)
    return len(added), len(sessions)
