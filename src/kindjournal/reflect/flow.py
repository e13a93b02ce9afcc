"""The reflection flow, without the terminal: what to ask next and how to read a reply.

The terminal side (interview.py, run by session.py) asks the questions; this module decides
which prompts a session draws, what a draft still needs, and how typed replies are
understood. Every answer is saved by journal.writes the moment it is given.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kindjournal.journal.writes import AnswerInput
from kindjournal.reflect.packs import Pack, Signal, choose_wordings

# The three answers to "did it happen?" for a carried-forward action.
REVIEW_CHOICES = {"d": "done", "done": "done", "n": "open", "not yet": "open", "": "open",
                  "x": "dropped", "drop": "dropped", "dropped": "dropped"}


def draw_prompts(pack: Pack, history: dict[str, dict[str, int]],
                 rng: random.Random | None = None) -> list[AnswerInput]:
    """One wording per theme, rotated so recent wordings are not asked again soon."""
    chosen = choose_wordings(pack, history, rng or random.Random())
    return [
        AnswerInput(theme.key, chosen[theme.key].text, None, chosen[theme.key].key)
        for theme in pack.themes
    ]


class FinishLater(Exception):
    """The person chose 'later': the draft is kept as it is, to resume another time."""


def parse_rating(text: str) -> int | None:
    """'' skips (None); '0'..'4' is a rating; anything else raises ValueError."""
    cleaned = text.strip()
    if cleaned == "":
        return None
    if cleaned in {"0", "1", "2", "3", "4"}:
        return int(cleaned)
    raise ValueError(cleaned)


def parse_review(text: str) -> str:
    """'done', 'open' (not yet) or 'dropped'; ValueError for anything else."""
    cleaned = text.strip().lower()
    if cleaned in REVIEW_CHOICES:
        return REVIEW_CHOICES[cleaned]
    raise ValueError(cleaned)


def parse_tags(text: str) -> list[str]:
    return [tag for tag in (part.strip() for part in text.replace(";", ",").split(",")) if tag]


@dataclass
class DraftProgress:
    """What is left to ask in a draft."""

    ratings_to_ask: list[Signal]
    prompts_to_ask: list[dict]  # rows with theme_key, prompt_text, answer (partial or None)
    total_prompts: int


def progress(draft: dict, signals: tuple[Signal, ...]) -> DraftProgress:
    asked = draft["ratings"]
    prompts = draft["prompts"]
    return DraftProgress(
        ratings_to_ask=[signal for signal in signals if signal.key not in asked],
        prompts_to_ask=[row for row in prompts if row["answered_at"] is None],
        total_prompts=len(prompts),
    )


def describe_draft(draft: dict) -> str:
    """'3 of 7 prompts answered, 1 started' for the resume question. An answer begun and
    kept (Ctrl-C mid-answer) is counted: '0 answered' after writing a line read as lost."""
    written = [row for row in draft["prompts"] if (row["answer"] or "").strip()]
    answered = sum(1 for row in written if row["answered_at"])
    started = len(written) - answered
    ratings = sum(1 for value in draft["ratings"].values() if value is not None)
    parts = []
    if ratings:
        parts.append(f"{ratings} check-in rating{'s' if ratings != 1 else ''}")
    if draft["prompts"]:
        parts.append(f"{answered} of {len(draft['prompts'])} prompts answered"
                     + (f", {started} started" if started else ""))
    return ", ".join(parts) or "nothing answered yet"


def holds_nothing(draft: dict) -> bool:
    """A draft with no rating and no words in any answer (started then left at once)."""
    return (all(value is None for value in draft["ratings"].values())
            and not any((row["answer"] or "").strip() for row in draft["prompts"]))


def summary(entry: dict, signal_count: int, prompt_count: int) -> dict:
    """What the closing panel says, from the saved entry."""
    forward = next((action["text"] for action in entry["actions"]
                    if action["status"] == "open"), None)
    return {
        "id": entry["id"],
        "date": entry["date"],
        "ratings": len(entry["checkin"]),
        "signals": signal_count,
        "answered": len(entry["answers"]),
        "prompts": prompt_count,
        "forward": forward,
        "tags": entry["tags"],
    }


def is_heavy(ratings: dict[str, int | None], signals: tuple[Signal, ...]) -> bool:
    """A genuinely heavy check-in: one strain signal at 4 with another at 3 or more, or
    every strain signal at 3 or more while the resources are low (averaging 1.5 or less).
    The earlier rule (two strain signals at 3, or any 4) held after 27 of the demo's 94
    check-ins, ordinary tiring shifts among them; this one after 7 of 95, all in the
    story's hardest weeks (tests/test_scenarios.py measures it)."""
    strain_keys = [s.key for s in signals if s.polarity == "strain"]
    strain = [ratings[key] for key in strain_keys if ratings.get(key) is not None]
    resources = [ratings[s.key] for s in signals
                 if s.polarity == "resource" and ratings.get(s.key) is not None]
    at_least_3 = sum(1 for value in strain if value >= 3)
    peak = at_least_3 >= 2 and 4 in strain
    all_heavy = (strain_keys and len(strain) == len(strain_keys) and at_least_3 == len(strain)
                 and resources and sum(resources) / len(resources) <= 1.5)
    return bool(peak or all_heavy)


