"""The redaction corpus of issue 12: how care notes really hold identifiers, and the
ordinary sentences that look like them. Invented text only. Grow it with every case you
think of; tests/test_redaction_corpus.py runs it and 'python tests/redaction_corpus.py'
prints the figures per kind (caught, and left alone)."""

from __future__ import annotations

NAMES = ["Mrs Quill", "Rose", "O'Neill", "Zoe Hart", "Jean-Paul", "Dr Okafor", "Will"]

# (kind, text, the parts that must not survive redaction)
IDENTIFIERS = [
    # a registered name written another way
    ("name", "Mrs. Quill asked for her glasses.", ["Quill"]),
    ("name", "Quill was brighter after lunch.", ["Quill"]),
    ("name", "mrs quill slept most of the night", ["quill"]),
    ("name", "Mr O’Neill rang the bell twice.", ["Neill"]),
    ("name", "Zoë Hart was discharged.", ["Zoë", "Hart"]),
    ("name", "Hart's daughter visited.", ["Hart"]),
    ("name", "Jean Paul needed two staff to stand.", ["Jean Paul"]),
    ("name", "JEAN-PAUL shouted at the window.", ["JEAN-PAUL"]),
    ("name", "The Quills came in together.", ["Quill"]),
    ("name", "Rose was tearful at handover.", ["Rose"]),
    ("name", "Okafor reviewed the chart.", ["Okafor"]),
    ("name", "Will asked for his son.", ["Will"]),
    # titled names not on the list
    ("titled name", "Mr Henshaw refused his tablets.", ["Henshaw"]),
    ("titled name", "Mrs Adebayo's son was upset.", ["Adebayo"]),
    ("titled name", "Ms. Kowalczyk needed a hoist.", ["Kowalczyk"]),
    ("titled name", "Dr Lindqvist changed the plan.", ["Lindqvist"]),
    ("titled name", "Miss Pemberton-Hale was confused.", ["Pemberton"]),
    ("titled name", "Mx Farrow asked to be called Sam.", ["Farrow"]),
    # NHS numbers in any grouping (valid check digit)
    ("NHS number", "NHS 943.476.5919 on the wristband", ["943.476.5919"]),
    ("NHS number", "number 94347\u00a065919 on the letter", ["65919"]),
    ("NHS number", "NHS no 94347 65919", ["94347 65919"]),
    ("NHS number", "nhs: 9434 765 919", ["9434 765 919"]),
    # hospital and record numbers
    ("record number", "hospital number RX123456 on the band", ["RX123456"]),
    ("record number", "MRN: K0456721 checked twice", ["K0456721"]),
    ("record number", "Hosp no. 456721 on the notes", ["456721"]),
    ("record number", "PAS number A12B345 was wrong", ["A12B345"]),
    # bed, bay, room or ward with an identifier
    ("place", "The man in bed 4 was agitated.", ["bed 4"]),
    ("place", "Bay C had two falls.", ["Bay C"]),
    ("place", "moved to side room 3 on 12/11", ["room 3"]),
    ("place", "She went up to Rowan Ward.", ["Rowan Ward"]),
    ("place", "on ward 7B overnight", ["7B"]),
    ("place", "bay 2 bed 5, since Tuesday", ["bay 2", "bed 5"]),
    # phone numbers in international and short forms
    ("phone", "rang 0044 7700 900123", ["7700 900123"]),
    ("phone", "his number is 7700 900123", ["7700 900123"]),
    ("phone", "call 00 44 20 7946 0018", ["7946 0018"]),
    # emails written out
    ("email", "email jo dot bloggs at example dot org", ["bloggs"]),
    ("email", "jo.bloggs (at) nhs.net", ["bloggs"]),
    ("email", "write to jo [at] example [dot] co [dot] uk", ["jo [at]"]),
    # dates of birth as month and year, or as a birthday
    ("date of birth", "born in May 1950", ["May 1950"]),
    ("date of birth", "DOB 05/1950", ["05/1950"]),
    ("date of birth", "Her birthday is 3rd May.", ["3rd May"]),
    ("date of birth", "It was his birthday on 12 March.", ["12 March"]),
    ("date of birth", "d.o.b. March 1948", ["March 1948"]),
    # house names and short streets
    ("address", "lives at Ivy Cottage with her dog", ["Ivy Cottage"]),
    ("address", "back home to The Old Rectory", ["Old Rectory"]),
    ("address", "she lives on Elm Street alone", ["Elm Street"]),
    ("address", "2 Elm Rd", ["Elm Rd"]),
    ("address", "12 High St.", ["High St"]),
    ("address", "5 Orchard Close", ["Orchard Close"]),
]

