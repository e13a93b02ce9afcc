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

# Answers keyed by the wording asked, so each fits its question ("What do you need from
# your team?" is never answered with an anecdote). Three per wording (four for the
# carry-forward), so the random story is the same whichever wording is drawn.
_ANSWERS = {
    "person-whole": ["Took time to ask about their garden; they lit up.",
                     "They were frightened more than confused, so I slowed down.",
                     "They were a teacher once, and still loved explaining things."],
    "person-seen": ["Sitting down at their level instead of standing over the bed.",
                    "Their family photos on the locker started a real conversation.",
                    "Five quiet minutes at the end of the round, with no jobs in hand."],
    "person-matters": ["Being called by the name they like, not their first name.",
                       "Having their tea just how they make it at home.",
                       "Knowing their dog is being looked after."],
    "person-task": ["Eleven people to wash before breakfast: speed, not attention.",
                    "Covering two bays; I was counting jobs, not seeing faces.",
                    "The paperwork backlog; I stopped looking up."],
    "person-imagine": ["Lots of strangers, lots of noise, and nobody explaining why.",
                       "Waiting a long time for the call bell, feeling a nuisance.",
                       "Relief when someone finally sat down and listened."],
    "person-small": ["Remembered how they like their tea, and it mattered to them.",
                     "Warmed the blanket before the wash.",
                     "Asked about the match they had been watching."],
    "hard-staying": ["A death on the ward; I felt it on the drive home.",
                     "The family's faces when the news came.",
                     "How short we were, and what we could not get to."],
    "hard-through": ["A colleague's hand on my shoulder at the right moment.",
                     "Focusing on one thing at a time, then the next.",
                     "Knowing the shift would end and I would be home."],
    "hard-unnoticed": ["Sadness, and some anger that we were so short.",
                       "Tiredness underneath everything, and some guilt.",
                       "Worry that I had missed something."],
    "hard-present": ["Taking a breath before going back in.",
                     "Saying less, and staying a little longer.",
                     "Talking it over with someone straight after."],
    "hard-friend": ["You did what you could with what you had.",
                    "You stayed kind on a hard day; that counts.",
                    "Go home, eat something, and be gentle with yourself."],
    "hard-helped": ["I stayed calm and explained things slowly to the family.",
                    "Asked for help early instead of struggling on.",
                    "Kept talking to them gently while we waited."],
    "hard-unsettled": ["How quickly someone became so unwell.",
                       "A family were angry and I took it personally at first.",
                       "Being the only one on the bay when the alarm went."],
    "colleagues-received": ["A colleague brought me a drink when I was flagging.",
                            "Someone covered my bay so I could take a break.",
                            "A quiet 'well done' at handover."],
    "colleagues-given": ["Covered a break so a colleague could eat.",
                         "Checked on the new starter after a hard call.",
                         "Stayed ten minutes to finish a handover properly."],
    "colleagues-together": ["Everyone helped without being asked during the busy hour.",
                            "Clear jobs at the huddle, so nobody was guessing.",
                            "We talked to each other, not past each other."],
    "colleagues-strain": ["Everyone is tired and worried about the rota.",
                          "People feel unheard about the staffing.",
                          "A lot of change at once, and no time to talk it through."],
    "colleagues-thanks": ["For staying late so I could get home.",
                          "For the cup of tea at 3 am.",
                          "For backing me up with a worried family."],
    "colleagues-ask": ["A proper debrief after a death.",
                       "Protected breaks on nights.",
                       "A word about the rota before it is published."],
    "forward-carry": ["Take my break away from the ward.",
                      "Ask for a debrief after hard shifts.",
                      "Bring the staffing worries to supervision.",
                      "Go for a walk before a night shift."],
    "forward-try": ["Ask for help earlier in the shift.",
                    "Explain the plan before starting care.",
                    "Sit down for the family conversations.",
                    "Write my handover notes as I go."],
    "forward-keep": ["Keep asking people what matters to them.",
                     "Keep the calm voice on busy rounds.",
                     "Keep checking in with the new starter.",
                     "Keep taking my break away from the ward."],
    "forward-rest": ["Go for a walk before a night shift.",
                     "Sleep, then see a friend.",
                     "Leave my phone in another room tonight.",
                     "Eat a proper meal before bed."],
    "forward-talk": ["Bring the staffing worries to supervision.",
                     "Talk through the death with my supervisor.",
                     "Ask about the end of life care study day.",
                     "Talk about feeling stretched thin."],
    "forward-learn": ["Book the end of life care study day.",
                      "Read up on the new hoist.",
                      "Ask to shadow the palliative care nurse.",
                      "Practise difficult conversations with a colleague."],
    "forward-need": ["Ask for a debrief after hard shifts.",
                     "Ask for protected breaks on nights.",
                     "Ask my manager for a word about the rota.",
                     "Ask for a handover sheet for the bay."],
    "forward-around": ["Suggest protected breaks on nights.",
                       "Suggest a short huddle at the start of each shift.",
                       "Suggest a debrief after every death on the ward.",
                       "Suggest one person to answer the phone at handover."],
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
                    answers.append(AnswerInput(key, wording.text,
                                               rng.choice(_ANSWERS[wording.key]),
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
                # Only entries with words are marked: a check-in alone showed nothing
                # but a heading in the group and supervision previews.
                share=rng.random() < 0.08 and bool(answers),
                supervision=(rng.random() < 0.12 or (
                    14 <= week <= 17 and rng.random() < 0.3)) and bool(answers),
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
            f"This journal already holds {existing:,} {'entry' if existing == 1 else 'entries'}, "
            "so nothing was added. Try the demo in its own file: kj --db demo.db demo (or add "
            "--force to mix them in).")
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
