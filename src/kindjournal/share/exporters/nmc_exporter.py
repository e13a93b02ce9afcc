"""NMC reflective accounts in the four parts of the NMC's revalidation form, as Markdown
to copy into the form or print.

Only entries written with the accounts pack (nmc-account) become accounts, unless the
person names entries by number. Each answer is placed in a part by the table below,
reviewed against the form (docs/revalidation.md documents it); anything else is shown
under "Also in this entry", and a part not answered says "To complete", never invented.
Accounts are numbered 1, 2, 3... and dated by month and year only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from kindjournal.share.exporters import answered
from kindjournal.text import full_month_year

ACCOUNTS_PACK = "nmc-account"
PARTS = (
    ("activity", "What was the nature of the activity, feedback or event?"),
    ("learned", "What did you learn from it?"),
    ("changed", "How did you change or improve your practice as a result?"),
)
# theme key -> part, reviewed against the form. Part 1 is what the activity, feedback or
# event was: only themes that ask for that. Part 2 is learning: meaning, skills and
# analysis. Part 3 is a change to practice already made or planned because of it: only
# the accounts pack's own theme and Gibbs' action plan (about the event reflected on).
# Carry-forward themes of the other packs are left out of part 3 on purpose: they are
# often about looking after yourself ("go for a walk before a night shift"), which is
# never a change to practice; they appear under "Also in this entry".
THEME_PARTS = {
    "activity": "activity", "description": "activity", "happened": "activity",
    "story": "activity", "stayed": "activity", "text": "activity", "hard": "activity",
    "learned": "learned", "contribution": "learned", "skills": "learned",
    "evaluation": "learned", "analysis": "learned", "conclusion": "learned",
    "learning": "learned",
    "changed": "changed", "action": "changed",
}
CODE_THEME_KEY = "code"
ABOUT_THEME_KEY = "about"
CODE_THEMES = ("Prioritise people", "Practise effectively", "Preserve safety",
               "Promote professionalism and trust")
TO_COMPLETE = ("> **To complete:** this entry does not answer this part. "
               "Write it in your own words before you use this account.")


def write(entries: Iterable[dict], out: TextIO, context) -> int:
    out.write(
        "# Reflective accounts for NMC revalidation\n\n"
        "Drafted by kindjournal from your entries, one account per entry. Your answers "
        "are placed in the form's parts as docs/revalidation.md describes; parts marked "
        "'To complete' need your own words. Before you use an account, check that it "
        "holds nothing that could identify a patient, a family member or a colleague.\n")
    count = 0
    every_pack = getattr(context, "named_entries", False)
    for entry in entries:
        if not every_pack and entry.get("pack") != ACCOUNTS_PACK:
            continue
        count += 1
        _write_account(entry, count, out)
    if not count:
        out.write(f"\nNo accounts yet: write one with 'kj reflect --pack {ACCOUNTS_PACK}', "
                  "or name entries by number.\n")
    return count


def _write_account(entry: dict, number: int, out: TextIO) -> None:
    out.write(f"\n## Reflective account {number}: {full_month_year(entry['date'])}\n")
    by_part: dict[str, list[dict]] = {part: [] for part, _ in PARTS}
    unplaced: list[dict] = []
    code_answer = ""
    for answer in answered(entry):
        if answer["theme"] == CODE_THEME_KEY:
            code_answer = answer["answer"].strip()
            continue
        if answer["theme"] == ABOUT_THEME_KEY:
            out.write(f"\n*About:* {answer['answer'].strip()}\n")
            continue
        part = THEME_PARTS.get(answer["theme"])
        (by_part[part] if part else unplaced).append(answer)
    for position, (part, question) in enumerate(PARTS, start=1):
        out.write(f"\n### {position}. {question}\n\n")
        texts = [f"*{answer['prompt'].strip()}*\n\n{answer['answer'].strip()}\n"
                 for answer in by_part[part]]
        out.write("\n".join(texts) if texts else TO_COMPLETE + "\n")
    out.write("\n### 4. How is this relevant to the Code?\n\n"
              "Tick the themes this account relates to (one or more) and say how:\n\n")
    for theme in CODE_THEMES:
        ticked = "x" if theme.casefold() in code_answer.casefold() else " "
        out.write(f"- [{ticked}] {theme}\n")
    how = code_answer.split("\n", 1)[1].strip() if "\n" in code_answer else ""
    out.write(f"\n{how or TO_COMPLETE}\n")
    actions = [f"*Carried forward ({action['status']}):* {action['text']}\n"
               for action in entry.get("actions", [])
               if action["text"].strip() not in
               {answer["answer"].strip() for answer in by_part["changed"]}]
    if unplaced or actions:
        out.write("\n### Also in this entry (not placed in a part)\n\n")
        out.write("\n".join([f"*{answer['prompt'].strip()}*\n\n{answer['answer'].strip()}\n"
                             for answer in unplaced] + actions))