# (kind, text): must come back exactly as written.
ORDINARY = [
    ("duration", "It was a 1 hour walk to the car."),
    ("duration", "A 40 mile drive home after nights."),
    ("duration", "Took 20 minutes walk each way."),
    ("dose", "Gave 2 tablets at 10 and 5 ml at 14."),
    ("dose", "Vitamin B12 1st dose given today."),
    ("dose", "Level C3 2nd review booked."),
    ("distance", "We did 3 laps of the park."),
    ("floor", "Went up to the 3rd floor and back."),
    ("date of an event", "On 12 March the team met to talk it through."),
    ("date of an event", "The hospital was founded on 5 July 1948."),
    ("date of an event", "I qualified on 1 September 2001 and still love it."),
    ("date of an event", "She started here in March 1999."),
    ("date of an event", "3 November was hard for everyone."),
    ("ordinary word", "Her blood pressure rose overnight."),
    ("ordinary word", "I will ask for help next time."),
    ("ordinary word", "Miss a break and it shows by ten."),
    ("ordinary word", "Dr on call was busy."),
    ("ordinary word", "The Ward Manager listened."),
    ("ordinary word", "Went to bed at last after the shift."),
    ("ordinary word", "There was room for everyone."),
    ("ordinary word", "Busy ward, two admissions back to back."),
    ("ordinary word", "Quiet ward tonight, so I sat with the family."),
    ("ordinary word", "Short-staffed ward again and everyone felt it."),
    ("number", "Obs every 15 minutes; BP 120/80."),
    ("number", "Scored 7 out of 10 on the pain scale."),
    ("number", "Sats 94 on 2 litres."),
    ("email-ish", "We met at the station at nine."),
    ("email-ish", "Look at it dot by dot."),
]


def figures(find) -> dict[str, list[int]]:
    """kind -> [handled, total]: identifiers caught whole, ordinary text left alone.
    find(text) returns the redacted text."""
    from collections import defaultdict

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, text, parts in IDENTIFIERS:
        out = find(text)
        counts[f"caught: {kind}"][0] += all(part not in out for part in parts)
        counts[f"caught: {kind}"][1] += 1
    for kind, text in ORDINARY:
        counts[f"left alone: {kind}"][0] += find(text) == text
        counts[f"left alone: {kind}"][1] += 1
    return dict(counts)


if __name__ == "__main__":
    import datetime
    import importlib.util
    import sys

    path = sys.argv[1] if len(sys.argv) > 1 else "src/kindjournal/redaction.py"
    spec = importlib.util.spec_from_file_location("redaction_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    today = datetime.date(2026, 11, 20)
    table = figures(lambda text: module.redact(text, NAMES, today).text)
    for kind, (done, total) in table.items():
        print(f"{kind:32} {done:>3} of {total}")
    caught = [v for k, v in table.items() if k.startswith("caught")]
    alone = [v for k, v in table.items() if k.startswith("left")]
    print(f"identifiers caught: {sum(d for d, _ in caught)} of {sum(t for _, t in caught)}; "
          f"ordinary left alone: {sum(d for d, _ in alone)} of {sum(t for _, t in alone)}")
