"""NMC reflective accounts: one account per entry, in the four parts of the NMC's
revalidation form, as Markdown to copy into the form or print.

Each of our themes is placed in a part by the table below (README documents it).
A part that the entry does not answer is marked for the person to write; nothing is
ever made up. The Code's four themes are left for the person to tick: whether an
experience relates to one is their professional judgement, not a keyword's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from kindjournal.share.exporters import answered, long_date

PARTS = (
    ("activity", "What was the nature of the activity, feedback or event?"),
    ("learned", "What did you learn from it?"),
    ("changed", "How did you change or improve your practice as a result?"),
)
# theme key -> part. Only themes whose question plainly asks for that part are placed:
# the after-shift pack, Gibbs (description ... action plan), the event themes of the
# hard-day, appreciative and supervision-prep packs, and every pack's carry-forward.
# Anything else is shown under "Also in this entry" rather than guessed into a part.
THEME_PARTS = {
    # What happened: the person and the moment, what was hard.
    "person": "activity", "hard": "activity", "text": "activity",
    "description": "activity", "feelings": "activity", "happened": "activity",
    "story": "activity", "stayed": "activity",
    # What was learned: meaning, skills, freedom to act, colleagues, analysis.
    "contribution": "learned", "skills": "learned", "agency": "learned",
    "colleagues": "learned", "evaluation": "learned", "analysis": "learned",
    "conclusion": "learned", "learning": "learned",
    # What changes: the carry-forward and action plans.
    "forward": "changed", "action": "changed",
}
CODE_THEMES = ("Prioritise people", "Practise effectively", "Preserve safety",
               "Promote professionalism and trust")
TO_COMPLETE = ("> **To complete:** this entry does not answer this part. "
               "Write it in your own words before you use this account.")


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    out.write(
        "# Reflective accounts for NMC revalidation\n\n"
        "Drafted by kindjournal from your entries, one account per entry. Your answers "
        "are placed in the form's parts as the README describes; parts marked "
        "'To complete' need your own words. Before you use an account, check that it "
        "holds nothing that could identify a patient, a family member or a colleague.\n")
    count = 0
    for entry in entries:
        count += 1
        _write_account(entry, out)
    if not count:
        out.write("\nNo entries matched.\n")
    return count


def _write_account(entry: dict, out: TextIO) -> None:
    out.write(f"\n## Reflective account: #{entry['id']}, {long_date(entry['date'])}\n")
    by_part: dict[str, list[dict]] = {part: [] for part, _ in PARTS}
    unplaced: list[dict] = []
    for answer in answered(entry):
        part = THEME_PARTS.get(answer["theme"])
        (by_part[part] if part else unplaced).append(answer)
    for number, (part, question) in enumerate(PARTS, start=1):
        out.write(f"\n### {number}. {question}\n\n")
        texts = [f"*{answer['prompt'].strip()}*\n\n{answer['answer'].strip()}\n"
                 for answer in by_part[part]]
        if part == "changed":
            texts += [f"*Carried forward ({action['status']}):* {action['text']}"
                      + (f" — {action['review_note']}" if action.get("review_note") else "")
                      + "\n" for action in entry["actions"]
                      if action["text"].strip() not in
                      {answer["answer"].strip() for answer in by_part[part]}
                      or action["status"] != "open" or action.get("review_note")]
        out.write("\n".join(texts) if texts else TO_COMPLETE + "\n")
    out.write("\n### 4. How is this relevant to the Code?\n\n"
              "Tick the themes this account relates to (one or more) and say how:\n\n")
    for theme in CODE_THEMES:
        out.write(f"- [ ] {theme}\n")
    out.write(f"\n{TO_COMPLETE}\n")
    if unplaced:
        out.write("\n### Also in this entry (not placed in a part)\n\n")
        out.write("\n".join(f"*{answer['prompt'].strip()}*\n\n{answer['answer'].strip()}\n"
                            for answer in unplaced))
