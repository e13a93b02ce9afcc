"""The redaction corpus: tricky cases that must be caught, and ordinary text that must
be left alone. Invented text only. The counts are quoted in docs/reference/sharing.md."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kindjournal.redaction import find_identifiers, nhs_number_is_valid, redact

NAMES = ["Jim", "Mrs Patel", "Ann", "Óscar"]
TODAY = date(2026, 11, 20)

# (text, the redacted text expected)
CAUGHT = [
    # names: whole words, any case, possessives, next to punctuation
    ("Jim was quiet today.", "[name] was quiet today."),
    ("I sat with jim for a while.", "I sat with [name] for a while."),
    ("JIM laughed at last.", "[name] laughed at last."),
    ("Jim's daughter came in.", "[name]'s daughter came in."),
    ("Jim’s daughter came in.", "[name]’s daughter came in."),
    ("the Jims' visitors", "the [name]s' visitors"),
    ("(Jim) and [Ann], then Ann.", "([name]) and [[name]], then [name]."),
    ("\"Ann,\" she said; ann!", "\"[name],\" she said; [name]!"),
    ("Mrs Patel asked for tea.", "[name] asked for tea."),
    ("mrs  patel asked again", "[name] asked again"),
    ("Mrs\nPatel at handover", "[name] at handover"),
    ("Óscar smiled.", "[name] smiled."),
    ("—Jim—", "—[name]—"),
    # NHS numbers with a valid check digit, spaced 3-3-4 or not
    ("NHS no 943 476 5919 on the form", "NHS no [NHS number] on the form"),
    ("number 9434765919.", "number [NHS number]."),
    ("943-476-5919", "[NHS number]"),
    ("401 023 2137", "[NHS number]"),
    # other long numbers (an NHS-shaped number with a wrong check digit is still long)
    ("hospital number 12345678 on the band", "hospital number [ID number] on the band"),
    ("9434765918 was written down", "[ID number] was written down"),
    # email addresses
    ("emailed jo.bloggs@example.org later", "emailed [email] later"),
    ("Write to team+nights@ward.example.nhs.uk.", "Write to [email]."),
    # UK phone numbers in their usual shapes
    ("rang 07700 900123 twice", "rang [phone number] twice"),
    ("rang 07700900123", "rang [phone number]"),
    ("call +44 7700 900123", "call [phone number]"),
    ("call +447700900123", "call [phone number]"),
    ("on 020 7946 0018", "on [phone number]"),
    ("on (020) 7946 0018", "on [phone number]"),
    ("+44 (0)20 7946 0018", "[phone number]"),
    ("0161 496 0000 is the ward", "[phone number] is the ward"),
    ("01632 960001", "[phone number]"),
    ("0113-496-0000", "[phone number]"),
    # postcodes
    ("lives near SW1A 1AA now", "lives near [postcode] now"),
    ("M1 1AE", "[postcode]"),
    ("moved to b33 8th", "moved to [postcode]"),
    ("CR2 6XH.", "[postcode]."),
    ("EH11AB", "[postcode]"),
    # dates of birth: after a keyword, or a full date long past
    ("DOB 12/03/1950", "DOB [date of birth]"),
    ("d.o.b: 1.4.47", "d.o.b: [date of birth]"),
    ("date of birth 3 March 1941", "date of birth [date of birth]"),
    ("born in 1938, she said", "born in [date of birth], she said"),
    ("born on 14th July 1952", "born on [date of birth]"),
    ("she was 23/06/1944", "she was [date of birth]"),
    ("on March 5, 1939", "on [date of birth]"),
    # house-number street addresses
    ("lives at 12 Acacia Avenue with her son", "lives at [address] with her son"),
    ("14b Mill Lane", "[address]"),
    ("flat 3, 27 Station Road.", "[address]"),
    ("7 st mary's close", "[address]"),
    # issue 12: the surname of a listed 'Mrs X' alone, beds and named wards
    ("Patel alone is not on the list.", "[name] alone is not on the list."),
    ("Room 12, bed 4.", "[bed or ward], [bed or ward]."),
    ("The 4 of us went to the Lane ward.", "The 4 of us went to the [bed or ward]."),
]

# Text that must come back exactly as it was.
LEFT_ALONE = [
    # names inside other words
    "We planned the annual review.",
    "Jimmy from the kitchen helped.",
    "A jimjam kind of night.",
    "Annex B was closed; Anne covered.",
    "The Patelli family",  # not 'Mrs Patel'
    "Ann-Marie covered the late.",
    # NHS-shaped numbers with a wrong check digit, spaced
    "943 476 5918",
    "123 456 7890",
    # numbers that are not identifiers
    "Gave 2 paracetamol at 0700 and 1400.",
    "Obs every 15 minutes; BP 120/80; sats 96%.",
    "Shift ran 07:00 to 19:30.",
    "We had 3 admissions and 1,250 ml out.",
    "About 300 000 people live in the city.",
    # dates that are shift dates, not births
    "On 3/11 the ward was short.",
    "Since 20/11/2026 things are calmer.",
    "Training on 5 March 2024 helped.",
    # phone-ish and postcode-ish ordinary text
    "Score 0 1 2 3 on the chart",
    "Vitamin B12 levels came back.",
    "The 2nd and 3rd checks",
    "A4 paper, 2 copies.",
    # addresses that are not addresses
    "We did 2 laps of the park.",
    "3 times around the car park",
    "Took 10 minutes to walk up the hill.",
    # emails that are not
    "Met @ the nurses' station",
    "Rated it 5@ best",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CAUGHT)
def test_identifiers_are_caught(text, expected):
    assert redact(text, NAMES, TODAY).text == expected


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_ordinary_text_is_left_alone(text):
    assert find_identifiers(text, NAMES, TODAY) == []
    assert redact(text, NAMES, TODAY).text == text


def test_the_corpus_is_the_size_the_readme_quotes():
    assert (len(CAUGHT), len(LEFT_ALONE)) == (50, 26)


@pytest.mark.parametrize(("digits", "valid"), [
    ("9434765919", True), ("4010232137", True), ("4505577104", True),
    ("9434765918", False), ("1234567890", False), ("943476591", False), ("94347659190", False),
    ("abcdefghij", False),
    # The check digit would be 10: never issued.
    ("1000000010", False),
])
def test_the_nhs_check_digit(digits, valid):
    assert nhs_number_is_valid(digits) is valid


def test_placeholders_are_placed_where_they_say():
    result = redact("Jim rang 07700 900123 about Ann.", NAMES, TODAY)
    assert [(result.text[start:end], kind) for start, end, kind in result.replaced] == [
        ("[name]", "name"), ("[phone number]", "phone"), ("[name]", "name")]


def test_without_a_list_no_name_is_guessed():
    assert redact("Jim was quiet.", [], TODAY).text == "Jim was quiet."


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_redacting_twice_changes_nothing_more(text):
    once = redact(text, NAMES, TODAY).text
    assert redact(once, NAMES, TODAY).text == once