def suggest_pack(ratings: dict[str, int | None], signals: tuple[Signal, ...],
                 available: set[str], current: str) -> str | None:
    """After a genuinely heavy check-in (is_heavy), offer the hard-day pack, never forced."""
    if current == "hard-day" or "hard-day" not in available:
        return None
    return "hard-day" if is_heavy(ratings, signals) else None


# The two-minute mode asks one question from the short pack's first theme, picked for
# the moment the check-in describes, then the carry-forward theme.
SHORT_PACK = "what-now"
MOMENT_WORDINGS = {"heavy": "what-heavy", "good": "what-good", "person": "what-person",
                   "usual": "what-stayed"}


def moment(ratings: dict[str, int | None], signals: tuple[Signal, ...]) -> str:
    """How the check-in says the shift went, in one word: 'heavy' (is_heavy), 'good'
    (resources high, strain low), 'person' (people started to feel like tasks, so a
    question about one person), else 'usual'."""
    if is_heavy(ratings, signals):
        return "heavy"
    strain = [ratings.get(s.key) for s in signals if s.polarity == "strain"]
    resources = [ratings.get(s.key) for s in signals if s.polarity == "resource"]
    strain = [value for value in strain if value is not None]
    resources = [value for value in resources if value is not None]
    if (ratings.get("detachment") or 0) >= 3:
        return "person"
    if resources and sum(resources) / len(resources) >= 2.5 and (
            not strain or max(strain) <= 2):
        return "good"
    return "usual"


def short_prompts(pack: Pack, which_moment: str) -> list[AnswerInput]:
    """The two questions of the two-minute mode: the first theme's wording for the
    moment (or its first wording), and the first carry-forward wording."""
    first, forward = pack.themes[0], pack.forward_theme or pack.themes[-1]
    wanted = MOMENT_WORDINGS.get(which_moment)
    wording = next((w for w in first.wordings if w.key == wanted), first.wordings[0])
    return [AnswerInput(first.key, wording.text, None, wording.key),
            AnswerInput(forward.key, forward.wordings[0].text, None, forward.wordings[0].key)]


def parse_choices(reply: str, choices: tuple[str, ...]) -> str | None:
    """'1 3' (or '1,3') at the start of a reply picks choices by number: the stored
    answer names them ('Prioritise people; Preserve safety'), and any words after
    the numbers follow on the next line. None when the reply picks nothing."""
    import re

    match = re.match(r"\s*([1-9](?:[\s,]+[1-9])*)(?:\s+|$)(.*)", reply, re.DOTALL)
    if not match:
        return None
    numbers = [int(digit) for digit in re.findall(r"[1-9]", match.group(1))]
    if any(number > len(choices) for number in numbers):
        return None
    picked = [choices[number - 1] for number in dict.fromkeys(numbers)]
    rest = match.group(2).strip()
    return "; ".join(picked) + (f"\n{rest}" if rest else "")


def chosen(answer: str | None, choices: tuple[str, ...]) -> list[str]:
    """The choices an answer names (in the choices' order), however it was written:
    by number in the interview, or by name in a file or an edit."""
    text = (answer or "").casefold()
    return [choice for choice in choices if choice.casefold() in text]
